/**
 * Session options and their resolution against an app. Resolved once per app (on first request
 * or by `checkSessionSettings` at startup), so a missing secret or an impossible cookie setting
 * is found before any visitor is served, not as a 500 on some later page.
 * @module
 */
import { type AppRef, assertStrongSecretKey } from "../core/index.ts";
import { type SerializeCookieOptions, serializeCookie } from "../utils/index.ts";
import { configError, noSecretError } from "./errors.ts";
import { signedCookieStore } from "./signed-cookie-store.ts";
import type { SessionStore } from "./store.ts";

export const DEFAULT_MAX_AGE = 14 * 24 * 60 * 60;
export const DEFAULT_REFRESH_AFTER = 24 * 60 * 60;

export interface SessionOptions {
  /** Where state lives. @default signedCookieStore with the secret key */
  store?: SessionStore;
  /** Signing keys for the default store, current first. @default app.settings.secretKey */
  secretKey?: string | readonly string[];
  /** @default "__Host-session" when app.settings.https, else "session" */
  cookieName?: string;
  /** Seconds a session lives without being written again. @default 14 days */
  maxAge?: number;
  /**
   * Re-send an unchanged session once it is this many seconds old, so active visitors are not
   * logged out after `maxAge`; `false` makes `maxAge` count from the last change. @default 1 day
   */
  refreshAfter?: number | false;
  /** @default "Lax" (sent on top-level navigation, not on cross-site POSTs) */
  sameSite?: "Lax" | "Strict" | "None";
  /** Share the cookie with subdomains; impossible with the `__Host-` name. */
  domain?: string;
  /** Clock in milliseconds, for tests. @default Date.now */
  now?: () => number;
}

export interface SessionConfig {
  readonly store: SessionStore;
  readonly cookieName: string;
  readonly maxAge: number;
  readonly refreshAfter: number | false;
  readonly cookie: Readonly<SerializeCookieOptions>;
  readonly now: () => number;
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw configError(`${name} must be a whole number of seconds > 0`);
  return value;
}

export function resolveSessionConfig(app: AppRef, options: SessionOptions): SessionConfig {
  const https = app.settings.https;
  // `__Host-` makes the browser refuse the cookie unless it is Secure, host-only and Path=/, so
  // a sibling subdomain or plain-http page cannot plant a session (fixation, cookie tossing).
  // Browsers also refuse a Secure cookie from http://localhost, so the prefix is only the
  // default when the app says it is served over HTTPS.
  const cookieName = options.cookieName ?? (https ? "__Host-session" : "session");
  const maxAge = positive("maxAge", options.maxAge ?? DEFAULT_MAX_AGE);
  const refreshAfter =
    options.refreshAfter === false
      ? false
      : positive("refreshAfter", options.refreshAfter ?? DEFAULT_REFRESH_AFTER);
  const cookie: SerializeCookieOptions = {
    path: "/",
    httpOnly: true,
    secure: https,
    sameSite: options.sameSite ?? "Lax",
    maxAge,
    ...(options.domain === undefined ? {} : { domain: options.domain }),
  };
  try {
    serializeCookie(cookieName, "probe", cookie);
  } catch (err) {
    throw configError(
      `${(err as Error).message}${https ? "" : " (set https: true on the app when it is served over HTTPS)"}`,
    );
  }
  let store = options.store;
  if (store === undefined) {
    const secretKey = options.secretKey ?? app.settings.secretKey;
    const keys = typeof secretKey === "string" ? [secretKey] : [...(secretKey ?? [])];
    if (keys.length === 0 || keys.some((k) => typeof k !== "string" || k === ""))
      throw noSecretError();
    // The app checks its own key at startup; a key given only to sessions is checked here.
    if (options.secretKey !== undefined && !app.settings.debug) assertStrongSecretKey(keys);
    store = signedCookieStore({
      secretKey: keys,
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }
  return Object.freeze({
    store,
    cookieName,
    maxAge,
    refreshAfter,
    cookie: Object.freeze(cookie),
    now: options.now ?? Date.now,
  });
}
