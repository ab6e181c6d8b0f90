/**
 * `flagon runserver [file]`: the development server. The app runs in a child `node --watch`
 * (Node's own watch mode restarts it when the file or anything it imports changes), with
 * `FLAGON_DEBUG=1` so the debug page and pretty logs are on, and `PORT`/`HOST` from the options.
 * @module
 */
import { getCompileCacheDir } from "node:module";
import { relative } from "node:path";
import { findAppFile } from "../app-file.ts";
import type { Command } from "../registry.ts";
import { runChild } from "../run-child.ts";
import { SERVER_OPTIONS, SERVER_USAGE, serverEnv } from "../server-args.ts";

export const runserverCommand: Command = {
  name: "runserver",
  summary: "Run the app for development: debug on, restarted when a file changes",
  usage: SERVER_USAGE,
  description: `
Runs the app file (default: app.ts or src/app.ts) with FLAGON_DEBUG=1, PORT and HOST set,
and restarts it whenever it or a module it imports changes. Never use it in production:
debug mode shows source code and request details on errors.`,
  options: SERVER_OPTIONS,
  maxPositionals: 1,
  run({ values, positionals, io }) {
    // Options first: a bad --port is reported even when the app file is missing too.
    const server = serverEnv("runserver", values, io.env);
    const file = findAppFile(io.cwd, positionals[0], "runserver");
    io.out(
      `Flagon runserver: ${relative(io.cwd, file) || file} with debug on, restarting on changes (Ctrl+C to stop)\n`,
    );
    // --watch-preserve-output: a restart must not clear the terminal and the error above it.
    // The child shares the CLI's compile cache (bin/flagon.js turns it on): a restart after an
    // edit strips and compiles only the files that changed.
    const cache = getCompileCacheDir();
    return runChild(
      ["--watch", "--watch-preserve-output", file],
      {
        ...(cache === undefined ? {} : { NODE_COMPILE_CACHE: cache }),
        ...io.env,
        ...server,
        FLAGON_DEBUG: "1",
      },
      io.cwd,
    );
  },
};
