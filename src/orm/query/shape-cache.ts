/**
 * Compiled SQL per query shape. A shape is everything but the values (table, columns, the
 * filter's structure, ordering, whether there is a limit), so `get(id=1)` and `get(id=2)` share
 * one entry and the second skips Kysely entirely. Bounded: when full it starts over, which costs
 * one recompile per live shape and never grows without limit under generated filters.
 * @module
 */
import type { Compilable } from "kysely";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import { Slot } from "./lower.ts";
import { countShape } from "./n-plus-one.ts";

export interface CompiledStatement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

interface Shape {
  readonly sql: string;
  /** For each `?` in `sql`, the index of its value in the collected values. */
  readonly order: readonly number[];
  /** `order` is 0, 1, 2...: the collected values are the parameters as they are. */
  readonly inOrder: boolean;
}

const MAX_SHAPES = 2000;
const shapes = new Map<string, Shape>();
let misses = 0;

/**
 * SQL for `key` (built with `make` on a miss) with `values` in the order the SQL binds them.
 * `count: false` is for compiling a statement that does not run now (the fast path's template),
 * which the N+1 detector must not count as a run.
 */
export function compileShape(
  key: string,
  values: readonly unknown[],
  make: (slot: () => Slot) => Compilable,
  count = true,
): CompiledStatement {
  let shape = shapes.get(key);
  if (shape === undefined) {
    misses++;
    let n = 0;
    const compiled = make(() => new Slot(n++)).compile();
    const order = compiled.parameters.map((p) => {
      if (!(p instanceof Slot)) throw ormError(ERR_ORM_QUERY, "Internal: a value escaped its slot");
      return p.i;
    });
    if (n !== values.length)
      throw ormError(ERR_ORM_QUERY, `Internal: ${n} slots for ${values.length} values`);
    shape = { sql: compiled.sql, order, inOrder: order.every((v, i) => v === i) };
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(key, shape);
  }
  if (count) countShape(key, shape.sql);
  // Most statements bind in collection order; a prefetch's IN list then is not copied again.
  const params = shape.inOrder ? values : shape.order.map((i) => values[i]);
  return { sql: shape.sql, params };
}

/** How many times a shape was compiled (for tests of the cache). */
export function shapeCacheMisses(): number {
  return misses;
}
