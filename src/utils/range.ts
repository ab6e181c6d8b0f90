/**
 * `Range: bytes=...` parsing (RFC 9110 section 14). One range at most is ever served, so a
 * header with hundreds of ranges costs one comma count and cannot amplify the response.
 * @module
 */

export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive. */
  end: number;
}

export interface ParseRangeOptions {
  /**
   * Most ranges accepted in one header. A header with more is ignored (full 200). With a limit
   * above 1, several ranges are coalesced into the one range covering them all. Default 1.
   */
  maxRanges?: number;
}

const DIGITS = /^[0-9]+$/;

/**
 * Parse a `Range` header for a representation of `size` bytes.
 *
 * - `undefined`: no header, another unit, a malformed header, too many ranges, or an empty file
 *   — serve the whole body with 200 (a server may always ignore Range).
 * - `"unsatisfiable"`: well-formed but no range overlaps the body — answer 416 with
 *   `Content-Range: bytes *\/size`.
 * - `{ start, end }`: serve that slice with 206; `end` is clamped to `size - 1`.
 *
 * Forms: `bytes=0-99`, `bytes=100-` (to the end), `bytes=-100` (the last 100 bytes).
 */
export function parseRange(
  header: string | undefined,
  size: number,
  options: ParseRangeOptions = {},
): ByteRange | "unsatisfiable" | undefined {
  if (typeof header !== "string" || !Number.isSafeInteger(size) || size <= 0) return undefined;
  const eq = header.indexOf("=");
  if (eq === -1 || header.slice(0, eq).trim().toLowerCase() !== "bytes") return undefined;
  const maxRanges = options.maxRanges ?? 1;
  let count = 1;
  for (let i = header.indexOf(",", eq); i !== -1; i = header.indexOf(",", i + 1)) {
    if (++count > maxRanges) return undefined;
  }
  let start = Number.POSITIVE_INFINITY;
  let end = -1;
  for (const spec of count === 1 ? [header.slice(eq + 1)] : header.slice(eq + 1).split(",")) {
    const r = parseOne(spec.trim(), size);
    if (r === undefined) return undefined;
    if (r === "unsatisfiable") continue;
    if (r.start < start) start = r.start;
    if (r.end > end) end = r.end;
  }
  return end === -1 ? "unsatisfiable" : { start, end };
}

function parseOne(spec: string, size: number): ByteRange | "unsatisfiable" | undefined {
  const dash = spec.indexOf("-");
  if (dash === -1) return undefined;
  const first = spec.slice(0, dash);
  const last = spec.slice(dash + 1);
  if (first.length === 0) {
    // suffix-range: the last N bytes; N = 0 selects nothing.
    if (!DIGITS.test(last)) return undefined;
    const n = Number(last);
    if (n === 0) return "unsatisfiable";
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  if (!DIGITS.test(first) || (last.length > 0 && !DIGITS.test(last))) return undefined;
  const start = Number(first);
  if (last.length === 0) return start >= size ? "unsatisfiable" : { start, end: size - 1 };
  const end = Number(last);
  // "5-1" is not a range at all (RFC 9110 14.1.1): ignore the header rather than answer 416.
  if (end < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return { start, end: Math.min(end, size - 1) };
}
