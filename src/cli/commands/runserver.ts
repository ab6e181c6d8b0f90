/**
 * `flagon runserver [file]`: the development server. In a project (a settings file and no app
 * file named), the child runs the project: settings loaded with debug on, system checks, the
 * unapplied-migrations warning, then a Django-style banner. With an app file, the child runs
 * that file. Either way the child is `node --watch` (Node's watch mode restarts it when the
 * file or anything it imports changes), with `FLAGON_DEBUG=1` so the debug page and pretty logs
 * are on, and `PORT`/`HOST` from the options.
 * @module
 */
import { getCompileCacheDir } from "node:module";
import { relative } from "node:path";
import { findAppFile } from "../app-file.ts";
import { PROJECT_SERVER_MAIN, projectSettingsFile } from "../project-mode.ts";
import type { Command } from "../registry.ts";
import { runChild } from "../run-child.ts";
import { SERVER_OPTIONS, SERVER_USAGE, serverEnv } from "../server-args.ts";

export const runserverCommand: Command = {
  name: "runserver",
  summary:
    "Run the app for development (the project, or an app file): debug on, restarts on changes",
  usage: SERVER_USAGE,
  description: `
In a project folder (settings.ts or src/settings.ts, or --settings FILE), runs the project
with debug on: the system checks run first (an error stops the start), unapplied migrations
are reported, and the server restarts whenever a file it loaded changes. Given an app file
(or, without settings, app.ts or src/app.ts), runs that file with FLAGON_DEBUG=1 instead.
Never use it in production: debug mode shows source code and request details on errors.`,
  options: SERVER_OPTIONS,
  maxPositionals: 1,
  async run({ values, positionals, io, settings }) {
    // Options first: a bad --port is reported even when the app file is missing too.
    const server = serverEnv("runserver", values, io.env);
    const settingsFile = await projectSettingsFile(io, settings, positionals[0]);
    // --watch-preserve-output: a restart must not clear the terminal and the error above it.
    // The child shares the CLI's compile cache (bin/flagon.js turns it on): a restart after an
    // edit strips and compiles only the files that changed.
    const cache = getCompileCacheDir();
    const env = {
      ...(cache === undefined ? {} : { NODE_COMPILE_CACHE: cache }),
      ...io.env,
      ...server,
      FLAGON_DEBUG: "1",
    };
    if (settingsFile !== undefined) {
      io.out("Watching for file changes with node --watch\n");
      return runChild(
        ["--watch", "--watch-preserve-output", PROJECT_SERVER_MAIN],
        {
          ...env,
          FLAGON_SERVER_SETTINGS: settingsFile,
          FLAGON_SERVER_MODE: "development",
          FLAGON_SERVER_CHECKS: "1",
        },
        io.cwd,
      );
    }
    const file = findAppFile(io.cwd, positionals[0], "runserver");
    io.out(
      `Flagon runserver: ${relative(io.cwd, file) || file} with debug on, restarting on changes (Ctrl+C to stop)\n`,
    );
    return runChild(["--watch", "--watch-preserve-output", file], env, io.cwd);
  },
};
