/**
 * The fast path for fully static routes, consulted before any tree walk. Not a Map: hashing a
 * fresh request string (every request brings a new one) costs ~35 ns on Node 24, more than the
 * whole walk of a short path. Instead, static paths are bucketed by length and by a two-character
 * fingerprint, and compared with `===`; a param path usually lands in an empty bucket after two
 * character reads.
 * @module
 */
import type { Node } from "./node.ts";

const SLOTS = 64;

/** Cheap and good enough: paths of one length mostly differ at the end or in the middle. */
function slot(path: string, len: number): number {
  return (path.charCodeAt(len - 1) ^ (path.charCodeAt(len >> 1) << 2)) & (SLOTS - 1);
}

interface Bucket<T> {
  paths: string[];
  nodes: Node<T>[];
}

export class StaticTable<T> {
  /** `buckets[len * SLOTS + slot]`: the static paths with that length and fingerprint. */
  readonly #buckets: Array<Bucket<T> | undefined> = [];

  /** Register a fully static path (canonical spelling); the node holds its routes. */
  add(path: string, node: Node<T>): void {
    const len = path.length;
    const at = len * SLOTS + slot(path, len);
    while (this.#buckets.length <= at) this.#buckets.push(undefined);
    const bucket = (this.#buckets[at] ??= { paths: [], nodes: [] });
    if (!bucket.paths.includes(path)) {
      bucket.paths.push(path);
      bucket.nodes.push(node);
    }
  }

  /** The node of the static path equal to `path`, or null. */
  get(path: string): Node<T> | null {
    const len = path.length;
    const at = len * SLOTS + slot(path, len);
    if (at >= this.#buckets.length) return null;
    const bucket = this.#buckets[at];
    if (bucket === undefined) return null;
    const paths = bucket.paths;
    for (let i = 0; i < paths.length; i++) {
      if (paths[i] === path) return bucket.nodes[i]!;
    }
    return null;
  }
}
