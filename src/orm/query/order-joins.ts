/**
 * Ordering across relations: `orderBy("author.name", "-author.publisher.name")` over forward
 * foreign keys, and `orderBy("choices.votes")` over reverse and many-to-many relations (dotted
 * paths, like `selectRelated`). Each path prefix becomes one LEFT JOIN (two for a many-to-many:
 * the through table, aliased `obt_<path>`, then the target), aliased `ob_<path>` so it never
 * meets a `selectRelated` join (`sr_...`) or a filter's subquery. As in Django, rows whose key
 * is NULL, or that have no related row, stay in the result and sort as NULL, and a row with
 * several related rows comes once per related row: the join repeats it.
 * @module
 */
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import type { AnyModel } from "../model/model.ts";
import { modelOf } from "../model/registry.ts";
import { relationsOf } from "../model/relations.ts";
import { keyPaths } from "./expr-text.ts";

export interface OrderJoin {
  readonly alias: string;
  /** The joined table. */
  readonly table: string;
  /** `on <alias>.<col> = <from>.<fromCol>`. */
  readonly col: string;
  /** The alias (or table) joined from. */
  readonly from: string;
  readonly fromCol: string;
}

export interface OrderPath {
  /** Every join the path needs, parents first. */
  readonly joins: readonly OrderJoin[];
  /** `ob_author.name`: the column sorted on. */
  readonly column: string;
  readonly field: FieldMeta;
}

/** The joins of one step from `from` (a row of `owner`) across `name`, and the model reached. */
function step(
  owner: ModelMeta,
  from: string,
  name: string,
  sofar: string,
): [OrderJoin[], ModelMeta] | undefined {
  const alias = `ob_${sofar}`;
  const f = owner.byName.get(name) ?? owner.byAttr.get(name);
  if (f !== undefined && f.spec.kind === "foreignKey") {
    const t = (f.spec.target!() as AnyModel).meta;
    return [[{ alias, table: t.table, col: t.pk.column, from, fromCol: f.column }], t];
  }
  if (f !== undefined) return undefined;
  const model = modelOf(owner);
  const rel = model === undefined ? undefined : relationsOf(model).get(name);
  if (rel === undefined) return undefined;
  const { through, src, dst, target } = rel;
  const t = target.meta;
  if (dst === undefined)
    return [[{ alias, table: t.table, col: src.column, from, fromCol: owner.pk.column }], t];
  const link = `obt_${sofar}`;
  const tm = through.meta;
  return [
    [
      { alias: link, table: tm.table, col: src.column, from, fromCol: owner.pk.column },
      { alias, table: t.table, col: t.pk.column, from: link, fromCol: dst.column },
    ],
    t,
  ];
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
    sofar = sofar === "" ? name : `${sofar}__${name}`;
    const s = name === "" ? undefined : step(owner, from, name, sofar);
    if (s === undefined)
      throw ormError(
        ERR_ORM_QUERY,
        `${owner.label} has no relation "${name}" to order across (in "${path}")`,
      );
    joins.push(...s[0]);
    owner = s[1];
    from = `ob_${sofar}`;
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
    for (const path of keyPaths(by))
      for (const j of orderPath(meta, path).joins) out.set(j.alias, j);
  }
  return [...out.values()];
}
