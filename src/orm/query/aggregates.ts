/**
 * Aggregates over a queryset: `Count`, `Sum`, `Avg`, `Min`, `Max`, computed by the database in
 * one `SELECT` and returned as one plain object. Like `F`, an aggregate names a field that is
 * resolved where it is used. Results are JS numbers (`Count` always; `Sum`/`Avg` when there are
 * rows, else `null`), except `Min`/`Max`, which come back as the field's own type.
 * @module
 */
import { sql } from "kysely";
import type { DialectName } from "../db/index.ts";
import { fromDb } from "../model/convert.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import { builderFor } from "./kysely-seam.ts";
import { build, type Collected, collect, isEmptyNode } from "./lower.ts";
import type { Node } from "./node.ts";
import { type CompiledStatement, compileShape } from "./shape-cache.ts";

type Fn = "count" | "sum" | "avg" | "min" | "max";

/** An aggregate over a field; `Out` is its result type. */
export class Aggregate<Out> {
  declare readonly __out: Out;
  readonly fn: Fn;
  readonly field: string;
  readonly distinct: boolean;
  constructor(fn: Fn, field: string, distinct = false) {
    this.fn = fn;
    this.field = field;
    this.distinct = distinct;
  }
}

export const Count = (field = "id", o: { readonly distinct?: boolean } = {}): Aggregate<number> =>
  new Aggregate("count", field, o.distinct === true);
export const Sum = (field: string): Aggregate<number | null> => new Aggregate("sum", field);
export const Avg = (field: string): Aggregate<number | null> => new Aggregate("avg", field);
/**
 * The smallest value, as the field's type, or `null`; say the type for non-numbers
 * (`Min<Date>("published")`). `NoInfer` keeps the surrounding call from inferring `unknown`.
 */
export const Min = <T = number>(field: string): Aggregate<NoInfer<T> | null> =>
  new Aggregate("min", field);
export const Max = <T = number>(field: string): Aggregate<NoInfer<T> | null> =>
  new Aggregate("max", field);

interface Planned {
  readonly name: string;
  readonly agg: Aggregate<unknown>;
  readonly f: FieldMeta;
}

export function plan(meta: ModelMeta, aggs: Record<string, Aggregate<unknown>>): Planned[] {
  return Object.entries(aggs).map(([name, agg]) => {
    if (!(agg instanceof Aggregate))
      throw ormError(ERR_ORM_QUERY, `aggregate(): "${name}" is not Count/Sum/Avg/Min/Max`);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw ormError(ERR_ORM_QUERY, `aggregate(): "${name}" is not a usable name`);
    const f = meta.byAttr.get(agg.field) ?? meta.byName.get(agg.field);
    if (f === undefined)
      throw ormError(ERR_ORM_QUERY, `${agg.fn}("${agg.field}"): ${meta.label} has no such field`);
    // A sum or mean of decimals would come back as a JS float: not until it can stay exact.
    if ((agg.fn === "sum" || agg.fn === "avg") && f.spec.kind === "decimal")
      throw ormError(
        ERR_ORM_QUERY,
        `${agg.fn}() of the decimal field ${f.name} is not supported yet`,
      );
    return { name, agg, f };
  });
}

export function compileAggregate(
  meta: ModelMeta,
  where: Node,
  planned: readonly Planned[],
  dialect: DialectName,
): CompiledStatement {
  const shape = planned.map(
    (p) => `${p.name}=${p.agg.fn}${p.agg.distinct ? "d" : ""}(${p.f.column})`,
  );
  const c: Collected = {
    key: `${dialect}|aggregate|${meta.table}|${shape.join(",")}|`,
    values: [],
  };
  const empty = isEmptyNode(where);
  if (!empty) collect(where, dialect, c);
  return compileShape(c.key, c.values, (slot) => {
    const cols = planned.map((p) => {
      const ref = sql.ref(`${meta.table}.${p.f.column}`);
      const arg = p.agg.distinct ? sql`distinct ${ref}` : ref;
      return sql`${sql.raw(p.agg.fn)}(${arg})`.as(p.name);
    });
    let q = builderFor(dialect).selectFrom(meta.table).select(cols);
    if (!empty) q = q.where((eb) => build(where, eb as never, dialect, slot));
    return q;
  });
}

/** One result row as JS values. */
export function readAggregate(
  row: Record<string, unknown> | undefined,
  planned: readonly Planned[],
  dialect: DialectName,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, agg, f } of planned) {
    const v = row?.[name] ?? null;
    if (agg.fn === "count") out[name] = Number(v ?? 0);
    else if (v === null) out[name] = null;
    else if (agg.fn === "min" || agg.fn === "max") out[name] = fromDb(f, v, dialect);
    else out[name] = Number(v);
  }
  return out;
}
