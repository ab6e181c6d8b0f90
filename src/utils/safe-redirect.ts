/**
 * Open-redirect guard with the semantics of Django's `url_has_allowed_host_and_scheme`, written
 * for how browsers actually parse URLs (WHATWG): a backslash is a slash, extra slashes after the
 * scheme are skipped, tabs and newlines vanish. When the browser's reading and a literal reading
 * disagree, both must be safe. Anything doubtful is refused; callers fall back to `/`.
 * @module
 */

export interface SafeRedirectOptions {
  /**
   * Hosts a redirect may point at. Compared case-insensitively and exactly (no wildcards); an
   * entry without a port matches that host on any port, `host:port` matches only that port.
   */
  allowedHosts: readonly string[];
  /** Refuse `http:` and scheme-relative (`//host`) targets. Relative paths stay allowed. */
  requireHttps?: boolean | undefined;
}

// C0 controls, DEL and C1 controls. Browsers strip some of them silently (tab, CR, LF anywhere,
// all C0 at the ends), which is how `java\nscript:` and `\x08//evil` work.
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
const EDGE_SPACE = /^\s|\s$/;
// Only ASCII escapes are decoded for the second look: those are the ones that could turn into
// "/", "\", ":", "@" or controls if some layer decodes the Location once more.
const ASCII_ESCAPE = /%[0-7][0-9A-Fa-f]/g;
const BROWSER_STRIPPED = /[\t\n\r]/g;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const PORT = /^[0-9]{0,5}$/;
// RFC 3986 reg-name, ASCII only: a Unicode host is never equal to an allowed one after the
// browser's IDNA mapping in a way we could check, so it is refused outright.
const REG_NAME = /^[A-Za-z0-9._~!$&'()*+,;=%-]+$/;

/**
 * True when `url` is safe to send in a `Location` header: a relative reference, or an absolute
 * or scheme-relative `http(s)` URL whose host is in `allowedHosts`. Userinfo (`user@host`) is
 * always refused, as are control characters anywhere and whitespace at either end.
 */
export function isSafeRedirect(url: string, options: SafeRedirectOptions): boolean {
  if (typeof url !== "string" || url.length === 0) return false;
  if (CONTROL.test(url) || EDGE_SPACE.test(url)) return false;
  const https = options.requireHttps === true;
  const hosts = options.allowedHosts;
  if (!check(url, hosts, https)) return false;
  const slashed = url.includes("\\") ? url.replaceAll("\\", "/") : url;
  if (slashed !== url && !check(slashed, hosts, https)) return false;
  if (!url.includes("%")) return true;
  // Second look at the part that decides the target (before "?" or "#"), decoded once, for
  // `%2F%2Fevil.com`, `/%09/evil.com` and friends.
  const q = slashed.search(/[?#]/);
  const head = q === -1 ? slashed : slashed.slice(0, q);
  const decoded = head
    .replace(ASCII_ESCAPE, (e) => String.fromCharCode(Number.parseInt(e.slice(1), 16)))
    .replace(BROWSER_STRIPPED, "");
  if (CONTROL.test(decoded)) return false;
  return check(decoded.replaceAll("\\", "/"), hosts, https);
}

/** One reading of the URL, backslashes taken literally. */
function check(url: string, hosts: readonly string[], https: boolean): boolean {
  // Browsers treat any number of leading slashes beyond two as scheme-relative too.
  if (url.startsWith("///")) return false;
  let rest = url;
  const scheme = SCHEME.exec(url);
  if (scheme !== null) {
    const name = scheme[0].slice(0, -1).toLowerCase();
    if (name !== "https" && (https || name !== "http")) return false;
    rest = url.slice(scheme[0].length);
    // `http:example.com` and `http:/x` name a host in some browsers and a path in others.
    if (!rest.startsWith("//")) return false;
  } else if (!url.startsWith("//")) {
    return true;
  } else if (https) {
    return false;
  }
  if (rest.startsWith("///")) return false;
  let end = rest.length;
  for (let i = 2; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c === 0x2f || c === 0x3f || c === 0x23) {
      end = i;
      break;
    }
  }
  return hostAllowed(rest.slice(2, end), hosts);
}

function hostAllowed(authority: string, hosts: readonly string[]): boolean {
  if (authority.length === 0 || authority.includes("@")) return false;
  let host: string;
  let port = "";
  if (authority.charCodeAt(0) === 0x5b) {
    const close = authority.indexOf("]");
    if (close === -1) return false;
    host = authority.slice(0, close + 1);
    if (!/^\[[0-9A-Fa-f:.]+\]$/.test(host)) return false;
    const after = authority.slice(close + 1);
    if (after.length > 0) {
      if (after.charCodeAt(0) !== 0x3a) return false;
      port = after.slice(1);
    }
  } else {
    const colon = authority.indexOf(":");
    host = colon === -1 ? authority : authority.slice(0, colon);
    port = colon === -1 ? "" : authority.slice(colon + 1);
    if (!REG_NAME.test(host)) return false;
  }
  if (!PORT.test(port) || (port.length > 0 && Number(port) > 65535)) return false;
  const lower = host.toLowerCase();
  const full = port.length > 0 ? lower + ":" + port : lower;
  for (const allowed of hosts) {
    const a = allowed.toLowerCase();
    if (a === lower || a === full) return true;
  }
  return false;
}
