/**
 * The `sessions()` middleware: load the session before the handler, persist it after.
 *
 * Persisting follows what happened to the session, so most responses set no cookie:
 * - untouched, or empty and never stored: nothing is sent;
 * - changed, regenerated, verified with an old key, or due for refresh: the cookie is re-sent;
 * - emptied (cleared, destroyed, last flash read): the cookie is deleted;
 * - the response is a 5xx: nothing is saved (Django's rule), so a request that failed half-way
 *   does not leave half of its changes behind.
 * A response whose session was read gets `Vary: Cookie`, so a shared cache never hands one
 * visitor's page to another.
 * @module
 */
import type { AppRef, Context, FlagonResponse, Middleware } from "../core/index.ts";
import { serializeCookie } from "../utils/index.ts";
import { missingError, tooLargeError } from "./errors.ts";
import { Session } from "./session.ts";
import { resolveSessionConfig, type SessionConfig, type SessionOptions } from "./session-config.ts";
import type { LoadedSession } from "./store.ts";

/** Werkzeug's limit: browsers keep at least 4096 bytes per cookie, attributes included. */
export const MAX_COOKIE_BYTES = 4093;

declare module "../core/index.ts" {
  interface ContextVars {
    /** The visitor's session; set by the `sessions()` middleware. */
    session: Session;
  }
}

function addVaryCookie(res: FlagonResponse): void {
  const vary = res.headers.get("vary");
  if (vary === undefined) res.headers.set("vary", "Cookie");
  else if (!/(^|,)\s*(\*|cookie)\s*(,|$)/i.test(vary)) res.headers.set("vary", `${vary}, Cookie`);
}

async function persist(
  ctx: Context,
  res: FlagonResponse,
  session: Session,
  loaded: LoadedSession | undefined,
  hadCookie: boolean,
  cfg: SessionConfig,
): Promise<void> {
  if (session.accessed) addVaryCookie(res);
  if (res.status >= 500) return;
  const drop = new Set(session.retiredIds);
  const empty = session.isEmpty;
  if (empty && session.modified && loaded !== undefined) drop.add(loaded.id);
  for (const id of drop) await cfg.store.destroy(id);
  if (empty) {
    if (hadCookie && session.modified) {
      res.headers.append(
        "set-cookie",
        serializeCookie(cfg.cookieName, "", { ...cfg.cookie, maxAge: 0, expires: new Date(0) }),
      );
    }
    return;
  }
  const age = loaded === undefined ? 0 : Math.floor(cfg.now() / 1000) - loaded.issuedAt;
  const refresh = cfg.refreshAfter !== false && age >= cfg.refreshAfter;
  if (!session.modified && loaded?.rotated !== true && !refresh) return;
  const header = serializeCookie(
    cfg.cookieName,
    await cfg.store.write(session, cfg.maxAge),
    cfg.cookie,
  );
  const bytes = Buffer.byteLength(header);
  if (bytes > MAX_COOKIE_BYTES) {
    const err = tooLargeError(cfg.cookieName, bytes, MAX_COOKIE_BYTES);
    // The visitor's request itself succeeded: answer it, keep the old cookie, and tell the
    // operator. In debug mode the error page makes the mistake impossible to miss.
    if (ctx.app.settings.debug) throw err;
    ctx.logger.error(err.message, { code: err.code, bytes, path: ctx.req.path });
    return;
  }
  res.headers.append("set-cookie", header);
}

/**
 * Session middleware: `app.use(sessions())`, then `getSession(ctx)` or `ctx.vars.session` in
 * handlers. Pair it with `app.onStartup(() => checkSessionSettings(app))` to fail at boot, not
 * on the first request, when the secret key is missing.
 */
/** Where a `sessions()` middleware keeps its options, for `sessionOptionsOf`. */
const OPTIONS = Symbol("flagon.sessionOptions");

/**
 * The options a middleware was made with by `sessions(options)`, or undefined for any other
 * middleware. The test client uses it to read and write the session the way the app does,
 * without the test having to repeat the cookie name, store or secret.
 */
export function sessionOptionsOf(middleware: Middleware): SessionOptions | undefined {
  return (middleware as { [OPTIONS]?: SessionOptions })[OPTIONS];
}

export function sessions(options: SessionOptions = {}): Middleware {
  const configs = new WeakMap<AppRef, SessionConfig>();
  const middleware: Middleware = async (ctx, next) => {
    let cfg = configs.get(ctx.app);
    if (cfg === undefined) configs.set(ctx.app, (cfg = resolveSessionConfig(ctx.app, options)));
    const raw = ctx.req.cookies[cfg.cookieName];
    const hadCookie = raw !== undefined && raw !== "";
    const loaded = hadCookie ? await cfg.store.read(raw, cfg.maxAge) : undefined;
    const session = new Session(loaded);
    ctx.vars.session = session;
    const res = await next();
    await persist(ctx, res, session, loaded, hadCookie, cfg);
    return res;
  };
  Object.defineProperty(middleware, OPTIONS, { value: options });
  return middleware;
}

/**
 * Resolve the session settings now and throw what the first request would: a missing secret
 * (`FLG_ERR_SESSION_NO_SECRET`), a weak one outside debug, or an impossible cookie setting.
 */
export function checkSessionSettings(app: AppRef, options: SessionOptions = {}): void {
  resolveSessionConfig(app, options);
}

/** The request's session; throws `FLG_ERR_SESSION_MISSING` when `sessions()` is not installed. */
export function getSession(ctx: Context<any>): Session {
  const session = (ctx.vars as { session?: unknown }).session;
  if (!(session instanceof Session)) throw missingError();
  return session;
}
