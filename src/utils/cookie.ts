/**
 * Cookie header parsing and Set-Cookie serialization (RFC 6265 / RFC 6265bis).
 *
 * Parsing is forgiving because the header comes from the client: it never throws. Serializing is
 * strict because the input comes from the app: anything that could inject an attribute or split
 * the header throws `FLG_ERR_COOKIE_INVALID` (a 500, never reaching the wire).
 * @module
 */
import { ERR_COOKIE_INVALID, FlagonError } from "./errors.ts";

/** More cookies than this in one header are ignored; browsers send far fewer per host. */
export const MAX_COOKIES = 100;

/**
 * Parse a `Cookie` header into a null-prototype record.
 *
 * - For a repeated name the FIRST occurrence wins. Browsers send the cookie with the longest
 *   path first, and a first-wins rule means a cookie tossed in from a sibling subdomain or a
 *   deeper path cannot override the one the app set itself.
 * - Pairs without a name (`=x`) or without `=` are ignored, so `=__Host-sid=evil` cannot
 *   shadow `__Host-sid`.
 * - Values are trimmed, one pair of surrounding double quotes is removed, and percent-escapes
 *   are decoded only when the whole value decodes; a malformed value is kept raw.
 * - At most `MAX_COOKIES` names are kept.
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (typeof header !== "string" || header.length === 0) return out;
  const len = header.length;
  let count = 0;
  let pos = 0;
  let eq = header.indexOf("=");
  while (pos < len && count < MAX_COOKIES) {
    let end = header.indexOf(";", pos);
    if (end === -1) end = len;
    // The next "=" is searched only once it is behind us, so "a;a;...;a=1" stays linear.
    if (eq !== -1 && eq < pos) eq = header.indexOf("=", pos);
    if (eq !== -1 && eq < end) {
      const name = trim(header, pos, eq);
      // `in` is safe on a null-prototype object, even for "__proto__" or "constructor".
      if (name.length > 0 && !(name in out)) {
        out[name] = decodeValue(trim(header, eq + 1, end));
        count++;
      }
    }
    pos = end + 1;
  }
  return out;
}

/** Slice [start, end) without surrounding spaces and tabs, allocating only one substring. */
function trim(s: string, start: number, end: number): string {
  let a = start;
  let b = end;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

function decodeValue(raw: string): string {
  let v = raw;
  if (v.length >= 2 && v.charCodeAt(0) === 0x22 && v.charCodeAt(v.length - 1) === 0x22) {
    v = v.slice(1, -1);
  }
  if (v.indexOf("%") === -1) return v;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

export interface SerializeCookieOptions {
  /** Lifetime in seconds; 0 or less deletes the cookie. Written as `Max-Age`. */
  maxAge?: number;
  expires?: Date;
  path?: string;
  domain?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: "Lax" | "Strict" | "None";
  /** CHIPS partitioned cookie; browsers require `Secure` with it, so it is enforced. */
  partitioned?: boolean;
  priority?: "Low" | "Medium" | "High";
}

// RFC 6265 cookie-name = token (RFC 9110 tchar).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 6265 path-value: any CHAR except CTLs or ";". Non-ASCII is refused too.
const PATH_VALUE = /^[\x20-\x3a\x3c-\x7e]+$/;
// Host names and IPv4 literals, with RFC 6265's optional leading dot; labels cannot hold ".",
// so the pattern cannot backtrack.
const DOMAIN_VALUE =
  /^\.?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const SAME_SITE = new Map([
  ["lax", "Lax"],
  ["strict", "Strict"],
  ["none", "None"],
]);
const PRIORITY = new Map([
  ["low", "Low"],
  ["medium", "Medium"],
  ["high", "High"],
]);

function fail(message: string): never {
  throw new FlagonError(ERR_COOKIE_INVALID, message, 500);
}

/**
 * Build one `Set-Cookie` header value. The value is always `encodeURIComponent`-encoded (so any
 * string round-trips through `parseCookies`). Throws `FLG_ERR_COOKIE_INVALID` for a name that is
 * not a token, a path or domain with `;`/controls, an invalid date or number, an unknown
 * SameSite/Priority, or when the cookie prefixes' rules are broken:
 * `__Host-` needs Secure, Path=/ and no Domain; `__Secure-` needs Secure; SameSite=None and
 * Partitioned need Secure (browsers drop such cookies silently otherwise).
 */
export function serializeCookie(
  name: string,
  value: string,
  opts: SerializeCookieOptions = {},
): string {
  if (typeof name !== "string" || !TOKEN.test(name)) {
    fail(
      `Invalid cookie name ${JSON.stringify(String(name).slice(0, 64))}: it must be an RFC 6265 token`,
    );
  }
  if (typeof value !== "string") fail(`Cookie "${name}": the value must be a string`);
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    fail(`Cookie "${name}": the value holds a lone surrogate and cannot be encoded`);
  }
  let out = name + "=" + encoded;

  if (opts.maxAge !== undefined) {
    if (typeof opts.maxAge !== "number" || !Number.isFinite(opts.maxAge)) {
      fail(`Cookie "${name}": maxAge must be a finite number of seconds`);
    }
    out += "; Max-Age=" + Math.floor(opts.maxAge);
  }
  if (opts.domain !== undefined) {
    if (typeof opts.domain !== "string" || !DOMAIN_VALUE.test(opts.domain)) {
      fail(`Cookie "${name}": invalid domain ${JSON.stringify(String(opts.domain).slice(0, 64))}`);
    }
    out += "; Domain=" + opts.domain;
  }
  if (opts.path !== undefined) {
    if (typeof opts.path !== "string" || !PATH_VALUE.test(opts.path)) {
      fail(`Cookie "${name}": the path must be printable ASCII without ";"`);
    }
    out += "; Path=" + opts.path;
  }
  if (opts.expires !== undefined) {
    if (!(opts.expires instanceof Date) || Number.isNaN(opts.expires.getTime())) {
      fail(`Cookie "${name}": expires must be a valid Date`);
    }
    out += "; Expires=" + opts.expires.toUTCString();
  }
  if (opts.httpOnly) out += "; HttpOnly";
  if (opts.secure) out += "; Secure";
  if (opts.partitioned) {
    if (!opts.secure) fail(`Cookie "${name}": Partitioned requires secure: true`);
    out += "; Partitioned";
  }
  if (opts.priority !== undefined) {
    const p =
      typeof opts.priority === "string" ? PRIORITY.get(opts.priority.toLowerCase()) : undefined;
    if (p === undefined) fail(`Cookie "${name}": priority must be "Low", "Medium" or "High"`);
    out += "; Priority=" + p;
  }
  if (opts.sameSite !== undefined) {
    const s =
      typeof opts.sameSite === "string" ? SAME_SITE.get(opts.sameSite.toLowerCase()) : undefined;
    if (s === undefined) fail(`Cookie "${name}": sameSite must be "Lax", "Strict" or "None"`);
    if (s === "None" && !opts.secure) fail(`Cookie "${name}": SameSite=None requires secure: true`);
    out += "; SameSite=" + s;
  }
  checkPrefix(name, opts);
  return out;
}

// Browsers match the prefixes case-insensitively (RFC 6265bis), so "__host-" gets the same rules.
function checkPrefix(name: string, opts: SerializeCookieOptions): void {
  if (name.length < 7 || name.charCodeAt(0) !== 0x5f || name.charCodeAt(1) !== 0x5f) return;
  const head = name.slice(0, 9).toLowerCase();
  if (head.startsWith("__host-")) {
    if (!opts.secure) fail(`Cookie "${name}": the __Host- prefix requires secure: true`);
    if (opts.path !== "/") fail(`Cookie "${name}": the __Host- prefix requires path: "/"`);
    if (opts.domain !== undefined) fail(`Cookie "${name}": the __Host- prefix forbids a domain`);
  } else if (head === "__secure-" && !opts.secure) {
    fail(`Cookie "${name}": the __Secure- prefix requires secure: true`);
  }
}
