/**
 * The notes API, built by `createApp()`. Nothing listens at import: tests build a fresh app per
 * test and drive it with `TestClient`; `server.ts` is what you run.
 * @module
 */
import { type App, flagon, type Logger } from "flagon";
import { checkSessionSettings, sessions } from "flagon/sessions";
import { apiErrorHandler } from "./errors.ts";
import { meBlueprint } from "./me.ts";
import { notesBlueprint } from "./notes.ts";
import { requestId } from "./request-id.ts";
import { NoteStore } from "./store.ts";

export interface NotesConfig {
  /** @default FLAGON_DEBUG=1 in the environment */
  debug?: boolean;
  /** Signs the session cookie. @default FLAGON_SECRET_KEY from the environment */
  secretKey?: string;
  /** Where notes live; tests pass their own. @default a new empty store */
  store?: NoteStore;
  /** One log line per request. @default true */
  accessLog?: boolean;
  /** @default Flagon's stdout logger */
  logger?: Logger;
}

// Good enough for a laptop, worthless anywhere else: used only in debug mode, never in production.
const DEV_SECRET = "notes-api-dev-only-secret-do-not-use-in-production";

export function createApp(config: NotesConfig = {}): App {
  const debug = config.debug ?? process.env.FLAGON_DEBUG === "1";
  const secretKey =
    config.secretKey ?? process.env.FLAGON_SECRET_KEY ?? (debug ? DEV_SECRET : undefined);
  const store = config.store ?? new NoteStore();

  const app = flagon({
    debug,
    secretKey,
    accessLog: config.accessLog ?? true,
    ...(config.logger === undefined ? {} : { logger: config.logger }),
  });
  // Request ids first, so every later layer (sessions, errors) can use them.
  app.use(requestId(), sessions());
  app.register(notesBlueprint(store));
  app.register(meBlueprint(store));
  app.onError(Error, apiErrorHandler);
  // Without a secret key, refuse to start rather than fail on the first request.
  app.onStartup(() => checkSessionSettings(app));
  return app;
}
