/**
 * Aggregates over a queryset: `Count`, `Sum`, `Avg`, `Min`, `Max`, computed by the database in
 * one `SELECT` and returned as one plain object. Like `F`, an aggregate names a field that is
 * resolved where it is used. Results are JS numbers (`Count` always; `Sum`/`Avg` when there are
 * rows, else `null`), except `Min`/`Max`, which come back as the field's own type, and `Sum`/`Avg`
 * of a decimal, exact decimal strings (decimal-sql.ts).
 * @module
 */
import { sql } from "kysely";
import type { DialectName } from "../db/index.ts";
import { fromDb } from "../model/convert.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import { type AggExpr, type AggOperand, arith, type LeavesOf } from "./aggregate-arith.ts";
import type { DivOptions, Expr } from "./expressions.ts";
import { builderFor } from "./kysely-seam.ts";
import { build, type Collected, collect, isEmptyNode } from "./lower.ts";
import type { Node } from "./node.ts";
import { type CompiledStatement, compileShape } from "./shape-cache.ts";

/** The aggregate functions. */
export type Fn = "count" | "sum" | "avg" | "min" | "max";

/** What an aggregate reads: a field or path (`"books.pages"`), or an `F` expression. */
export type AggregateArg = string | Expr;

/** The names an aggregate's argument reads (type only): the path, or the expression's names. */
type RefsOf<X> = X extends Expr<infer P> ? P : X extends string ? X : string;

/** Options of `Count`/`Sum`/`Avg`: `distinct` aggregates each distinct value once. */
export interface AggregateOptions {
  readonly distinct?: boolean;
}

/**
 * An aggregate over a field, a path across relations or an `F` expression; `Out` is its result
 * type and `P` (type only) the names it reads, checked by `annotate()` against the model.
 */
export class Aggregate<Out, P extends string = string, K extends Fn = Fn> {
  declare readonly __out: Out;
  declare readonly __refs: P;
  /** Type only: which aggregate, so `Sum`/`Avg` of a decimal type as a decimal string. */
  declare readonly __fn: K;
  readonly fn: Fn;
  readonly field: AggregateArg;
  readonly distinct: boolean;
  constructor(fn: Fn, field: AggregateArg, distinct = false) {
    this.fn = fn;
    this.field = field;
    this.distinct = distinct;
  }
  /** Arithmetic with numbers, `F`s and other aggregates: `Sum("a").add(Max("b"))` (aggregate-arith.ts). */
  add<const X extends AggOperand>(x: X): AggExpr<Aggregate<Out, P, K> | LeavesOf<X>> {
    return arith(this as Aggregate<Out, P, K>, "+", x);
  }
  sub<const X extends AggOperand>(x: X): AggExpr<Aggregate<Out, P, K> | LeavesOf<X>> {
    return arith(this as Aggregate<Out, P, K>, "-", x);
  }
  mul<const X extends AggOperand>(x: X): AggExpr<Aggregate<Out, P, K> | LeavesOf<X>> {
    return arith(this as Aggregate<Out, P, K>, "*", x);
  }
  /** Division: exact with `places` when a decimal is read, else as each backend divides. */
  div<const X extends AggOperand>(
    x: X,
    o: DivOptions = {},
  ): AggExpr<Aggregate<Out, P, K> | LeavesOf<X>> {
    return arith(this as Aggregate<Out, P, K>, "/", x, o);
  }
}

export const Count = <const X extends AggregateArg = "id">(
  field: X = "id" as X,
  o: AggregateOptions = {},
): Aggregate<number, RefsOf<X>, "count"> => new Aggregate("count", field, o.distinct === true);
export const Sum = <const X extends AggregateArg>(
  field: X,
  o: AggregateOptions = {},
): Aggregate<number | null, RefsOf<X>, "sum"> => new Aggregate("sum", field, o.distinct === true);
export const Avg = <const X extends AggregateArg>(
  field: X,
  o: AggregateOptions = {},
): Aggregate<number | null, RefsOf<X>, "avg"> => new Aggregate("avg", field, o.distinct === true);
/**
 * Type only: the default result of `Min`/`Max`, which `annotate()`/`aggregate()` replace with
 * the type of the field the path ends on (a decimal's string, a date's `Date` ...).
 */
export interface FieldTyped {
  readonly __fieldTyped: true;
}

/**
 * The smallest value, as the field's type (inferred from the path), or `null`; a type given
 * (`Min<Date>("published")`) is taken as is. `NoInfer` keeps the surrounding call from inferring
 * `unknown`. Over an arithmetic `F` expression the result is a number (a decimal string when it
 * reads a decimal).
 */
export const Min = <T = FieldTyped, const X extends AggregateArg = AggregateArg>(
  field: X,
): Aggregate<NoInfer<T> | null, RefsOf<X>, "min"> => new Aggregate("min", field);
export const Max = <T = FieldTyped, const X extends AggregateArg = AggregateArg>(
  field: X,
): Aggregate<NoInfer<T> | null, RefsOf<X>, "max"> => new Aggregate("max", field);

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
    if (typeof agg.field !== "string")
      throw ormError(ERR_ORM_QUERY, `aggregate(): "${name}" takes a field name, not an F()`);
    const f = meta.byAttr.get(agg.field) ?? meta.byName.get(agg.field);
    if (f === undefined)
      throw ormError(ERR_ORM_QUERY, `${agg.fn}("${agg.field}"): ${meta.label} has no such field`);
    // A sum or mean of decimals goes through annotate's planner (crossesRelations): exact.
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
