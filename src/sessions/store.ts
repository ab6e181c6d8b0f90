/**
 * `SessionStore`: the seam between the session middleware and where session state lives.
 *
 * Two kinds of store fit behind it:
 * - state in the cookie (`signedCookieStore`): `write` returns the whole signed state, `read`
 *   verifies and decodes it, `destroy` has nothing to drop;
 * - state on the server (DB, Redis; later batteries): the cookie holds only the session id.
 *   `read` looks the id up (expired or unknown → `undefined`), `write` upserts the state under
 *   `session.id` with an expiry of `maxAge` seconds and returns the id, `destroy` deletes the
 *   row/key. `regenerate()` gives the session a new id and lists the old one in `retiredIds`;
 *   the middleware calls `destroy(oldId)` so a fixated or stolen id stops working.
 *
 * Rules for implementers:
 * - `read` never throws for bad input: a malformed, tampered, expired or unknown cookie is
 *   `undefined` (the visitor gets a new empty session, never a 500). Throw only for outages
 *   (the database is down), which should be a 500.
 * - Compare anything secret in constant time; ids from the cookie are untrusted input, so look
 *   them up by value, never splice them into a query or key pattern.
 * - Persist `session.snapshot()` as JSON and parse it back with `parseJsonSafe`, never with a
 *   format that can revive functions or classes.
 * - The middleware passes the same `maxAge` (seconds) to `read` and `write`: a cookie-state
 *   store checks it on read, a server-side store sets it as the row's or key's expiry on write.
 * @module
 */
import type { Session, SessionState } from "./session.ts";

/** What `read` returns for a valid cookie. */
export interface LoadedSession extends SessionState {
  /** Seconds since the epoch when the state was last written (drives cookie refresh). */
  readonly issuedAt: number;
  /** The cookie was verified with an old key: write it again with the current one. */
  readonly rotated?: boolean;
}

export interface SessionStore {
  /**
   * Decode or look up the state for a cookie value; `undefined` when it is not a valid session
   * or was written more than `maxAge` seconds ago.
   */
  read(
    cookieValue: string,
    maxAge: number,
  ): LoadedSession | undefined | Promise<LoadedSession | undefined>;
  /** Persist the session; returns the cookie value to send. `maxAge` is the lifetime in seconds. */
  write(session: Session, maxAge: number): string | Promise<string>;
  /** Drop any state kept for `id` (after `regenerate()`, `destroy()` or emptying). */
  destroy(id: string): void | Promise<void>;
}
