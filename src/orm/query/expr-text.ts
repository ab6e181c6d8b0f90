/**
 * An `F` expression as text and back, and as SQL with its numbers written in. Ordering keys are
 * strings (the shape cache and `last()` handle every kind alike, see ordering.ts), so an
 * `orderBy(F("a").mul(2).desc())` key carries its expression as text: `-F:(a*2)`. The numbers
 * of an ordering or an annotation are literals, part of the shape: a bound parameter would take
 * its type from the column beside it on PostgreSQL (`int * $1` refuses `0.9`).
 * @module
 */
import { type RawBuilder, sql } from "kysely";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import { Expr, opExpr } from "./expressions.ts";

/** The prefix of an ordering key that is an expression. */
export const EXPR_KEY = "F:";

const REF = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const NUM = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/;

type Operand = Expr | number;

function checkOperand(x: unknown): asserts x is Operand {
  if (typeof x === "number") {
    if (!Number.isFinite(x))
      throw ormError(ERR_ORM_QUERY, "An F() operand must be a finite number");
    return;
  }
  if (!(x instanceof Expr)) throw ormError(ERR_ORM_QUERY, "An F() operand is an F() or a number");
}

/** `(price*qty)`: refs by name, numbers as JS writes them. */
export function exprText(x: Operand): string {
  checkOperand(x);
  if (typeof x === "number") return String(x);
  const t = x.tree;
  if ("ref" in t) {
    if (!REF.test(t.ref))
      throw ormError(ERR_ORM_QUERY, `F("${t.ref}"): not a field name or dotted path`);
    return t.ref;
  }
  // A decimal division's places: `(a/#8#b)` ("#" starts neither a name nor a number).
  const places = "places" in t ? `#${t.places}#` : "";
  return `(${exprText(t.l)}${t.op}${places}${exprText(t.r)})`;
}

/** The expression `exprText` wrote (keys are made only by it, so the input is well formed). */
export function parseExprText(text: string): Operand {
  let i = 0;
  const operand = (): Operand => {
    if (text[i] === "(") {
      i++;
      const l = operand();
      const op = text[i++] as "+" | "-" | "*" | "/";
      let places: number | undefined;
      if (text[i] === "#") {
        const end = text.indexOf("#", i + 1);
        places = Number(text.slice(i + 1, end));
        i = end + 1;
      }
      const r = operand();
      i++; // ")"
      return opExpr(op, l, r, places);
    }
    const num = NUM.exec(text.slice(i));
    if (num !== null && /[-\d.]/.test(text[i]!)) {
      i += num[0].length;
      return Number(num[0]);
    }
    const ref = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i))![0];
    i += ref.length;
    return new Expr({ ref });
  };
  return operand();
}

/** Every field name an expression reads. */
export function refsOf(x: Operand, out: string[] = []): string[] {
  if (typeof x === "number") return out;
  const t = x.tree;
  if ("ref" in t) out.push(t.ref);
  else {
    refsOf(t.l, out);
    refsOf(t.r, out);
  }
  return out;
}

/** A number as an SQL literal (negative ones in parentheses: `x - -1` is not `x --1`). */
export function numSql(v: number): RawBuilder<unknown> {
  return sql.raw(v < 0 || Object.is(v, -0) ? `(${v})` : String(v));
}

/** The SQL of an expression, each name given by `ref`, numbers written in. */
export function exprSqlWith(
  x: Operand,
  ref: (name: string) => RawBuilder<unknown>,
): RawBuilder<unknown> {
  checkOperand(x);
  if (typeof x === "number") return numSql(x);
  const t = x.tree;
  if ("ref" in t) return ref(t.ref);
  // An exact decimal quotient is written by decimal-sql.ts; here it would be the backend's own.
  if ("places" in t)
    throw ormError(
      ERR_ORM_QUERY,
      "div(x, { places }) is for decimal annotate() and aggregate() values: annotate it, then order or filter by its name",
    );
  return sql`(${exprSqlWith(t.l, ref)} ${sql.raw(t.op)} ${exprSqlWith(t.r, ref)})`;
}

/** The dotted paths an ordering key joins across: its own, or its expression's. */
export function keyPaths(bare: string): string[] {
  if (bare.startsWith(EXPR_KEY))
    return refsOf(parseExprText(bare.slice(EXPR_KEY.length))).filter((r) => r.includes("."));
  return bare.includes(".") ? [bare] : [];
}
