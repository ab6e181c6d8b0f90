/**
 * What a queryset holds: an immutable record of its filters, ordering, slice, database and
 * output mode, and the SELECT it describes. `QuerySet` methods each return a copy with a patch.
 * @module
 */
import type { Database } from "../db/index.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import type { AnyModel } from "../model/model.ts";
import type { Probe } from "./fast-lookup.ts";
import type { Node } from "./node.ts";
import type { PrefetchLookup } from "./prefetch-lookup.ts";
import type { RowLock } from "./row-locks.ts";
import { planJoins } from "./select-related.ts";
import type { SelectSpec } from "./statements.ts";
import { resolveDatabase, type Using } from "./using.ts";

export type Mode = "instances" | "values" | "list" | "flat";

export interface State {
  readonly model: AnyModel;
  readonly where: readonly Node[];
  /** `undefined`: the model's default ordering. */
  readonly order: readonly string[] | undefined;
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  readonly using: Using;
  readonly mode: Mode;
  readonly columns: readonly FieldMeta[] | undefined;
  /**
   * Relation paths and `Prefetch` lookups loaded after the rows, one query per relation
   * (`prefetchRelated`).
   */
  readonly prefetch: readonly PrefetchLookup[];
  /** Forward foreign keys joined into the query (`selectRelated`). */
  readonly related: readonly string[];
  readonly distinct: boolean;
  /** `selectForUpdate()`. */
  readonly lock: RowLock | undefined;
  /** Rows already known (a related manager's prefetched rows); dropped by any change. */
  readonly prefilled: readonly unknown[] | undefined;
  /** Set by `filter()` when its one filter is `{ column: value }`, for the fast path. */
  readonly probe?: Probe | undefined;
}

/** Django's trick: fetch up to this many rows in `get()` to say how many matched. */
export const GET_LIMIT = 21;

/** The empty list every fresh state starts from: state lists are replaced, never changed. */
const NONE: readonly never[] = Object.freeze([]);

/**
 * The state of a model's root queryset (its `objects`): every row, nothing else; or, with the
 * other arguments, a related manager's queryset (`parent.children.all()`), built in one object
 * because a loop over prefetched parents makes one per parent.
 */
export function rootState(
  model: AnyModel,
  using: Using = undefined,
  where: readonly Node[] = NONE,
  prefilled: readonly unknown[] | undefined = undefined,
): State {
  return {
    model,
    where,
    order: undefined,
    limit: undefined,
    offset: undefined,
    using,
    mode: "instances",
    columns: undefined,
    prefetch: NONE,
    related: NONE,
    distinct: false,
    lock: undefined,
    prefilled,
  };
}

/** The model a foreign key points at (resolved on first use). */
export function targetMeta(f: FieldMeta): ModelMeta {
  return (f.spec.target!() as AnyModel).meta;
}

/** The fields named by `keys` (row properties), or every field when there are none. */
export function columnsFor(meta: ModelMeta, keys: readonly string[]): readonly FieldMeta[] {
  if (keys.length === 0) return meta.fields;
  return keys.map((k) => {
    const f = meta.byAttr.get(k);
    if (f === undefined) throw ormError(ERR_ORM_QUERY, `${meta.label} has no field "${k}"`);
    return f;
  });
}

/** The SELECT a state describes, with `patch` over it. */
export function selectSpec(s: State, patch: Partial<SelectSpec> = {}): SelectSpec {
  const meta = s.model.meta;
  return {
    meta,
    where: { t: "and", items: s.where },
    order: s.order ?? meta.ordering,
    limit: s.limit,
    offset: s.offset,
    columns: s.columns ?? meta.fields,
    distinct: s.distinct,
    lock: s.lock,
    joins: s.mode === "instances" && s.related.length > 0 ? planJoins(meta, s.related) : undefined,
    ...patch,
  };
}

/** The database a state runs on: `using()`'s, else the router's for reads or writes. */
export function stateDb(s: State, write: boolean): Database {
  return resolveDatabase(s.using, s.model.meta.label, write);
}

/** Refuse an operation Django refuses on a sliced queryset. */
export function checkUnsliced(s: State, what: string): void {
  if (s.limit !== undefined || s.offset !== undefined)
    throw ormError(ERR_ORM_QUERY, `Cannot ${what} a sliced queryset`);
}

/**
 * The limit and offset of `s` (a queryset's state or an annotated one's) sliced again from
 * `start` to `end` (exclusive).
 */
export function slicePatch(
  s: { readonly offset: number | undefined; readonly limit: number | undefined },
  start: number,
  end: number | undefined,
): { offset: number | undefined; limit: number | undefined } {
  const ok = (n: number | undefined) => n === undefined || (Number.isSafeInteger(n) && n >= 0);
  if (!ok(start) || !ok(end) || (end !== undefined && end < start))
    throw ormError(ERR_ORM_QUERY, "slice() takes 0 <= start <= end, whole numbers");
  const off0 = s.offset ?? 0;
  const offset = off0 + start;
  let limit = end === undefined ? undefined : end - start;
  if (s.limit !== undefined) {
    const cap = off0 + s.limit;
    limit = Math.max(0, Math.min(limit === undefined ? cap : offset + limit, cap) - offset);
  }
  return { offset: offset === 0 ? undefined : offset, limit };
}

/** The order of `first()`: the queryset's, else by primary key. */
export function orderOrPk(s: State): readonly string[] {
  const order = s.order ?? s.model.meta.ordering;
  return order.length > 0 ? order : [s.model.meta.pk.attr];
}

/** `get()`: up to GET_LIMIT rows, unordered. */
export const getSpec = (s: State): SelectSpec => selectSpec(s, { limit: GET_LIMIT, order: [] });
/** `first()` of an unsliced state (filter() refuses sliced ones, so a probed state is one). */
export const firstSpec = (s: State): SelectSpec =>
  selectSpec(s, { order: orderOrPk(s), limit: 1, offset: undefined });
