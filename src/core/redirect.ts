/**
 * Redirects that cannot be turned into open redirects: the target must be a path on this site or
 * a URL on an allowed host, otherwise the client is sent to a safe fallback (security.md 3.M).
 * @module
 */
import { isSafeRedirect } from "../utils/index.ts";
import { FlagonResponse } from "./response.ts";

export interface RedirectOptions {
  /** 301, 302, 303, 307 or 308. @default 302 */
  status?: 301 | 302 | 303 | 307 | 308;
  /** Hosts an absolute target may point to. A relative target is always allowed. */
  allowedHosts?: readonly string[];
  /** Where to go when the target is refused. @default "/" */
  fallback?: string;
  /** Require https for absolute targets. */
  requireHttps?: boolean;
}

/**
 * A redirect to `to`, or to `fallback` when `to` would leave the allowed hosts. Use it for any
 * target that comes from the request (`?next=`); trusted absolute URLs elsewhere can go through
 * `allowedHosts`.
 */
export function redirect(
  to: string,
  options: RedirectOptions | RedirectOptions["status"] = {},
): FlagonResponse {
  const opts = typeof options === "number" ? { status: options } : options;
  const allowedHosts = (opts.allowedHosts ?? []).filter((h) => h !== "*");
  const safe = isSafeRedirect(to, {
    allowedHosts: [...allowedHosts],
    requireHttps: opts.requireHttps,
  });
  const location = safe ? to : (opts.fallback ?? "/");
  const res = new FlagonResponse(null, opts.status ?? 302);
  res.headers.set("location", encodeLocation(location));
  return res;
}

/** Percent-encode what a header cannot carry (spaces, non-ASCII) while keeping valid escapes. */
function encodeLocation(url: string): string {
  return /^[\x21-\x7e]*$/.test(url) ? url : encodeURI(decodeSafe(url));
}

function decodeSafe(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}
