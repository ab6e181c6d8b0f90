/**
 * Finding `CRLF--boundary` delimiters in a body that arrives in chunks of any size. Linear in the
 * input: each chunk is searched once with `Buffer.indexOf` (a Boyer-Moore-Horspool search in
 * native code) and at most one delimiter-length tail is held back between chunks; no regular
 * expression ever runs over the body and no chunk is copied.
 * @module
 */

/** Yielded in place of each delimiter found. */
export const DELIMITER: unique symbol = Symbol("multipart delimiter");

/** Data between delimiters (a subarray of the input, never copied) or a delimiter. */
export type ScanEvent = Buffer | typeof DELIMITER;

const CR = 13;

export class DelimiterScanner {
  readonly #delimiter: Buffer;
  /**
   * How many leading bytes of the delimiter the previous chunk ended with. They are not stored:
   * they are by definition `#delimiter[0, matched)`. Starts at 2, a virtual CRLF, so a body that
   * opens directly with `--boundary` (no preamble, the usual case) needs no special path.
   */
  #matched = 2;

  constructor(boundary: string) {
    this.#delimiter = Buffer.from(`\r\n--${boundary}`, "latin1");
  }

  /** Bytes held back as a possible delimiter start (for tests and end-of-body checks). */
  get pending(): number {
    return this.#matched;
  }

  /** Scan one chunk; the events cover every byte of it except a possible delimiter-start tail. */
  *scan(chunk: Buffer): Generator<ScanEvent, void, undefined> {
    const d = this.#delimiter;
    const len = d.length;
    let pos = 0;
    if (this.#matched > 0) {
      const k = this.#matched;
      const n = Math.min(len - k, chunk.length);
      if (chunk.compare(d, k, k + n, 0, n) === 0) {
        if (k + n < len) {
          this.#matched = k + n;
          return;
        }
        this.#matched = 0;
        pos = n;
        yield DELIMITER;
      } else {
        this.#matched = 0;
        // The held bytes were data after all. The boundary cannot contain CR, so CR occurs only
        // at the delimiter's first byte and no later position of the held bytes can start one.
        yield Buffer.from(d.subarray(0, k));
      }
    }
    for (;;) {
      const at = chunk.indexOf(d, pos);
      if (at === -1) break;
      if (at > pos) yield chunk.subarray(pos, at);
      pos = at + len;
      yield DELIMITER;
    }
    // Hold back a tail that may be a delimiter cut by the chunk edge. Such a tail starts with
    // the only CR in it, so the last CR of the final len-1 bytes is the one candidate.
    let tail = chunk.length;
    for (let i = chunk.length - 1; i >= Math.max(pos, chunk.length - len + 1); i--) {
      if (chunk[i] !== CR) continue;
      if (chunk.compare(d, 0, chunk.length - i, i) === 0) tail = i;
      break;
    }
    if (tail > pos) yield chunk.subarray(pos, tail);
    this.#matched = chunk.length - tail;
  }
}
