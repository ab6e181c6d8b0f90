/**
 * `flagon serve [file]`: run the app for production, in this process, without watching and
 * without debug (a `FLAGON_DEBUG` left in the environment is removed).
 * @module
 */
import { pathToFileURL } from "node:url";
import { findAppFile } from "../app-file.ts";
import type { Command } from "../registry.ts";
import { SERVER_OPTIONS, SERVER_USAGE, serverEnv } from "../server-args.ts";

export const serveCommand: Command = {
  name: "serve",
  summary: "Run the app for production: no debug, no file watching",
  usage: SERVER_USAGE,
  description: `
Loads the app file (default: app.ts or src/app.ts) in this process with PORT and HOST set,
FLAGON_DEBUG removed and NODE_ENV defaulting to "production". The app file starts its
server with app.listen().`,
  options: SERVER_OPTIONS,
  maxPositionals: 1,
  async run({ values, positionals, io }) {
    const server = serverEnv("serve", values, io.env);
    const file = findAppFile(io.cwd, positionals[0], "serve");
    Object.assign(io.env, server);
    delete io.env.FLAGON_DEBUG;
    if (!io.env.NODE_ENV) io.env.NODE_ENV = "production";
    try {
      await import(pathToFileURL(file).href);
    } catch (err) {
      // The app's own error: its stack points into the user's code, so it is shown.
      io.err(
        `flagon serve: the app file failed to load:\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      return 1;
    }
    return 0;
  },
};
