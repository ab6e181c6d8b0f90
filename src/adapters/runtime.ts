/**
 * The runtime `flagon()` gives an app: `listen` on node:http (graceful shutdown on
 * SIGTERM/SIGINT, one clear line and exit 1 when the port cannot be bound) and `fetch` through
 * the fetch adapter. The package entry and `createProject` both build apps with it.
 * @module
 */
import type { App, AppRuntime } from "../core/index.ts";
import { fetchHandler } from "./fetch/fetch-handler.ts";
import { type FlagonServer, serve } from "./node/serve.ts";

const fetchers = new WeakMap<App, (request: Request) => Promise<Response>>();

export function nodeRuntime(): Required<Pick<AppRuntime, "listen" | "fetch">> {
  return {
    listen: async (app, port, host) => {
      let server: FlagonServer;
      try {
        server = await serve(app, { port, host, handleSignals: true });
      } catch (err) {
        const code = (err as { code?: string }).code;
        const why =
          code === "EADDRINUSE"
            ? `port ${port ?? process.env.PORT ?? 8000} is already in use (stop the other server or set PORT)`
            : code === "EACCES"
              ? `permission denied to bind port ${port}`
              : (err as Error).message;
        app.logger.error(`Flagon could not start: ${why}`);
        process.exit(1);
      }
      app.logger.info(
        `Flagon listening on ${server.url}${app.settings.debug ? " (debug mode)" : ""}`,
      );
      return server;
    },
    fetch: (app, request) => {
      let handler = fetchers.get(app);
      if (handler === undefined) {
        handler = fetchHandler(app);
        fetchers.set(app, handler);
      }
      return handler(request);
    },
  };
}
