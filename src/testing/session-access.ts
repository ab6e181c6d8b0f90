/**
 * Reading and changing a test client's session from the test (Flask's `session_transaction`,
 * Django's `client.session`). The session is loaded and saved by the real `sessions()`
 * middleware, mounted on a one-route scratch app that shares the app's secret, https flag and
 * logger: the cookie name, attributes, signing, size check and "delete when emptied" rules are
 * then exactly the app's, and a server-side store passed in the options is used as is.
 * @module
 */
import { fetchHandler } from "../adapters/index.ts";
import { App, FlagonResponse } from "../core/index.ts";
import { getSession, type Session, type SessionOptions, sessions } from "../sessions/index.ts";
import type { CookieJar } from "./cookie-jar.ts";
import { testingError } from "./errors.ts";

/** What the scratch app needs from the client. */
export interface SessionTarget {
  readonly app: App;
  readonly cookies: CookieJar;
  readonly baseUrl: string;
  /** The options the app gave `sessions()`; `{}` for the defaults. */
  readonly sessionOptions: SessionOptions;
}

/**
 * Run `fn` with the client's current session, then store the cookie the middleware sends (a
 * changed, emptied or regenerated session) in the client's jar. Errors from `fn` or from the
 * session settings (`FLG_ERR_SESSION_NO_SECRET`) reach the caller as they were thrown.
 */
export async function runWithSession<T>(
  target: SessionTarget,
  fn: (session: Session) => T | Promise<T>,
): Promise<T> {
  const { app, cookies, baseUrl } = target;
  const scratch = new App({
    secretKey: app.settings.secretKey,
    https: app.settings.https,
    debug: app.settings.debug,
    logger: app.logger,
    allowedHosts: ["*"],
    accessLog: false,
    securityHeaders: false,
  });
  let result: { value: T } | undefined;
  let failure: { error: unknown } | undefined;
  scratch.use(sessions(target.sessionOptions));
  scratch.get("/", async (ctx) => {
    result = { value: await fn(getSession(ctx)) };
    return null;
  });
  // Whatever failed (the callback, the middleware, the store) is handed back to the test instead
  // of becoming the scratch app's 500 page.
  scratch.onError(Error, (error) => {
    failure = { error };
    return new FlagonResponse(null, 500);
  });
  const url = new URL("/", baseUrl);
  const headers = new Headers();
  const cookie = cookies.headerFor(url);
  if (cookie !== undefined) headers.set("cookie", cookie);
  const response = await fetchHandler(scratch)(new Request(url, { headers }));
  await response.body?.cancel();
  if (failure !== undefined) throw failure.error;
  if (result === undefined) {
    throw testingError(
      "FLG_ERR_TEST_SESSION",
      `Could not open the session (status ${response.status})`,
    );
  }
  for (const header of response.headers.getSetCookie()) cookies.receive(header, url);
  return result.value;
}

/** The session's keys and values as a plain object (null prototype). */
export function readSession(target: SessionTarget): Promise<Record<string, unknown>> {
  return runWithSession(target, (session) => session.toJSON());
}
