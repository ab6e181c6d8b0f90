/**
 * `flagon/sessions`: signed-cookie sessions, flash messages and the `SessionStore` interface
 * that server-side stores (DB, Redis) implement.
 * @module
 */
export {
  ERR_SESSION_CONFIG,
  ERR_SESSION_MISSING,
  ERR_SESSION_NO_SECRET,
  ERR_SESSION_TOO_LARGE,
  ERR_SESSION_VALUE,
} from "./errors.ts";
export {
  checkSessionSettings,
  getSession,
  MAX_COOKIE_BYTES,
  sessionOptionsOf,
  sessions,
} from "./middleware.ts";
export { type Flash, newSessionId, Session, type SessionState } from "./session.ts";
export {
  DEFAULT_MAX_AGE,
  DEFAULT_REFRESH_AFTER,
  type SessionOptions,
} from "./session-config.ts";
export { type SignedCookieStoreOptions, signedCookieStore } from "./signed-cookie-store.ts";
export type { LoadedSession, SessionStore } from "./store.ts";
