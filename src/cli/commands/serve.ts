/**
 * `flagon serve [file]`: run for production: no watching, debug off, JSON log lines, graceful
 * shutdown on SIGTERM/SIGINT. In a project the deploy checks run first and an error stops the
 * start; with `--workers N` a node:cluster primary runs N copies on one port.
 * @module
 */
import { pathToFileURL } from "node:url";
import { createLogger } from "../../core/index.ts";
import { isFlagonError } from "../../utils/index.ts";
import { findAppFile } from "../app-file.ts";
import { parseWorkers, runWorkers } from "../cluster-primary.ts";
import { PROJECT_SERVER_MAIN, projectSettingsFile } from "../project-mode.ts";
import type { CliIo, Command } from "../registry.ts";
import { SERVE_OPTIONS, SERVER_USAGE, serverEnv } from "../server-args.ts";

function loadFailed(io: CliIo, what: string, err: unknown): number {
  // A coded error from the project (a bad setting, no such app) is one line, from main.
  if (what === "the project" && isFlagonError(err)) throw err;
  // The user's own code failed: its stack points into their files, so it is shown.
  io.err(
    `flagon serve: ${what} failed to load:\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  return 1;
}

async function serveProject(
  io: CliIo,
  settingsFile: string,
  workers: number | undefined,
): Promise<number> {
  const port = Number(io.env.PORT);
  const host = io.env.HOST ?? "127.0.0.1";
  const print = { out: io.out, err: io.err };
  const { loadServerProject, runStartupChecks, startProjectServer } = await import(
    "../project-server.ts"
  );
  try {
    if (workers === undefined) {
      const status = await startProjectServer({
        settingsFile,
        mode: "production",
        port,
        host,
        cwd: io.cwd,
        ...print,
      });
      return status ?? 0;
    }
    // The checks run once, here; the workers skip them.
    const project = await loadServerProject(settingsFile, "production", io.cwd);
    const ok = await runStartupChecks(project, { mode: "production", ...print });
    await project.close();
    if (!ok) return 1;
    return await runWorkers({
      count: workers,
      exec: PROJECT_SERVER_MAIN,
      env: {
        ...io.env,
        FLAGON_SERVER_SETTINGS: settingsFile,
        FLAGON_SERVER_MODE: "production",
        FLAGON_SERVER_CHECKS: "0",
      },
      logger: project.app.logger,
    });
  } catch (err) {
    return loadFailed(io, "the project", err);
  }
}

export const serveCommand: Command = {
  name: "serve",
  summary: "Run the app for production (the project, or an app file): no debug, no reload",
  usage: `${SERVER_USAGE} [--workers N]`,
  description: `
In a project folder (settings.ts or src/settings.ts, or --settings FILE), runs the project
with debug forced off: the deploy checks run first (an error stops the start, warnings are
logged), then the server logs JSON lines and drains in-flight requests on SIGTERM. Given an
app file (or, without settings, app.ts or src/app.ts), imports that file, which starts its
server with app.listen(). FLAGON_DEBUG is removed and NODE_ENV defaults to "production".
--workers N runs N processes (node:cluster) on one port; 0 or "auto" means one per CPU core.`,
  options: SERVE_OPTIONS,
  maxPositionals: 1,
  async run({ values, positionals, io, settings }) {
    const server = serverEnv("serve", values, io.env);
    const workers = parseWorkers(values.workers);
    const settingsFile = await projectSettingsFile(io, settings, positionals[0]);
    const file = settingsFile === undefined ? findAppFile(io.cwd, positionals[0], "serve") : "";
    Object.assign(io.env, server);
    delete io.env.FLAGON_DEBUG;
    if (!io.env.NODE_ENV) io.env.NODE_ENV = "production";
    if (settingsFile !== undefined) return serveProject(io, settingsFile, workers);
    if (workers !== undefined) {
      return runWorkers({ count: workers, exec: file, env: io.env, logger: createLogger() });
    }
    try {
      await import(pathToFileURL(file).href);
    } catch (err) {
      return loadFailed(io, "the app file", err);
    }
    return 0;
  },
};
