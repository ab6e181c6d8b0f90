/**
 * Where prefetched multi-valued relations are kept: on each instance, for its related manager to
 * return, in private class fields stamped onto it. Its enumerable properties stay its row, and
 * a spread copy, JSON or `deepEqual` never sees them. Not a WeakMap: an entry per loaded instance
 * made the garbage collector's ephemeron work a quarter of a prefetch's time. Not a
 * non-enumerable symbol property: `Object.defineProperty` per instance cost three times the
 * stamp.
 * @module
 */

type Rows = readonly unknown[];

/** A base whose constructor returns the object it is given, so a subclass can stamp fields on it. */
class Returning {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the point: fields land on `target`
    return target;
  }
}

/**
 * The prefetched lists of an instance, in private fields that `new Kept(owner)` adds to the
 * owner itself (a class's fields are defined on whatever its base constructor returned). A
 * private field is invisible to keys, spread, JSON and structural equality, and adding one is an
 * ordinary inline-cached store. The first relation's list sits in two fields, the rest in a map:
 * most owners have one, and a map per owner was a twentieth of a prefetch's allocations (19 of 353 KB).
 */
class Kept extends Returning {
  #name: string | undefined;
  #rows: Rows | undefined;
  #more: Map<string, Rows> | undefined;

  static rows(owner: object, name: string): Rows | undefined {
    if (!(#name in owner)) return undefined;
    const o = owner as Kept;
    return o.#name === name ? o.#rows : o.#more?.get(name);
  }

  static keep(owner: object, name: string, rows: Rows): void {
    if (!(#name in owner)) new Kept(owner);
    const o = owner as Kept;
    if (o.#name === undefined || o.#name === name) {
      o.#name = name;
      o.#rows = rows;
      o.#more?.delete(name);
    } else {
      o.#more ??= new Map();
      o.#more.set(name, rows);
    }
  }

  static forget(owner: object, name: string): void {
    if (!(#name in owner)) return;
    const o = owner as Kept;
    if (o.#name === name) {
      o.#name = undefined;
      o.#rows = undefined;
    }
    o.#more?.delete(name);
  }
}

/** The rows prefetched for `owner`'s relation `name`, if any. */
export function prefetched(owner: object, name: string): Rows | undefined {
  return Kept.rows(owner, name);
}

/** Drop what was prefetched for `owner`'s relation (its links just changed). */
export function forget(owner: object, name: string): void {
  Kept.forget(owner, name);
}

/** Keep `rows` as what was prefetched for `owner`'s relation `name`. */
export function keepPrefetched(owner: object, name: string, rows: readonly unknown[]): void {
  Kept.keep(owner, name, rows);
}
