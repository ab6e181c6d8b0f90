/**
 * Path converters: how one segment (or, for greedy ones, the rest of the path) becomes a typed
 * param, and back. Every built-in is a single linear charCode scan: no regex, so no backtracking,
 * and the router caps the input length before a converter ever sees it.
 * @module
 */

/** Turns a decoded path segment into a value and back. */
export interface Converter<V> {
  /** The decoded segment (or rest of path when greedy); `undefined` means "does not match". */
  parse(segment: string): V | undefined;
  /** The value as decoded segment text; the router percent-encodes it. May throw on bad input. */
  format(value: V): string;
  /** Specificity: lower is tried first among params at the same position. Default 10. */
  rank?: number;
  /** Matches the rest of the path, slashes included; such a param must be the last segment. */
  greedy?: boolean;
}

/**
 * Param types by converter name, for `PathParams`. Augment it for custom converters:
 * `declare module "flagon" { interface ConverterTypes { hex: bigint } }`.
 */
export interface ConverterTypes {
  int: number;
  uuid: string;
  slug: string;
  path: string;
  string: string;
}

/** Ranks of the built-ins; typed converters (and custom ones by default) come first. */
export const RANK_TYPED = 10;
export const RANK_SLUG = 50;
export const RANK_STRING = 100;
export const RANK_PATH = 200;

const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER).length;

/** Non-negative decimal digits (leading zeros allowed, as Django does), up to MAX_SAFE_INTEGER. */
const int: Converter<number> = {
  parse(s) {
    const n = s.length;
    if (n === 0 || n > MAX_SAFE_DIGITS) return undefined;
    // Accumulating digits beats Number(s), which goes through the generic string-to-number path.
    // Past 2^53 the sum may round, but only upwards of MAX_SAFE_INTEGER, so it is still refused.
    let v = 0;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) return undefined;
      v = v * 10 + (c - 48);
    }
    return v <= Number.MAX_SAFE_INTEGER ? v : undefined;
  },
  format: (v) => String(v),
  rank: RANK_TYPED,
};

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Canonical 8-4-4-4-12 hex, any case; the value is lowercased so equal UUIDs compare equal. */
const uuid: Converter<string> = {
  parse(s) {
    if (s.length !== 36) return undefined;
    for (let i = 0; i < 36; i++) {
      const c = s.charCodeAt(i);
      if (i === 8 || i === 13 || i === 18 || i === 23) {
        if (c !== 45) return undefined;
      } else if (!isHex(c)) return undefined;
    }
    return s.toLowerCase();
  },
  format: (v) => String(v).toLowerCase(),
  rank: RANK_TYPED,
};

/** ASCII letters, digits, `_` and `-`, at least one. */
const slug: Converter<string> = {
  parse(s) {
    const n = s.length;
    if (n === 0) return undefined;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      const ok =
        (c >= 97 && c <= 122) ||
        (c >= 65 && c <= 90) ||
        (c >= 48 && c <= 57) ||
        c === 45 ||
        c === 95;
      if (!ok) return undefined;
    }
    return s;
  },
  format: (v) => String(v),
  rank: RANK_SLUG,
};

/** Any non-empty segment. The router never hands it a raw `/`, only a decoded `%2F`. */
const string: Converter<string> = {
  parse: (s) => (s.length === 0 ? undefined : s),
  format: (v) => String(v),
  rank: RANK_STRING,
};

/** The non-empty rest of the path, slashes included. */
const path: Converter<string> = {
  parse: (s) => (s.length === 0 ? undefined : s),
  format: (v) => String(v),
  rank: RANK_PATH,
  greedy: true,
};

export type BuiltinConverterName = "int" | "uuid" | "slug" | "string" | "path";

/** The built-in converters by name; user converters with the same name replace them. */
export const builtinConverters: Readonly<Record<BuiltinConverterName, Converter<any>>> = {
  int,
  uuid,
  slug,
  string,
  path,
};

/** The converter a plain `:name` uses. */
export const stringConverter: Converter<string> = string;
