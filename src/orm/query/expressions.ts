/**
 * `F` expressions: a reference to a column of the row, with arithmetic, usable as a filter value
 * (`{ pages: { gt: F("minPages").mul(2) } }`) and in `update()` (`{ votes: F("votes").add(1) }`),
 * so the database computes from the row's own values, with no read-modify-write race. Like `Q`,
 * an `F` knows no model: its field names are resolved (and checked) where it is used.
 *
 * In a filter, a dotted path follows relations as `orderBy("author.name")` does:
 * `F("question.pubDate")` (forward foreign keys and one-to-ones), `F("choices.votes")` (reverse
 * and many-to-many relations); f-joins.ts turns the path into correlated subqueries. An
 * `update()` value may not cross a relation (`ERR_ORM_JOINED_REF`), as in Django.
 *
 * Division follows each backend (integer division truncates on SQLite and PostgreSQL, not on
 * MySQL), so prefer `mul` and an explicit float field when results must match everywhere;
 * in `annotate()`/`aggregate()` a division that reads a decimal is exact instead.
 * @module
 */
import { type RawBuilder, sql } from "kysely";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import { ERR_ORM_JOINED_REF } from "./errors.ts";
import type { Slot } from "./lower.ts";

type Operand = Expr | number;
type Op = "+" | "-" | "*" | "/";

/**
 * An unresolved expression: a field name, a number, or an operation on two of them. `P` (type
 * only) is the union of the names it reads, so `annotate()` and `orderBy()` can check them at
 * compile time; `Bare` is true for a lone `F("x")`, whose value keeps the field's type.
 */
export class Expr<P extends string = string, Bare extends boolean = boolean> {
  declare readonly __refs: P;
  declare readonly __bare: Bare;
  /** `places`: a decimal division's places, given as `div(x, { places })` (decimal-sql.ts). */
  readonly tree: { ref: string } | { op: Op; l: Operand; r: Operand; places?: number };
  constructor(tree: Expr["tree"]) {
    this.tree = tree;
  }
  add<Q extends string = never>(x: Expr<Q> | number): Expr<P | Q, false> {
    return new Expr<P | Q, false>({ op: "+", l: this, r: x });
  }
  sub<Q extends string = never>(x: Expr<Q> | number): Expr<P | Q, false> {
    return new Expr<P | Q, false>({ op: "-", l: this, r: x });
  }
  mul<Q extends string = never>(x: Expr<Q> | number): Expr<P | Q, false> {
    return new Expr<P | Q, false>({ op: "*", l: this, r: x });
  }
  /**
   * Division. In an expression that reads a decimal it is exact, with `places` places (default:
   * the dividend's + 6), rounded half away from zero (decimal-sql.ts); `places` is refused
   * elsewhere. Otherwise it follows each backend (see the module comment).
   */
  div<Q extends string = never>(x: Expr<Q> | number, o: DivOptions = {}): Expr<P | Q, false> {
    return opExpr<P | Q>("/", this, x, divPlaces(o));
  }
  /** Ascending, for `orderBy()`; `{ nulls }` places NULLs the same on every backend. */
  asc(o: { readonly nulls?: "first" | "last" } = {}): OrderExpr<P> {
    return new OrderExpr(this, false, o.nulls);
  }
  /** Descending, for `orderBy()`: `orderBy(F("price").mul(F("qty")).desc({ nulls: "last" }))`. */
  desc(o: { readonly nulls?: "first" | "last" } = {}): OrderExpr<P> {
    return new OrderExpr(this, true, o.nulls);
  }
}

/**
 * `l op r`, with a decimal division's `places` when given. The key is left out otherwise: the
 * SQL writers and `exprText` test for its presence (`"places" in tree`).
 */
export function opExpr<P extends string = string>(
  op: Op,
  l: Operand,
  r: Operand,
  places?: number,
): Expr<P, false> {
  return new Expr<P, false>(places === undefined ? { op, l, r } : { op, l, r, places });
}

/** Options of a division: the places of an exact decimal quotient (0 to `MAX_DIV_PLACES`). */
export interface DivOptions {
  readonly places?: number;
}

/** The most places a decimal quotient may ask for: its scaled integer must still fit 64 bits. */
export const MAX_DIV_PLACES = 18;

/** The `places` of division options, checked. */
export function divPlaces(o: DivOptions): number | undefined {
  const places = o?.places;
  if (places === undefined) return undefined;
  if (!Number.isSafeInteger(places) || places < 0 || places > MAX_DIV_PLACES)
    throw ormError(ERR_ORM_QUERY, `div(): places is a whole number from 0 to ${MAX_DIV_PLACES}`);
  return places;
}

/** An expression as an ordering key (see `Expr.asc`/`Expr.desc`). */
export class OrderExpr<P extends string = string> {
  declare readonly __refs: P;
  readonly expr: Expr;
  readonly desc: boolean;
  readonly nulls: "first" | "last" | undefined;
  constructor(expr: Expr, desc: boolean, nulls: "first" | "last" | undefined) {
    if (nulls !== undefined && nulls !== "first" && nulls !== "last")
      throw ormError(ERR_ORM_QUERY, `orderBy(): nulls is "first" or "last"`);
    this.expr = expr;
    this.desc = desc;
    this.nulls = nulls;
  }
}

/**
 * The value of the row's field `name` (a row property, as in `orderBy`), or in a filter a field
 * across relations: `F("question.pubDate")`.
 */
export function F<N extends string>(name: N): Expr<N, true> {
  if (typeof name !== "string" || name === "")
    throw ormError(ERR_ORM_QUERY, "F() takes a field name");
  return new Expr<N, true>({ ref: name });
}

/** The separator of a path across relations, as in `orderBy()` and `selectRelated()`. */
export const PATH_SEP = ".";

/** An expression with its field names resolved to columns. */
export type Resolved =
  | { readonly t: "col"; readonly table: string; readonly f: FieldMeta }
  | { readonly t: "num"; readonly v: number }
  | { readonly t: "op"; readonly op: Op; readonly l: Resolved; readonly r: Resolved };

/** A resolved expression standing as a value in a comparison or an update. */
export class Computed {
  readonly e: Resolved;
  constructor(e: Resolved) {
    this.e = e;
  }
}

/** The lookups that take an expression: comparisons with one operand. */
export const EXPR_LOOKUPS: ReadonlySet<string> = new Set(["exact", "gt", "gte", "lt", "lte"]);

/** Where a reference lands: the table (or alias) and field it reads. */
export type RefResolver = (ref: string) => { readonly table: string; readonly f: FieldMeta };

/** Resolve the field references of `x` with `ref`, checking its numbers and shape. */
export function resolveWith(x: Operand, ref: RefResolver): Resolved {
  if (typeof x === "number") {
    if (!Number.isFinite(x))
      throw ormError(ERR_ORM_QUERY, "An F() operand must be a finite number");
    return { t: "num", v: x };
  }
  if (!(x instanceof Expr)) throw ormError(ERR_ORM_QUERY, "An F() operand is an F() or a number");
  const tree = x.tree;
  if ("ref" in tree) {
    const { table, f } = ref(tree.ref);
    return { t: "col", table, f };
  }
  if ("places" in tree)
    throw ormError(ERR_ORM_QUERY, "div(x, { places }) is for annotate() and aggregate() values");
  return { t: "op", op: tree.op, l: resolveWith(tree.l, ref), r: resolveWith(tree.r, ref) };
}

/** A field of `meta` itself, by row property or name, or undefined. */
export function ownField(meta: ModelMeta, name: string): FieldMeta | undefined {
  return meta.byAttr.get(name) ?? meta.byName.get(name);
}

/**
 * Resolve `x` on the row's own columns: an `update()` value. A path across a relation is refused
 * as Django refuses it there.
 */
export function resolve(meta: ModelMeta, x: Operand): Resolved {
  return resolveWith(x, (ref) => {
    if (ref.includes(PATH_SEP))
      throw ormError(
        ERR_ORM_JOINED_REF,
        `F("${ref}") follows a relation: joined field references are not permitted in this query (update() sets from the row's own columns)`,
      );
    const f = ownField(meta, ref);
    if (f === undefined)
      throw ormError(ERR_ORM_QUERY, `F("${ref}"): ${meta.label} has no such field`);
    return { table: meta.table, f };
  });
}

/** The shape key of an expression; its numbers are pushed to `values` in SQL order. */
export function exprKey(e: Resolved, values: unknown[]): string {
  if (e.t === "col") return `${e.table}.${e.f.column}`;
  if (e.t === "num") {
    values.push(e.v);
    return "?";
  }
  return `(${exprKey(e.l, values)}${e.op}${exprKey(e.r, values)})`;
}

/** The SQL of an expression, taking a slot per number in the same order as `exprKey`. */
export function exprSql(e: Resolved, slot: () => Slot): RawBuilder<unknown> {
  if (e.t === "col") return sql`${sql.ref(`${e.table}.${e.f.column}`)}`;
  if (e.t === "num") return sql`${slot()}`;
  const l = exprSql(e.l, slot);
  const r = exprSql(e.r, slot);
  return sql`(${l} ${sql.raw(e.op)} ${r})`;
}
