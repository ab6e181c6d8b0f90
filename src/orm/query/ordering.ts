/**
 * Ordering keys. A key is a row property (or a dotted path across foreign keys, see order-joins.ts), `-` first for descending, optionally with where NULLs
 * go (`{ by: "-published", nulls: "last" }`), an `F` expression with a direction
 * (`F("a").mul(2).desc()`, see order-expr.ts), or `"?"` for a random order. Internally a key is
 * one string (`-published|last`, `-F:(a*2)`) so the shape cache and `last()` handle all kinds
 * alike.
 *
 * NULLs sort first ascending on SQLite and MySQL but last on PostgreSQL; with `nulls` the order
 * is the same everywhere: `NULLS FIRST/LAST` on SQLite and PostgreSQL, and on MySQL, which lacks
 * it, an extra `col is null` sort key first (false sorts before true).
 * @module
 */
import { type RawBuilder, sql } from "kysely";
import type { DialectName } from "../db/index.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import { EXPR_KEY } from "./expr-text.ts";
import { OrderExpr } from "./expressions.ts";
import { exprOrderKey, exprOrderSql } from "./order-expr.ts";
import { orderPath } from "./order-joins.ts";

/** An ordering key with its NULL placement. */
export interface NullsOrder<K extends string> {
  readonly by: K | `-${K}`;
  readonly nulls: "first" | "last";
}

/** Check a key and return its internal string form. */
export function orderKey(meta: ModelMeta, key: unknown): string {
  if (key === "?") return "?";
  if (key instanceof OrderExpr && "ref" in key.expr.tree) {
    // A lone F("x") orders as "x" does.
    const by = `${key.desc ? "-" : ""}${key.expr.tree.ref}`;
    return orderKey(meta, key.nulls === undefined ? by : { by, nulls: key.nulls });
  }
  if (key instanceof OrderExpr) return exprOrderKey(meta, key);
  const k = typeof key === "object" && key !== null ? (key as NullsOrder<string>) : undefined;
  const by = k !== undefined ? k.by : key;
  if (typeof by !== "string") throw ormError(ERR_ORM_QUERY, "orderBy() takes field names");
  if (k !== undefined && k.nulls !== "first" && k.nulls !== "last")
    throw ormError(ERR_ORM_QUERY, `orderBy(): nulls is "first" or "last"`);
  const bare = by.startsWith("-") ? by.slice(1) : by;
  if (bare.includes(".")) orderPath(meta, bare);
  else if (!meta.byAttr.has(bare))
    throw ormError(ERR_ORM_QUERY, `${meta.label} has no field "${by}" to order by`);
  return k !== undefined ? `${by}|${k.nulls}` : by;
}

/** The opposite order (for `last()`): direction and NULL placement both flip. */
export function reverseKey(key: string): string {
  if (key === "?") return key;
  const [by, nulls] = key.split("|") as [string, string | undefined];
  const flipped = by.startsWith("-") ? by.slice(1) : `-${by}`;
  if (nulls === undefined) return flipped;
  return `${flipped}|${nulls === "first" ? "last" : "first"}`;
}

export interface OrderTerm {
  readonly expr: RawBuilder<unknown> | string;
  /** `undefined`: the direction is part of `expr`. */
  readonly desc: boolean | undefined;
}

/** The ORDER BY terms of one key. */
export function orderTerms(meta: ModelMeta, key: string, dialect: DialectName): OrderTerm[] {
  if (key === "?")
    return [
      {
        expr: dialect === "postgres" || dialect === "sqlite" ? sql`random()` : sql`rand()`,
        desc: false,
      },
    ];
  const [by, nulls] = key.split("|") as [string, string | undefined];
  const desc = by.startsWith("-");
  const bare = desc ? by.slice(1) : by;
  const col = bare.startsWith(EXPR_KEY)
    ? exprOrderSql(meta, bare)
    : bare.includes(".")
      ? orderPath(meta, bare).column
      : `${meta.table}.${(meta.byAttr.get(bare) as FieldMeta).column}`;
  return nullsTerms(col, desc, nulls as "first" | "last" | undefined, dialect);
}

/** The ORDER BY terms of one column or expression with its direction and NULL placement. */
export function nullsTerms(
  col: RawBuilder<unknown> | string,
  desc: boolean,
  nulls: "first" | "last" | undefined,
  dialect: DialectName,
): OrderTerm[] {
  if (nulls === undefined) return [{ expr: col, desc }];
  const ref = typeof col === "string" ? sql.ref(col) : col;
  if (dialect === "postgres" || dialect === "sqlite") {
    const dir = sql.raw(`${desc ? "desc" : "asc"} nulls ${nulls}`);
    return [{ expr: sql`${ref} ${dir}`, desc: undefined }];
  }
  // `is null` is false (0) for values: ascending puts NULLs last, descending puts them first.
  return [
    { expr: sql`${ref} is null`, desc: nulls === "first" },
    { expr: col, desc },
  ];
}
