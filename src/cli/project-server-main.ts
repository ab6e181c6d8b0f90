/**
 * The script a server child process runs in project mode: `runserver`'s `node --watch` child and
 * each `serve --workers` worker. Its settings come from the environment the parent set:
 * FLAGON_SERVER_SETTINGS (absolute settings file), FLAGON_SERVER_MODE (development or
 * production), FLAGON_SERVER_CHECKS ("0" skips the checks), PORT and HOST.
 * @module
 */
import { isFlagonError } from "../utils/index.ts";
import { type ServerMode, startProjectServer } from "./project-server.ts";

const env = process.env;
const mode: ServerMode = env.FLAGON_SERVER_MODE === "production" ? "production" : "development";
const command = mode === "production" ? "serve" : "runserver";

try {
  const status = await startProjectServer({
    settingsFile: env.FLAGON_SERVER_SETTINGS ?? "settings.ts",
    mode,
    port: Number(env.PORT ?? 8000),
    host: env.HOST ?? "127.0.0.1",
    checks: env.FLAGON_SERVER_CHECKS !== "0",
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
  if (status !== undefined) process.exit(status);
} catch (err) {
  if (isFlagonError(err)) {
    process.stderr.write(`flagon ${command}: ${err.message} [${err.code}]\n`);
  } else {
    // The project's own code failed: its stack points into the user's files, so it is shown.
    process.stderr.write(
      `flagon ${command}: the project failed to load:\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
}
