/**
 * Planning arithmetic between aggregates (aggregate-arith.ts) for `annotate()` and
 * `aggregate()`. Each aggregate in the expression becomes a hidden annotation of its own, and
 * the expression a plain `F` expression over them, so everything annotations already do holds
 * for it unchanged: per-row correlated subqueries or a grouped join, HAVING filters, ordering,
 * NULL propagating as SQL does, exact decimals (decimal-sql.ts). Hidden annotations are
 * computed inside the expression's SQL, never selected, and cannot be named.
 *
 * A decimal `Avg` in such an expression is its exact `Sum / Count` with the places `Avg` has
 * (`AVG_EXTRA_PLACES` more than its argument), so `Avg("price").mul(2)` has the same digits on
 * every backend. An `F` operand names an annotation or a field of the row; after `values()` a
 * field must be one of the grouping, and `aggregate()` takes aggregates and numbers only.
 * @module
 */
import { FlagonError } from "../../utils/index.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMeta } from "../model/meta.ts";
import type { AnyModel } from "../model/model.ts";
import { AggExpr, type AggOperand } from "./aggregate-arith.ts";
import { Aggregate, Count, Sum } from "./aggregates.ts";
import { type Planned, planOne } from "./annotate-plan.ts";
import { AVG_EXTRA_PLACES } from "./decimal-sql.ts";
import { exprText, refsOf } from "./expr-text.ts";
import { Expr, F, opExpr } from "./expressions.ts";

/** The prefix of hidden annotation names (valid identifiers no field is likely to take). */
const HIDDEN = "flg__";

function bad(msg: string): never {
  throw ormError(ERR_ORM_QUERY, msg);
}

/** `Sum("pages")`, `Count(F(...))`: an aggregate as error messages name it. */
function describe(a: Aggregate<unknown>): string {
  const arg = typeof a.field === "string" ? `"${a.field}"` : `F(${exprText(a.field)})`;
  return `${a.fn[0]!.toUpperCase()}${a.fn.slice(1)}(${arg})`;
}

/**
 * Plan `name: value` after `earlier`: the hidden aggregates first, then the expression.
 * `groupBy`: the `values()` grouping, `[]` for `aggregate()`, undefined for one group per row.
 */
export function planArith(
  model: AnyModel,
  name: string,
  value: AggExpr,
  earlier: readonly Planned[],
  groupBy: readonly FieldMeta[] | undefined,
): Planned[] {
  const meta = model.meta;
  const hidden: Planned[] = [];
  const described = new Map<string, string>();
  const visible = new Set(earlier.filter((p) => p.hidden !== true).map((p) => p.name));
  const where = `annotate(): "${name}"`;
  const leaf = (a: Aggregate<unknown>): string => {
    const h = `${HIDDEN}${name}_${hidden.length}`;
    const p = planOne(model, h, a, [...earlier, ...hidden]);
    hidden.push({ ...p, hidden: true });
    described.set(h, describe(a));
    return h;
  };
  const walk = (x: AggOperand): Expr | number => {
    if (typeof x === "number") {
      if (!Number.isFinite(x)) bad(`${where}: an operand must be a finite number`);
      return x;
    }
    if (x instanceof Aggregate) {
      const h = leaf(x);
      const p = hidden[hidden.length - 1]!;
      if (p.read.k === "avgDecimal") {
        // Exact: the mean as Sum / Count of the same argument, with Avg's places.
        hidden.pop();
        const o = { distinct: x.distinct };
        const s = leaf(Sum(x.field, o));
        const n = leaf(Count(x.field, o));
        return F(s).div(F(n), { places: p.read.scale + AVG_EXTRA_PLACES });
      }
      if (p.num === undefined) bad(`${where}: ${describe(x)} is not a number`);
      return F(h);
    }
    if (x instanceof AggExpr) {
      return opExpr(x.op, walk(x.l), walk(x.r), x.places);
    }
    if (!(x instanceof Expr))
      bad(`${where}: an operand is an aggregate, an F() expression or a number`);
    for (const ref of refsOf(x)) {
      if (visible.has(ref)) continue;
      if (groupBy === undefined) continue; // a field of the row: checked by planOne
      if (groupBy.length === 0)
        bad(
          `aggregate(): F("${ref}") is not an aggregate (arithmetic takes aggregates and numbers)`,
        );
      const f = meta.byAttr.get(ref) ?? meta.byName.get(ref);
      if (f === undefined || !groupBy.includes(f))
        bad(`${where}: F("${ref}") is neither an annotation nor a field of the values() grouping`);
    }
    return x;
  };
  const expr = walk(value);
  if (!(expr instanceof Expr)) bad(`${where}: arithmetic needs an aggregate`);
  try {
    return [...hidden, planOne(model, name, expr, [...earlier, ...hidden])];
  } catch (e) {
    // Name the aggregates as written, not by their hidden names.
    if (!(e instanceof FlagonError)) throw e;
    let msg = e.message;
    for (const [h, d] of described) msg = msg.replaceAll(`F("${h}")`, d);
    throw ormError(e.code, msg);
  }
}
