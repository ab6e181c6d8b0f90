/**
 * Flat query-string / `application/x-www-form-urlencoded` parsing with `URLSearchParams`
 * semantics, and `QueryDict`, the multi-value map handed to handlers. Keys are never nested:
 * `a[b]=1` is the key `"a[b]"`, so bracket-parser amplification and prototype pollution cannot
 * happen, and keys live in an array and a `Map`, never as object properties.
 * @module
 */
import { ERR_TOO_MANY_PARAMS, FlagonError } from "./errors.ts";

/** Up to this many pairs, lookups scan the pair list; beyond it a `Map` index is built once. */
const SCAN_LIMIT = 8;

/**
 * A read-mostly multi-value map of query or form parameters, in the order received.
 * `get` returns the FIRST value for a key (like Flask's `request.args.get` and
 * `URLSearchParams.get`; Django's `QueryDict.get` returns the last). `getAll` returns all.
 */
export class QueryDict implements Iterable<[string, string]> {
  // Flat [key0, value0, key1, value1, ...]: one array however many pairs.
  readonly #pairs: string[] = [];
  #index: Map<string, string[]> | undefined;

  constructor(pairs?: Iterable<readonly [string, string]>) {
    if (pairs !== undefined) for (const [k, v] of pairs) this.append(k, v);
  }

  /** Add a pair at the end (used while parsing and by multipart form building). */
  append(key: string, value: string): void {
    this.#pairs.push(key, value);
    const index = this.#index;
    if (index !== undefined) {
      const list = index.get(key);
      if (list === undefined) index.set(key, [value]);
      else list.push(value);
    }
  }

  /** Number of pairs, counting repeated keys (like `URLSearchParams.size`). */
  get size(): number {
    return this.#pairs.length >> 1;
  }

  /** The first value for `key`, or `undefined`. */
  get(key: string): string | undefined {
    const pairs = this.#pairs;
    if (pairs.length <= SCAN_LIMIT * 2) {
      for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === key) return pairs[i + 1];
      return undefined;
    }
    return this.#lookup().get(key)?.[0];
  }

  /** Every value for `key` in order (a fresh array; empty when absent). */
  getAll(key: string): string[] {
    const pairs = this.#pairs;
    if (pairs.length <= SCAN_LIMIT * 2) {
      const out: string[] = [];
      for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === key) out.push(pairs[i + 1]!);
      return out;
    }
    const list = this.#lookup().get(key);
    return list === undefined ? [] : list.slice();
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Distinct keys in order of first appearance. */
  keys(): IterableIterator<string> {
    return this.#lookup().keys();
  }

  /** Every pair in order, repeated keys included. */
  *entries(): IterableIterator<[string, string]> {
    const pairs = this.#pairs;
    for (let i = 0; i < pairs.length; i += 2) yield [pairs[i]!, pairs[i + 1]!];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /** A null-prototype record with the FIRST value of each key. */
  toObject(): Record<string, string> {
    const out: Record<string, string> = Object.create(null);
    const pairs = this.#pairs;
    for (let i = 0; i < pairs.length; i += 2) {
      const k = pairs[i]!;
      if (!(k in out)) out[k] = pairs[i + 1]!;
    }
    return out;
  }

  /** For logs and JSON responses: a key seen once maps to its value, a repeated key to an array. */
  toJSON(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = Object.create(null);
    for (const [k, list] of this.#lookup()) out[k] = list.length === 1 ? list[0]! : list.slice();
    return out;
  }

  #lookup(): Map<string, string[]> {
    if (this.#index !== undefined) return this.#index;
    const index = new Map<string, string[]>();
    const pairs = this.#pairs;
    for (let i = 0; i < pairs.length; i += 2) {
      const list = index.get(pairs[i]!);
      if (list === undefined) index.set(pairs[i]!, [pairs[i + 1]!]);
      else list.push(pairs[i + 1]!);
    }
    this.#index = index;
    return index;
  }
}

export interface ParseQueryOptions {
  /** More pairs than this throws `FLG_ERR_TOO_MANY_PARAMS` (413). Default 1000. */
  maxParams?: number;
}

/**
 * Parse `a=1&b=2` (an optional leading `?` is dropped). `+` is a space, percent-escapes are
 * decoded as UTF-8, malformed escapes stay literal and invalid UTF-8 becomes U+FFFD — exactly
 * what `URLSearchParams` does. Empty segments are skipped; `a` alone is `a=""`. Never throws
 * except `FLG_ERR_TOO_MANY_PARAMS` (status 413) when there are more than `maxParams` pairs.
 */
export function parseQuery(qs: string, options: ParseQueryOptions = {}): QueryDict {
  const dict = new QueryDict();
  if (typeof qs !== "string" || qs.length === 0) return dict;
  // Lone surrogates become U+FFFD up front, as URLSearchParams does (one native scan).
  const text = isWellFormed(qs) ? qs : toWellFormed(qs);
  const maxParams = options.maxParams ?? 1000;
  const len = text.length;
  let pos = text.charCodeAt(0) === 0x3f ? 1 : 0;
  let count = 0;
  let nextEq = text.indexOf("=", pos);
  while (pos < len) {
    let end = text.indexOf("&", pos);
    if (end === -1) end = len;
    if (end > pos) {
      if (++count > maxParams) {
        throw new FlagonError(
          ERR_TOO_MANY_PARAMS,
          `Too many parameters (the limit is ${maxParams})`,
          413,
        );
      }
      // The next "=" is searched only once it is behind us, so "a&a&...&a=1" stays linear.
      if (nextEq !== -1 && nextEq < pos) nextEq = text.indexOf("=", pos);
      const eq = nextEq === -1 || nextEq > end ? end : nextEq;
      dict.append(
        decodeComponent(text.slice(pos, eq)),
        eq < end ? decodeComponent(text.slice(eq + 1, end)) : "",
      );
    }
    pos = end + 1;
  }
  return dict;
}

type WellFormed = { isWellFormed(): boolean; toWellFormed(): string };

function isWellFormed(s: string): boolean {
  return (s as unknown as WellFormed).isWellFormed();
}

function toWellFormed(s: string): string {
  return (s as unknown as WellFormed).toWellFormed();
}

/** Form-urlencoded decoding of one key or value; only strings holding `+` or `%` allocate. */
function decodeComponent(s: string): string {
  const hasPlus = s.indexOf("+") !== -1;
  if (s.indexOf("%") === -1) return hasPlus ? s.replaceAll("+", " ") : s;
  const t = hasPlus ? s.replaceAll("+", " ") : s;
  try {
    return decodeURIComponent(t);
  } catch {
    return decodeLenient(t);
  }
}

// The WHATWG percent-decode, on the UTF-8 bytes of the string: valid escapes become bytes, the
// rest is copied, then one UTF-8 decode with replacement. Only reached when decodeURIComponent
// refused the input (a malformed escape or invalid UTF-8), so it may allocate.
function decodeLenient(s: string): string {
  const src = Buffer.from(s, "utf8");
  const out = Buffer.allocUnsafe(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b === 0x25 && i + 2 < src.length) {
      const hi = hexValue(src[i + 1]!);
      const lo = hexValue(src[i + 2]!);
      if (hi !== -1 && lo !== -1) {
        out[n++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    out[n++] = b;
  }
  return out.toString("utf8", 0, n);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x57;
  return -1;
}
