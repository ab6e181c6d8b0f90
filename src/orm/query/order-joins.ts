/**
 * Ordering across forward foreign keys: `orderBy("author.name", "-author.born")` (dotted paths,
 * like `selectRelated`). Each path prefix becomes one LEFT JOIN, aliased `ob_<path>` so it never
 * meets a `selectRelated` join (`sr_...`) or a filter's subquery; rows whose key is NULL stay in
 * the result and sort as NULL, as in Django.
 * @module
 */
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import type { AnyModel } from "../model/model.ts";

export interface OrderJoin {
  readonly alias: string;
  /** The alias (or table) holding the foreign key column. */
  readonly from: string;
  readonly fk: FieldMeta;
  readonly meta: ModelMeta;
}

export interface OrderPath {
  /** Every join the path needs, parents first. */
  readonly joins: readonly OrderJoin[];
  /** `ob_author.name`: the column sorted on. */
  readonly column: string;
  readonly field: FieldMeta;
}

/** Resolve `author.name` from `meta`; throws a coded error naming the wrong segment. */
export function orderPath(meta: ModelMeta, path: string): OrderPath {
  const parts = path.split(".");
  const last = parts.pop()!;
  const joins: OrderJoin[] = [];
  let owner = meta;
  let from = meta.table;
  let sofar = "";
  for (const name of parts) {
    const f = owner.byName.get(name) ?? owner.byAttr.get(name);
    if (f === undefined || f.spec.kind !== "foreignKey")
      throw ormError(
        ERR_ORM_QUERY,
        `${owner.label} has no foreign key "${name}" to order across (in "${path}")`,
      );
    sofar = sofar === "" ? name : `${sofar}__${name}`;
    const target = (f.spec.target!() as AnyModel).meta;
    const alias = `ob_${sofar}`;
    joins.push({ alias, from, fk: f, meta: target });
    owner = target;
    from = alias;
  }
  const field = owner.byAttr.get(last);
  if (field === undefined)
    throw ormError(
      ERR_ORM_QUERY,
      `${owner.label} has no field "${last}" to order by (in "${path}")`,
    );
  return { joins, column: `${from}.${field.column}`, field };
}

/** The joins all of these ordering keys (internal form) need, each alias once. */
export function orderJoins(meta: ModelMeta, keys: readonly string[]): OrderJoin[] {
  const out = new Map<string, OrderJoin>();
  for (const key of keys) {
    if (key === "?") continue;
    const by = key.split("|")[0]!.replace(/^-/, "");
    if (!by.includes(".")) continue;
    for (const j of orderPath(meta, by).joins) out.set(j.alias, j);
  }
  return [...out.values()];
}
