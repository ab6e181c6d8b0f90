/**
 * Parse one `Set-Cookie` header the way a browser does (RFC 6265 section 5.2): unknown attributes
 * are ignored, a malformed attribute is dropped rather than failing the cookie, and a header
 * with no `name=` is ignored as a whole.
 * @module
 */

/** A cookie as an app sent it: the name, the raw value and the attributes that matter to a jar. */
export interface SetCookie {
  readonly name: string;
  /** The value exactly as sent (quotes and percent-escapes kept), which is what a browser stores. */
  readonly value: string;
  readonly path: string | undefined;
  /** Lower-cased, without a leading dot. */
  readonly domain: string | undefined;
  readonly expires: Date | undefined;
  /** Seconds; zero or less means "delete now". */
  readonly maxAge: number | undefined;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite: "Strict" | "Lax" | "None" | undefined;
  readonly partitioned: boolean;
}

const SAME_SITE: Record<string, SetCookie["sameSite"]> = {
  strict: "Strict",
  lax: "Lax",
  none: "None",
};

/** The cookie in a `Set-Cookie` header value, or `undefined` when a browser would ignore it. */
export function parseSetCookie(header: string): SetCookie | undefined {
  const [pair = "", ...attributes] = header.split(";");
  const eq = pair.indexOf("=");
  if (eq === -1) return undefined;
  const name = pair.slice(0, eq).trim();
  if (name === "") return undefined;
  let path: string | undefined;
  let domain: string | undefined;
  let expires: Date | undefined;
  let maxAge: number | undefined;
  let secure = false;
  let httpOnly = false;
  let sameSite: SetCookie["sameSite"];
  let partitioned = false;
  for (const attribute of attributes) {
    const at = attribute.indexOf("=");
    const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const value = at === -1 ? "" : attribute.slice(at + 1).trim();
    if (key === "path") path = value.startsWith("/") ? value : undefined;
    else if (key === "domain")
      domain = value === "" ? undefined : value.replace(/^\./, "").toLowerCase();
    else if (key === "max-age") maxAge = /^-?\d+$/.test(value) ? Number(value) : maxAge;
    else if (key === "expires") expires = parseDate(value) ?? expires;
    else if (key === "secure") secure = true;
    else if (key === "httponly") httpOnly = true;
    else if (key === "samesite") sameSite = SAME_SITE[value.toLowerCase()] ?? sameSite;
    else if (key === "partitioned") partitioned = true;
  }
  const value = pair.slice(eq + 1).trim();
  return { name, value, path, domain, expires, maxAge, secure, httpOnly, sameSite, partitioned };
}

function parseDate(value: string): Date | undefined {
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}
