/**
 * Arithmetic between aggregates: `Sum("books.pages").div(Count("books"))`,
 * `Sum("a").mul(2).sub(Max("b"))`, as one annotation or `aggregate()` value. An `AggExpr` is
 * only a tree of its operands (aggregates, other `AggExpr`s, `F` expressions, numbers); it is
 * checked and planned where it is used (annotate-arith.ts), as `F` and the aggregates are.
 *
 * Its type carries the union of its leaves (`L`: the aggregates and `F`s it reads), from which
 * annotate-types.ts works out its result type (a number, or a decimal string when a leaf reads
 * a decimal) and checks its names. This file imports the classes of its operands as types only,
 * so aggregates.ts can build an `AggExpr` without an import cycle at load time.
 * @module
 */
import type { Aggregate } from "./aggregates.ts";
import { type DivOptions, divPlaces, type Expr } from "./expressions.ts";

/** What arithmetic on aggregates reads: an aggregate, or an `F` of a field or annotation. */
export type AggLeaf = Aggregate<unknown, string> | Expr<string>;

/** An operand of aggregate arithmetic. */
export type AggOperand = AggLeaf | AggExpr | number;

/** The leaves an operand adds to an expression's type: none for a number. */
export type LeavesOf<X> = X extends AggExpr<infer L> ? L : X extends number ? never : X;

/** The names the leaves read (the union of their `__refs`). */
type RefsOfLeaves<L> = L extends { readonly __refs: infer P } ? P : never;

type Op = "+" | "-" | "*" | "/";

/** An operation on two operands, at least one of which reads an aggregate. */
export class AggExpr<L extends AggLeaf = AggLeaf> {
  declare readonly __leaves: L;
  declare readonly __refs: RefsOfLeaves<L>;
  readonly op: Op;
  readonly l: AggOperand;
  readonly r: AggOperand;
  /** A decimal division's places (`div(x, { places })`), else undefined. */
  readonly places: number | undefined;
  constructor(op: Op, l: AggOperand, r: AggOperand, places?: number) {
    this.op = op;
    this.l = l;
    this.r = r;
    this.places = places;
  }
  add<const X extends AggOperand>(x: X): AggExpr<L | LeavesOf<X>> {
    return new AggExpr("+", this, x);
  }
  sub<const X extends AggOperand>(x: X): AggExpr<L | LeavesOf<X>> {
    return new AggExpr("-", this, x);
  }
  mul<const X extends AggOperand>(x: X): AggExpr<L | LeavesOf<X>> {
    return new AggExpr("*", this, x);
  }
  /** Division: exact with `places` when a decimal is read, else as each backend divides. */
  div<const X extends AggOperand>(x: X, o: DivOptions = {}): AggExpr<L | LeavesOf<X>> {
    return new AggExpr("/", this, x, divPlaces(o));
  }
}

/** `a op x` for an aggregate `a` (the methods of `Aggregate`). */
export function arith<A extends AggLeaf, X extends AggOperand>(
  a: A,
  op: Op,
  x: X,
  o: DivOptions = {},
): AggExpr<A | LeavesOf<X>> {
  return new AggExpr(op, a, x, op === "/" ? divPlaces(o) : undefined);
}
