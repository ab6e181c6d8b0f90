/**
 * Turning the request's path into file-system segments without ever leaving the root
 * (security.md 2.3, 3.C). The router hands a greedy param over already decoded as a whole, where
 * `..%2f` and `../` look the same; so the raw (still-encoded) tail of the path is found again and
 * decoded one segment at a time, and each decoded segment is checked on its own.
 * @module
 */

/** decodeURIComponent that answers `undefined` for a malformed escape instead of throwing. */
function decode(raw: string): string | undefined {
  if (raw.indexOf("%") === -1) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * The suffix of `rawPath` (starting right after a `/`) that decodes to the param value `decoded`.
 * Decoded suffixes grow strictly as the start moves left, so at most one can match; the walk stops
 * as soon as one is longer than the param (which the router caps at `limits.paramLength`).
 */
export function rawParamTail(rawPath: string, decoded: string): string | undefined {
  if (rawPath.indexOf("%") === -1) {
    const start = rawPath.length - decoded.length;
    if (start < 1 || rawPath.charCodeAt(start - 1) !== 0x2f) return undefined;
    return rawPath.endsWith(decoded) ? rawPath.slice(start) : undefined;
  }
  for (
    let slash = rawPath.lastIndexOf("/");
    slash !== -1;
    slash = rawPath.lastIndexOf("/", slash - 1)
  ) {
    const tail = rawPath.slice(slash + 1);
    const text = decode(tail);
    if (text === undefined) return undefined;
    if (text.length === decoded.length) return text === decoded ? tail : undefined;
    if (text.length > decoded.length || slash === 0) return undefined;
  }
  return undefined;
}

export interface StaticPath {
  /** Decoded, checked segments, in order; never empty. */
  segments: string[];
  /** The path ended with `/` (a directory was asked for). */
  trailingSlash: boolean;
}

// Windows reads `a:b` as an alternate data stream and `C:` as a drive; refuse `:` there.
const WINDOWS = process.platform === "win32";

/**
 * One decoded segment is servable: not empty, not `.`/`..`, not a dotfile or dot-directory
 * (`.env`, `.git`), and free of `/`, `\` and NUL (which only an escape like `%2f` can put there).
 */
function segmentOk(s: string): boolean {
  if (s.length === 0 || s.charCodeAt(0) === 0x2e /* . */) return false;
  if (s.includes("/") || s.includes("\\") || s.includes("\0")) return false;
  return !(WINDOWS && s.includes(":"));
}

/**
 * Split a raw (still percent-encoded) path tail into safe decoded segments, or `undefined` when
 * any segment is malformed or refused. A trailing `/` is reported, not refused: the caller
 * decides whether a directory may be served (only with an `index` file).
 */
export function staticPath(rawTail: string): StaticPath | undefined {
  const parts = rawTail.split("/");
  const trailingSlash = parts.length > 1 && parts[parts.length - 1] === "";
  if (trailingSlash) parts.pop();
  const segments: string[] = [];
  for (const raw of parts) {
    const s = decode(raw);
    if (s === undefined || !segmentOk(s)) return undefined;
    segments.push(s);
  }
  return segments.length === 0 ? undefined : { segments, trailingSlash };
}
