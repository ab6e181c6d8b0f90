/**
 * The request as the debug page shows it, with secrets masked: a debug page gets pasted into
 * issues and chat, so cookie values, credentials and anything named like a secret are hidden
 * (names kept, so the developer still sees what was sent). Django's SafeExceptionReporterFilter
 * uses the same name pattern.
 * @module
 */
import type { Context } from "../../core/index.ts";

export const MASK = "********";
const SENSITIVE = /api|token|key|secret|pass|signature|session|csrf|credential|auth|cookie/i;
const MAX_VALUE = 2000;

export interface RequestInfo {
  method: string;
  path: string;
  query: Array<[string, string]>;
  headers: Array<[string, string]>;
}

function cap(value: string): string {
  return value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value;
}

/** `a=1; b=2` -> `a=********; b=********`. */
function maskCookies(value: string): string {
  return value
    .split(";")
    .map((pair) => {
      const eq = pair.indexOf("=");
      return eq === -1 ? pair.trim() : `${pair.slice(0, eq).trim()}=${MASK}`;
    })
    .join("; ");
}

/** `Bearer abc` -> `Bearer ********`: the scheme helps debugging, the credential never shows. */
function maskCredentials(value: string): string {
  const space = value.indexOf(" ");
  return space === -1 ? MASK : `${value.slice(0, space)} ${MASK}`;
}

export function maskHeader(name: string, value: string): string {
  if (name === "cookie" || name === "set-cookie") return maskCookies(value);
  if (name === "authorization" || name === "proxy-authorization") return maskCredentials(value);
  return SENSITIVE.test(name) ? MASK : cap(value);
}

function queryPairs(ctx: Context): Array<[string, string]> {
  try {
    return [...ctx.req.query].map(([k, v]) => [cap(k), SENSITIVE.test(k) ? MASK : cap(v)]);
  } catch {
    // Too many params to parse (the error being shown may be exactly that): show it raw.
    return [["(unparsed)", cap(ctx.req.queryString)]];
  }
}

export function requestInfo(ctx: Context): RequestInfo {
  const headers: Array<[string, string]> = [];
  const raw = ctx.req.headers;
  for (const name of Object.keys(raw).sort()) {
    const value = raw[name];
    for (const v of Array.isArray(value) ? value : [value ?? ""])
      headers.push([name, maskHeader(name, v)]);
  }
  return { method: ctx.req.method, path: cap(ctx.req.path), query: queryPairs(ctx), headers };
}
