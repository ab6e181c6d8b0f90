/**
 * `orderBy(F("price").mul(F("qty")).desc({ nulls: "last" }))` on a queryset: the expression is
 * kept in the ordering key as text (`-F:(price*qty)|last`, see expr-text.ts) and turned into SQL
 * where the other keys are. Its names are row properties, or dotted paths across relations that
 * join as `orderBy("author.name")` does (order-joins.ts).
 * @module
 */
import { type RawBuilder, sql } from "kysely";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import { type OrderExpr, ownField } from "./expressions.ts";
import { EXPR_KEY, exprSqlWith, exprText, parseExprText, refsOf } from "./expr-text.ts";
import { orderPath } from "./order-joins.ts";

/** The column a name in an ordering expression reads. */
function refColumn(meta: ModelMeta, ref: string): { column: string; f: FieldMeta } {
  if (ref.includes(".")) {
    const p = orderPath(meta, ref);
    return { column: p.column, f: p.field };
  }
  const f = ownField(meta, ref);
  if (f === undefined)
    throw ormError(ERR_ORM_QUERY, `F("${ref}"): ${meta.label} has no such field`);
  return { column: `${meta.table}.${f.column}`, f };
}

/** Check an expression ordering and return its key (internal form, see ordering.ts). */
export function exprOrderKey(meta: ModelMeta, o: OrderExpr): string {
  const text = exprText(o.expr);
  for (const ref of refsOf(o.expr)) refColumn(meta, ref);
  const nulls = o.nulls === undefined ? "" : `|${o.nulls}`;
  return `${o.desc ? "-" : ""}${EXPR_KEY}${text}${nulls}`;
}

/** The SQL of an expression key's bare part (`F:(price*qty)`). */
export function exprOrderSql(meta: ModelMeta, bare: string): RawBuilder<unknown> {
  const e = parseExprText(bare.slice(EXPR_KEY.length));
  return exprSqlWith(e, (ref) => sql.ref(refColumn(meta, ref).column));
}
