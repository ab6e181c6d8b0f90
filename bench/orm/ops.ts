/**
 * The five operations, each as a pair: the idiomatic ORM call and the same work by hand on the
 * raw driver. Both sides return what a handler would use, so neither skips the row decoding.
 * @module
 */

/** One implementation of an operation; `i` varies the key so caches cannot answer every call. */
export type Op = (i: number) => Promise<unknown>;

export interface OpPair {
  name: string;
  orm: Op;
  raw: Op;
}

/** The operation names, in table order. */
export const OP_NAMES = [
  "get by key",
  "filter 20 rows",
  "insert one",
  "update one",
  "100 parents + prefetched children",
] as const;
