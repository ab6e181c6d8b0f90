/**
 * Percent-encoding for static route text and for request paths. Static segments are compared in
 * raw (still-encoded) form, so both sides must agree on one spelling: the one a browser sends,
 * i.e. the WHATWG path percent-encode set with uppercase hex. Requests that spell a path another
 * way (lowercase hex, `%61` for `a`, a raw `^`) are brought to that spelling on a miss only.
 * @module
 */

/** 1 for ASCII characters a browser leaves unencoded in a path segment (never `/` or `%`). */
const RAW = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) RAW[c] = 1;
for (const ch of '"#<>?^`{}%/') RAW[ch.charCodeAt(0)] = 0;

const HEX = "0123456789ABCDEF";

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** The byte value of a valid `%XX` escape at `i`, or -1. */
function escapeAt(s: string, i: number): number {
  if (i + 2 >= s.length) return -1;
  const hi = hexValue(s.charCodeAt(i + 1));
  const lo = hexValue(s.charCodeAt(i + 2));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

/** True when the escape at `i` already uses uppercase hex (digits count as uppercase). */
function isUpperEscape(s: string, i: number): boolean {
  const a = s.charCodeAt(i + 1);
  const b = s.charCodeAt(i + 2);
  return (a < 97 || a > 102) && (b < 97 || b > 102);
}

function pct(byte: number): string {
  return "%" + HEX[byte >> 4] + HEX[byte & 15];
}

/**
 * The canonical spelling of one static route segment. Valid `%XX` escapes already in the route
 * text are kept (hex uppercased, or decoded when they spell a raw-set character); anything else
 * outside the raw set is UTF-8 percent-encoded.
 * Throws `URIError` on a lone surrogate; the caller reports it as a syntax error.
 */
export function encodeStaticSegment(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (RAW[c] === 1) out += text[i];
      else if (c === 37 && escapeAt(text, i) >= 0) {
        // Same rule as normalisePath, or a route written "/%41" could never match a request.
        const b = escapeAt(text, i);
        out += b < 128 && RAW[b] === 1 ? String.fromCharCode(b) : pct(b);
        i += 2;
      } else out += pct(c);
    } else {
      // encodeURIComponent does the UTF-8 work, including surrogate pairs.
      const wide = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
      out += encodeURIComponent(wide ? text.slice(i, i + 2) : text[i]!);
      if (wide) i++;
    }
  }
  return out;
}

/**
 * A request path in canonical spelling, or the same string when it already is. Escapes of raw-set
 * ASCII are decoded, other escapes get uppercase hex, raw ASCII from the encode set is encoded.
 * `%2F` stays encoded: decoding it would change the segment structure. Segments longer than
 * `maxSegment` are copied as they are: respelling only serves static comparisons, and such a
 * segment cannot spell any static key. One pass, O(length).
 */
export function normalisePath(path: string, maxSegment = Number.POSITIVE_INFINITY): string {
  const parts: string[] = [];
  let from = 0;
  let segment = 0;
  const n = path.length;
  for (let i = 0; i < n; i++) {
    const c = path.charCodeAt(i);
    if (c === 47) {
      segment = i + 1;
      let next = path.indexOf("/", segment);
      if (next === -1) next = n;
      // Skip a long segment wholesale; the loop resumes at its closing slash.
      if (next - segment > maxSegment) i = next - 1;
      continue;
    }
    if (c >= 128 || RAW[c] === 1) continue;
    let repl: string;
    let width = 1;
    if (c === 37) {
      const b = escapeAt(path, i);
      if (b < 0) continue; // a malformed escape is left alone; it simply matches nothing
      width = 3;
      if (b < 128 && RAW[b] === 1) repl = String.fromCharCode(b);
      else if (isUpperEscape(path, i)) {
        i += 2;
        continue;
      } else repl = pct(b);
    } else {
      repl = pct(c);
    }
    parts.push(path.slice(from, i), repl);
    from = i + width;
    i += width - 1;
  }
  if (from === 0) return path;
  parts.push(path.slice(from));
  return parts.join("");
}
