/**
 * `QuerySet.iterator()`: the rows in chunks, one query per chunk. Instances in the default order
 * page by primary key (`WHERE pk > last`), exact while rows are added; anything else pages by
 * LIMIT/OFFSET over its ordering plus the key.
 * @module
 */
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { Node } from "./node.ts";
import type { State } from "./query-state.ts";

/** The part of a queryset the iterator uses (kept structural to avoid an import cycle). */
export interface Pageable<R> {
  whereNode(node: Node): Pageable<R>;
  slice(start: number, end?: number): PromiseLike<R[]>;
}

/** Yield the rows of state `s` in chunks of `chunkSize`; `derive` copies it with a patch. */
export async function* iterate<R>(
  s: State,
  chunkSize: number | undefined,
  derive: (patch: Partial<State>) => Pageable<R>,
): AsyncGenerator<R, void> {
  const size = chunkSize ?? 2000;
  if (!Number.isSafeInteger(size) || size < 1)
    throw ormError(ERR_ORM_QUERY, "iterator(): chunkSize is a positive whole number");
  const meta = s.model.meta;
  const pk = meta.pk;
  const order = s.order ?? meta.ordering;
  const sliced = s.limit !== undefined || s.offset !== undefined;
  if (s.mode === "instances" && order.length === 0 && !sliced && !s.distinct) {
    let last: unknown;
    for (;;) {
      let qs = derive({ order: [pk.attr] });
      if (last !== undefined)
        qs = qs.whereNode({ t: "cmp", table: meta.table, f: pk, op: "gt", v: last });
      const rows = await qs.slice(0, size);
      yield* rows;
      if (rows.length < size) return;
      last = (rows[rows.length - 1] as Record<string, unknown>)[pk.attr];
    }
  }
  const keyed = order.some((k) => k.split("|")[0]!.replace(/^-/, "") === pk.attr);
  const stable = derive({ order: keyed || order.includes("?") ? order : [...order, pk.attr] });
  for (let at = 0; ; at += size) {
    const rows = await stable.slice(at, at + size);
    yield* rows;
    if (rows.length < size) return;
  }
}
