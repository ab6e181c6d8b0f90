/**
 * The `--port` and `--host` options shared by the server commands, checked before anything
 * starts so a typo is one line, not a crash inside the server.
 * @module
 */
import { usageError } from "./errors.ts";
import type { CommandOption } from "./registry.ts";

export const SERVER_OPTIONS: Readonly<Record<string, CommandOption>> = {
  port: {
    type: "string",
    short: "p",
    description: "Port to listen on (default: $PORT or 8000; 0 picks a free one)",
  },
  host: {
    type: "string",
    description: "Address to bind (default: $HOST or 127.0.0.1; 0.0.0.0 for all)",
  },
};

/** `serve` adds `--workers`. */
export const SERVE_OPTIONS: Readonly<Record<string, CommandOption>> = {
  ...SERVER_OPTIONS,
  workers: {
    type: "string",
    short: "w",
    description: 'Run N worker processes on one port (node:cluster); 0 or "auto": one per CPU core',
  },
};

export const SERVER_USAGE = "[file] [--port N] [--host H]";

/** `PORT` and `HOST` for the app's environment: the options, else what the environment has. */
export function serverEnv(
  command: string,
  values: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
): { PORT: string; HOST: string } {
  const port = values.port;
  if (typeof port === "string" && !/^\d{1,5}$/.test(port)) {
    throw usageError(`flagon ${command}: --port must be a number from 0 to 65535, got "${port}"`);
  }
  if (typeof port === "string" && Number(port) > 65535) {
    throw usageError(`flagon ${command}: --port must be a number from 0 to 65535, got "${port}"`);
  }
  const host = values.host;
  if (typeof host === "string" && (host === "" || /[\s/]/.test(host))) {
    throw usageError(
      `flagon ${command}: --host must be an address such as 127.0.0.1 or 0.0.0.0, got "${host}"`,
    );
  }
  return {
    PORT: typeof port === "string" ? String(Number(port)) : (env.PORT ?? "8000"),
    HOST: typeof host === "string" ? host : (env.HOST ?? "127.0.0.1"),
  };
}
