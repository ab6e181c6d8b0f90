/**
 * RFC 8187 extended parameter values, as in `filename*=UTF-8''%E2%82%AC%20rates.txt`: how
 * clients send file names that do not fit in ASCII.
 * @module
 */

function hex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** Percent-decode to bytes; a `%` not followed by two hex digits is kept literally. */
function percentDecode(s: string): Buffer {
  const src = Buffer.from(s, "utf8");
  const out = Buffer.allocUnsafe(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === 37 && i + 2 < src.length) {
      const hi = hex(src[i + 1]!);
      const lo = hex(src[i + 2]!);
      if (hi >= 0 && lo >= 0) {
        out[n++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    out[n++] = c;
  }
  return out.subarray(0, n);
}

/**
 * Decode `charset'language'value`. UTF-8 and ISO-8859-1 are the charsets RFC 8187 requires;
 * any other gives `undefined` so the caller can fall back to the plain parameter. Invalid UTF-8
 * becomes U+FFFD rather than an error: the result is a label, not data.
 */
export function decodeExtValue(raw: string): string | undefined {
  const first = raw.indexOf("'");
  const second = first === -1 ? -1 : raw.indexOf("'", first + 1);
  if (second === -1) return undefined;
  const charset = raw.slice(0, first).trim().toLowerCase();
  const bytes = percentDecode(raw.slice(second + 1));
  if (charset === "utf-8") return bytes.toString("utf8");
  if (charset === "iso-8859-1") return bytes.toString("latin1");
  return undefined;
}
