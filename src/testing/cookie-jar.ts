/**
 * The test client's cookie jar: keeps what `Set-Cookie` headers set and sends back what a browser
 * would send, so a test sees the app's cookies exactly as a user would (RFC 6265: expiry,
 * domain and path matching, `Secure` only over https, the `__Host-`/`__Secure-` prefixes).
 * @module
 */
import { parseSetCookie, type SetCookie } from "./set-cookie.ts";

/** A cookie in the jar. */
export interface StoredCookie {
  readonly name: string;
  readonly value: string;
  /** The host it belongs to (`hostOnly`) or the domain it covers with its subdomains. */
  readonly domain: string;
  readonly hostOnly: boolean;
  readonly path: string;
  /** Epoch milliseconds; `undefined` for a session cookie. */
  readonly expiresAt: number | undefined;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite: SetCookie["sameSite"];
}

/** Where a cookie set or deleted by hand applies. */
export interface CookieScope {
  /** @default "/" */
  path?: string;
  /** A domain covering subdomains too; without it the cookie belongs to the client's host. */
  domain?: string;
}

export interface SetCookieOptions extends CookieScope {
  secure?: boolean;
  httpOnly?: boolean;
  /** Seconds from now. */
  maxAge?: number;
}

export class CookieJar {
  readonly #host: string;
  readonly #now: () => number;
  // Keyed by domain, path and name: the triple that identifies a cookie in RFC 6265.
  readonly #cookies = new Map<string, StoredCookie>();

  /** `host` is where hand-set cookies belong; `now` is a clock for expiry (tests inject one). */
  constructor(host = "localhost", now: () => number = Date.now) {
    this.#host = hostnameOf(host);
    this.#now = now;
  }

  /** Apply a `Set-Cookie` header received for `url`; returns the cookie kept, if any. */
  receive(header: string | SetCookie, url: URL): StoredCookie | undefined {
    const c = typeof header === "string" ? parseSetCookie(header) : header;
    if (c === undefined) return undefined;
    const host = url.hostname.toLowerCase();
    // A browser refuses a Domain the host is not inside of (evil.test setting cookies for bank.test).
    if (c.domain !== undefined && !domainMatches(host, c.domain)) return undefined;
    const path = c.path ?? defaultPath(url.pathname);
    if (c.name.startsWith("__Secure-") && !c.secure) return undefined;
    if (c.name.startsWith("__Host-") && (!c.secure || c.domain !== undefined || path !== "/"))
      return undefined;
    const now = this.#now();
    // Max-Age wins over Expires when both are given (RFC 6265 5.3 step 3).
    const expiresAt = c.maxAge !== undefined ? now + c.maxAge * 1000 : c.expires?.getTime();
    const stored: StoredCookie = {
      name: c.name,
      value: c.value,
      domain: c.domain ?? host,
      hostOnly: c.domain === undefined,
      path,
      expiresAt,
      secure: c.secure,
      httpOnly: c.httpOnly,
      sameSite: c.sameSite,
    };
    const key = keyOf(stored.domain, path, c.name);
    // An expiry in the past is how servers delete cookies.
    if (expiresAt !== undefined && expiresAt <= now) {
      this.#cookies.delete(key);
      return undefined;
    }
    this.#cookies.delete(key); // re-insert so the newest write is last in iteration order
    this.#cookies.set(key, stored);
    return stored;
  }

  /** The `Cookie` header value for a request to `url`, or `undefined` when nothing applies. */
  headerFor(url: URL): string | undefined {
    const host = url.hostname.toLowerCase();
    const secure = url.protocol === "https:";
    const matching = this.list().filter(
      (c) =>
        (c.hostOnly ? c.domain === host : domainMatches(host, c.domain)) &&
        pathMatches(url.pathname, c.path) &&
        (secure || !c.secure),
    );
    if (matching.length === 0) return undefined;
    // Longer paths first, as browsers send them; the stable sort keeps insertion order otherwise.
    matching.sort((a, b) => b.path.length - a.path.length);
    return matching.map((c) => `${c.name}=${c.value}`).join("; ");
  }

  /** The value of the cookie `name` (the most specific path when several exist). */
  get(name: string, scope: CookieScope = {}): string | undefined {
    return this.getCookie(name, scope)?.value;
  }

  /** The whole stored cookie, attributes included (`httpOnly`, `secure`, `expiresAt` ...). */
  getCookie(name: string, scope: CookieScope = {}): StoredCookie | undefined {
    const found = this.list().filter((c) => c.name === name && inScope(c, scope));
    return found.sort((a, b) => b.path.length - a.path.length)[0];
  }

  /** Put a cookie in the jar as if the app had set it for the client's host. */
  set(name: string, value: string, options: SetCookieOptions = {}): this {
    const domain = options.domain?.replace(/^\./, "").toLowerCase();
    const url = new URL(`http://${domain ?? this.#host}${options.path ?? "/"}`);
    this.receive(
      {
        name,
        value,
        path: options.path ?? "/",
        domain,
        expires: undefined,
        maxAge: options.maxAge,
        secure: options.secure ?? false,
        httpOnly: options.httpOnly ?? false,
        sameSite: undefined,
        partitioned: false,
      },
      url,
    );
    return this;
  }

  /** Remove the cookie `name` (every path and domain, unless `scope` narrows it); true if one was. */
  delete(name: string, scope: CookieScope = {}): boolean {
    let removed = false;
    for (const [key, c] of this.#cookies) {
      if (c.name === name && inScope(c, scope)) removed = this.#cookies.delete(key) || removed;
    }
    return removed;
  }

  clear(): void {
    this.#cookies.clear();
  }

  /** Every live cookie, oldest write first; expired ones are dropped on the way. */
  list(): StoredCookie[] {
    const now = this.#now();
    const live: StoredCookie[] = [];
    for (const [key, c] of this.#cookies) {
      if (c.expiresAt !== undefined && c.expiresAt <= now) this.#cookies.delete(key);
      else live.push(c);
    }
    return live;
  }

  get size(): number {
    return this.list().length;
  }

  [Symbol.iterator](): Iterator<StoredCookie> {
    return this.list()[Symbol.iterator]();
  }
}

function keyOf(domain: string, path: string, name: string): string {
  return `${domain}\n${path}\n${name}`;
}

function hostnameOf(host: string): string {
  return new URL(`http://${host}`).hostname.toLowerCase();
}

function inScope(c: StoredCookie, scope: CookieScope): boolean {
  if (scope.path !== undefined && c.path !== scope.path) return false;
  return scope.domain === undefined || c.domain === scope.domain.replace(/^\./, "").toLowerCase();
}

/** RFC 6265 5.1.3: the host is the domain or a subdomain of it; IP addresses match only exactly. */
export function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  const isIp = /^[\d.]+$/.test(host) || host.startsWith("[");
  return !isIp && host.endsWith(`.${domain}`);
}

/** RFC 6265 5.1.4: `/a` covers `/a`, `/a/` and `/a/b`, not `/ab`. */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length) === "/";
}

/** RFC 6265 5.1.4: without a Path attribute, the cookie covers the request path's directory. */
export function defaultPath(requestPath: string): string {
  if (!requestPath.startsWith("/")) return "/";
  const last = requestPath.lastIndexOf("/");
  return last <= 0 ? "/" : requestPath.slice(0, last);
}
