/**
 * Entity tags (RFC 9110 section 8.8.3) for static files and generated bodies, and the weak
 * comparison `If-None-Match` uses.
 * @module
 */
import { nodeCrypto } from "./builtins.ts";

/**
 * A weak validator from file metadata: `W/"<size hex>-<mtime ms hex>"`. Weak because two files
 * with the same size and mtime are not guaranteed byte-identical.
 */
export function weakEtagFor(size: number, mtimeMs: number): string {
  return 'W/"' + size.toString(16) + "-" + Math.floor(mtimeMs).toString(16) + '"';
}

/**
 * A strong validator from the bytes: the first 22 base64url chars (132 bits) of their SHA-1.
 * SHA-1 is fine here: this detects change, it does not resist a chosen collision (nobody gains
 * from forging their own cache hit). Strings are hashed as UTF-8.
 */
export function strongEtagFor(bytes: Uint8Array | string): string {
  return '"' + nodeCrypto().hash("sha1", bytes, "base64url").slice(0, 22) + '"';
}

/**
 * Does `If-None-Match` match `etag`? Weak comparison (a `W/` prefix on either side is ignored),
 * `*` matches anything, lists are comma-separated. Malformed list members are skipped.
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (typeof ifNoneMatch !== "string") return false;
  const opaque = etag.startsWith("W/") ? etag.slice(2) : etag;
  const s = ifNoneMatch;
  const len = s.length;
  let i = 0;
  while (i < len) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x2c) {
      i++;
      continue;
    }
    if (c === 0x2a) {
      // "*" only counts as the whole field value.
      if (s.trim() === "*") return true;
      i++;
      continue;
    }
    if (c === 0x57 && s.charCodeAt(i + 1) === 0x2f) i += 2;
    if (s.charCodeAt(i) === 0x22) {
      const close = s.indexOf('"', i + 1);
      if (close === -1) return false;
      if (close + 1 - i === opaque.length && s.startsWith(opaque, i)) return true;
      i = close + 1;
      continue;
    }
    // Not an entity-tag: skip to the next comma.
    const comma = s.indexOf(",", i);
    if (comma === -1) return false;
    i = comma + 1;
  }
  return false;
}
