/**
 * The `flagon` package entry: the core plus the node:http and fetch adapters, composed by
 * `flagon()`. Importing it loads no battery (ORM, templates, sessions, admin ...).
 * @module
 */
import { App, type AppOptionsInput } from "./core/index.ts";
import { nodeRuntime } from "./adapters/index.ts";

export * from "./core/index.ts";
export { fetchHandler, type FlagonServer, serve, type ServeOptions } from "./adapters/index.ts";

/**
 * Create an app. `app.listen(port)` serves it on node:http with graceful shutdown on
 * SIGTERM/SIGINT; `app.fetch(request)` answers a standard Request. Debug mode defaults to the
 * `FLAGON_DEBUG=1` environment variable.
 * @example
 * const app = flagon();
 * app.get("/", () => "Hello, World!");
 * app.listen(8000);
 */
export function flagon(options?: AppOptionsInput): App {
  // `flagon runserver` sets FLAGON_DEBUG=1; an explicit `debug` option always wins.
  const debug = options?.debug ?? process.env.FLAGON_DEBUG === "1";
  return new App(
    { ...options, debug },
    {
      ...nodeRuntime(),
      // Loaded on the first error in debug mode only: production never pays for the page's
      // modules, and a start-up stays at the core's module count.
      renderDebugError: async (err, ctx) =>
        (await import("./middleware/index.ts")).renderDebugPage(err, ctx),
    },
  );
}
