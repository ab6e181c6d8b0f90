/**
 * Checking the annotations of `annotate()` and writing their SQL. An annotation is an aggregate
 * (`Count`/`Sum`/`Avg`/`Min`/`Max` of a field, a path across relations or an `F` expression) or
 * a plain `F` expression of the row (`F("price").mul(0.9)`, `F("author.name")`, or earlier
 * annotations: `F("pages").div(F("n"))`). Everything a backend would refuse, or answer
 * differently, is refused here with a coded error naming the problem.
 *
 * Where an aggregate is computed depends on the grouping (see annotate.ts): one group per row
 * makes it a correlated subquery of its own, so aggregates over different relations never
 * multiply each other's rows; a `values()` grouping joins every path into the grouped query,
 * as Django does.
 * @module
 */
import { type RawBuilder, sql } from "kysely";
import type { DialectName } from "../db/index.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMeta } from "../model/meta.ts";
import type { AnyModel } from "../model/model.ts";
import { relationsOf } from "../model/relations.ts";
import { Aggregate } from "./aggregates.ts";
import { type PathEnd, type PathJoin, PathPlanner } from "./annotate-paths.ts";
import {
  decimalExprSql,
  decimalScale,
  fieldKind,
  hasDivision,
  type NumKind,
  readsDecimal,
  realOf,
  scaledColumn,
  sumCountSql,
} from "./decimal-sql.ts";
import { exprSqlWith, exprText, refsOf } from "./expr-text.ts";
import { Expr } from "./expressions.ts";

/**
 * How a value comes back: a count, a JS number, as a field's own type, a decimal string with
 * `scale` places, or a decimal mean (read from its sum and count, see decimal-sql.ts).
 */
export type ReadAs =
  | { readonly k: "count" }
  | { readonly k: "number" }
  | { readonly k: "field"; readonly f: FieldMeta }
  | { readonly k: "decimal"; readonly scale: number }
  | { readonly k: "avgDecimal"; readonly scale: number };

export interface Planned {
  readonly name: string;
  /** undefined: a plain expression. */
  readonly agg: Aggregate<unknown> | undefined;
  /** What it reads: a path (a lone `F("x")` is one) or an arithmetic expression. */
  readonly arg: string | Expr;
  readonly read: ReadAs;
  /** An aggregate, or an expression reading one (never part of a GROUP BY). */
  readonly aggregated: boolean;
  /** The shape-key text. */
  readonly key: string;
  /** What its value is, as an operand of later arithmetic (undefined: no number). */
  readonly num: NumKind | undefined;
  /** A decimal computation: the scale of what it aggregates or computes (decimal-sql.ts). */
  readonly dec?: number;
  /** An aggregate inside arithmetic (annotate-arith.ts): computed, never selected or named. */
  readonly hidden?: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Kinds whose values JS numbers carry, so arithmetic, `Sum` and `Avg` stay meaningful. */
const NUMERIC = new Set(["auto", "bigAuto", "int", "bigint", "float"]);
/** Kinds `Min`/`Max` refuse: PostgreSQL has no ordering aggregate for them. */
const UNORDERED = new Set(["json", "binary", "boolean", "uuid"]);

function bad(msg: string): never {
  throw ormError(ERR_ORM_QUERY, msg);
}

/** A lone `F("x")` is its path; anything else stays an expression. */
function argOf(x: unknown, what: string): string | Expr {
  if (typeof x === "string") {
    if (x === "") bad(`${what}: an empty path`);
    return x;
  }
  if (!(x instanceof Expr)) bad(`${what} takes a field, a path or an F() expression`);
  const t = x.tree;
  return "ref" in t ? t.ref : x;
}

function needNumber(f: FieldMeta, what: string): void {
  if (f.spec.kind === "decimal")
    bad(
      `${what}: arithmetic on the decimal field ${f.name} is not supported (it would be inexact)`,
    );
  if (!NUMERIC.has(f.spec.kind)) bad(`${what}: ${f.name} is a ${f.spec.kind} field, not a number`);
}

/** Check one annotation against the model and the annotations before it. */
export function planOne(
  model: AnyModel,
  name: string,
  value: unknown,
  earlier: readonly Planned[],
): Planned {
  const meta = model.meta;
  if (
    !NAME.test(name) ||
    meta.byAttr.has(name) ||
    meta.byName.has(name) ||
    relationsOf(model).has(name)
  )
    bad(`annotate(): "${name}" is not a usable name (or is a field or relation)`);
  if (earlier.some((p) => p.name === name)) bad(`annotate(): "${name}" is annotated twice`);
  // A throwaway planner: only the paths' ends matter here.
  const paths = new PathPlanner(model, "t", "j");
  const byName = new Map(earlier.map((p) => [p.name, p]));
  const kind = kindOf(paths, byName);
  if (value instanceof Aggregate) {
    const fn = value.fn;
    const what = `${fn[0]!.toUpperCase()}${fn.slice(1)}(${typeof value.field === "string" ? `"${value.field}"` : "F(...)"})`;
    const arg = argOf(value.field, what);
    const key = `${fn}${value.distinct ? "d" : ""}(${typeof arg === "string" ? arg : exprText(arg)})`;
    if (typeof arg === "string") {
      if (byName.has(arg))
        bad(`${what}: an aggregate over the annotation "${arg}" is not supported`);
      const end = paths.resolve(arg, what);
      if (end.relation && fn !== "count")
        bad(`${what} needs a field: "${arg}" is a relation (count its rows with Count)`);
      const f = end.field;
      if ((fn === "sum" || fn === "avg") && f.spec.kind === "decimal") {
        const scale = f.spec.decimalPlaces ?? 0;
        const read: ReadAs = { k: fn === "sum" ? "decimal" : "avgDecimal", scale };
        const num = fn === "sum" ? ({ t: "decimal", scale } as const) : undefined;
        return { name, agg: value, arg, read, aggregated: true, key, num, dec: scale };
      }
      if (fn === "sum" || fn === "avg") needNumber(f, what);
      if ((fn === "min" || fn === "max") && UNORDERED.has(f.spec.kind))
        bad(`${what}: ${f.name} is a ${f.spec.kind} field, which has no order`);
      const read: ReadAs =
        fn === "count"
          ? { k: "count" }
          : fn === "min" || fn === "max"
            ? { k: "field", f }
            : { k: "number" };
      const num: NumKind | undefined =
        fn === "count" ? { t: "int" } : fn === "avg" ? { t: "float" } : fieldKind(f);
      return { name, agg: value, arg, read, aggregated: true, key, num };
    }
    for (const ref of refsOf(arg))
      if (byName.has(ref))
        bad(`${what}: an aggregate over the annotation "${ref}" is not supported`);
    if (readsDecimal(arg, kind)) {
      const scale = decimalScale(arg, kind);
      if (fn === "count")
        return {
          name,
          agg: value,
          arg,
          read: { k: "count" },
          aggregated: true,
          key,
          num: { t: "int" },
        };
      const read: ReadAs = { k: fn === "avg" ? "avgDecimal" : "decimal", scale };
      const num = fn === "avg" ? undefined : ({ t: "decimal", scale } as const);
      return { name, agg: value, arg, read, aggregated: true, key, num, dec: scale };
    }
    for (const ref of refsOf(arg))
      needNumber(paths.resolve(ref, `F("${ref}")`).field, `F("${ref}")`);
    noPlaces(arg, what);
    const read: ReadAs = fn === "count" ? { k: "count" } : { k: "number" };
    const num: NumKind = fn === "count" ? { t: "int" } : { t: "float" };
    return { name, agg: value, arg, read, aggregated: true, key, num };
  }
  if (!(value instanceof Expr))
    bad(`annotate(): "${name}" is not Count/Sum/Avg/Min/Max or an F() expression`);
  const arg = argOf(value, `annotate(): "${name}"`);
  const key = `=${typeof arg === "string" ? arg : exprText(arg)}`;
  const single = (ref: string): PathEnd => {
    const end = paths.resolve(ref, `F("${ref}")`);
    if (end.many)
      bad(
        `F("${ref}") crosses a multi-valued relation: annotate an aggregate of it (Sum, Max, ...) instead`,
      );
    return end;
  };
  if (typeof arg === "string") {
    const prev = byName.get(arg);
    if (prev !== undefined) {
      const { read, aggregated, num, dec } = prev;
      return { name, agg: undefined, arg, read, aggregated, key, num, dec };
    }
    const f = single(arg).field;
    return {
      name,
      agg: undefined,
      arg,
      read: { k: "field", f },
      aggregated: false,
      key,
      num: fieldKind(f),
    };
  }
  let aggregated = false;
  if (readsDecimal(arg, kind)) {
    for (const ref of refsOf(arg)) {
      const prev = byName.get(ref);
      if (prev === undefined) single(ref);
      else aggregated ||= prev.aggregated;
    }
    const scale = decimalScale(arg, kind);
    const num = { t: "decimal", scale } as const;
    return {
      name,
      agg: undefined,
      arg,
      read: { k: "decimal", scale },
      aggregated,
      key,
      num,
      dec: scale,
    };
  }
  for (const ref of refsOf(arg)) {
    const prev = byName.get(ref);
    if (prev === undefined) needNumber(single(ref).field, `F("${ref}")`);
    else {
      if (prev.read.k === "field") needNumber(prev.read.f, `F("${ref}")`);
      aggregated ||= prev.aggregated;
    }
  }
  noPlaces(arg, `annotate(): "${name}"`);
  return { name, agg: undefined, arg, read: { k: "number" }, aggregated, key, num: { t: "float" } };
}

/** `div(x, { places })` makes an exact decimal quotient: refused where no decimal is read. */
function noPlaces(x: Expr | number, what: string): void {
  if (typeof x === "number" || "ref" in x.tree) return;
  if ("places" in x.tree)
    bad(
      `${what}: div(x, { places }) needs a decimal operand (a number division follows each backend)`,
    );
  noPlaces(x.tree.l, what);
  noPlaces(x.tree.r, what);
}

/** The number kind of a name in an expression: an earlier annotation, or a field or path. */
function kindOf(
  paths: PathPlanner,
  byName: ReadonlyMap<string, Planned>,
): (ref: string) => NumKind | undefined {
  return (ref) => {
    const prev = byName.get(ref);
    if (prev === undefined) return fieldKind(paths.resolve(ref, `F("${ref}")`).field);
    if (prev.read.k === "avgDecimal")
      bad(
        `F("${ref}"): arithmetic on a decimal Avg is not supported (its places are fixed only when read)`,
      );
    return prev.num;
  };
}

/** The SQL of a join list, for a subquery's FROM (with a space before it). */
function joinsSql(joins: readonly PathJoin[]): RawBuilder<unknown> {
  if (joins.length === 0) return sql``;
  const each = joins.map(
    (j) =>
      sql`left join ${sql.table(j.table)} as ${sql.id(j.alias)} on ${sql.ref(`${j.alias}.${j.col}`)} = ${sql.ref(`${j.from}.${j.fromCol}`)}`,
  );
  return sql` ${sql.join(each, sql` `)}`;
}

/** What writing a query's annotations needs. */
export interface SqlContext {
  readonly model: AnyModel;
  readonly dialect: DialectName;
  /** The query's own joins, from its table (`a1`, `a2` ...). */
  readonly main: PathPlanner;
  /** One group per row: aggregates become correlated subqueries. */
  readonly perRow: boolean;
  /** The SQL of the annotations written so far, by name: their values (filters, ordering). */
  readonly done: Map<string, RawBuilder<unknown>>;
  /** What is selected of them, where it differs from the value (decimals, see decimal-sql.ts). */
  readonly out: Map<string, RawBuilder<unknown>>;
  /** The annotations planned, by name. */
  readonly planned: ReadonlyMap<string, Planned>;
}

/** The SQL of one annotation (after those it may name): its value, and what is selected. */
export function annotationSql(
  p: Planned,
  ctx: SqlContext,
): { value: RawBuilder<unknown>; out: RawBuilder<unknown> } {
  const { model, main, dialect } = ctx;
  const named = (paths: PathPlanner) => (ref: string) =>
    ctx.done.get(ref) ?? sql.ref(paths.resolve(ref, `F("${ref}")`).column);
  // The names of a decimal expression in SQLite's scaled-integer form (decimal-sql.ts).
  const kind = (paths: PathPlanner) => (ref: string) => {
    const prev = ctx.planned.get(ref);
    return prev !== undefined ? prev.num : fieldKind(paths.resolve(ref, ref).field);
  };
  const scaled = (paths: PathPlanner) => (ref: string) => {
    const k = kind(paths)(ref);
    const prev = ctx.planned.get(ref);
    if (prev !== undefined && prev.read.k === "decimal") return ctx.out.get(ref)!;
    const v = named(paths)(ref);
    return k?.t === "decimal" ? scaledColumn(v, k.scale) : v;
  };
  /**
   * An expression's value. A decimal one that divides is integer arithmetic (decimal-sql.ts):
   * natural on PostgreSQL and MySQL, on SQLite the REAL of its scaled integer.
   */
  const natural = (paths: PathPlanner, x: Expr): RawBuilder<unknown> => {
    if (p.dec === undefined || !hasDivision(x)) return exprSqlWith(x, named(paths));
    if (dialect !== "sqlite") return decimalExprSql(x, dialect, kind(paths), named(paths));
    const k = kind(paths);
    return realOf(decimalExprSql(x, dialect, k, scaled(paths)), decimalScale(x, k));
  };
  /** The decimal argument in the form selected: natural, or scaled on SQLite. */
  const decArg = (paths: PathPlanner): RawBuilder<unknown> => {
    if (dialect !== "sqlite")
      return typeof p.arg === "string"
        ? sql.ref(paths.resolve(p.arg, p.name).column)
        : natural(paths, p.arg);
    return typeof p.arg === "string"
      ? scaled(paths)(p.arg)
      : decimalExprSql(p.arg, dialect, kind(paths), scaled(paths));
  };
  if (p.agg === undefined) {
    if (typeof p.arg === "string") {
      const value = named(main)(p.arg);
      return { value, out: ctx.out.get(p.arg) ?? value };
    }
    const value = natural(main, p.arg);
    return { value, out: p.dec !== undefined && dialect === "sqlite" ? decArg(main) : value };
  }
  const agg = p.agg;
  const fnOf = (arg: RawBuilder<unknown>) =>
    sql`${sql.raw(agg.fn)}(${agg.distinct ? sql`distinct ${arg}` : arg})`;
  const call = (paths: PathPlanner) =>
    fnOf(
      typeof p.arg === "string"
        ? sql.ref(paths.resolve(p.arg, p.name).column)
        : natural(paths, p.arg),
    );
  const selected = (paths: PathPlanner) =>
    p.read.k === "avgDecimal"
      ? sumCountSql(decArg(paths), agg.distinct, dialect)
      : p.read.k === "decimal" && dialect === "sqlite"
        ? fnOf(decArg(paths))
        : undefined;
  if (!ctx.perRow) {
    const value = call(main);
    return { value, out: selected(main) ?? value };
  }
  const meta = model.meta;
  const pk = meta.pk.column;
  const sub = (self: string, body: (paths: PathPlanner) => RawBuilder<unknown> | undefined) => {
    const paths = new PathPlanner(model, self, `${self}j`);
    const fn = body(paths);
    if (fn === undefined) return undefined;
    return sql`(select ${fn} from ${sql.table(meta.table)} as ${sql.id(self)}${joinsSql(paths.joins)} where ${sql.ref(`${self}.${pk}`)} = ${sql.ref(`${meta.table}.${pk}`)})`;
  };
  const self = `q${ctx.done.size}`;
  const value = sub(self, call)!;
  return { value, out: sub(`${self}x`, selected) ?? value };
}
