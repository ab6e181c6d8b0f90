/**
 * The types of `annotate()`: what an annotation may be, its result type, and the compile-time
 * check of the names it reads. A path is checked one segment at a time against the model's
 * fields and relations (`"books.chapters.pages"`: `books` a relation of the author, `chapters`
 * one of the book, `pages` a field of the chapter), so a wrong name is a compile error.
 * @module
 */
import type { FieldMap } from "../model/field.ts";
import type { RowOf } from "../model/types.ts";
import type { AggExpr } from "./aggregate-arith.ts";
import type { Aggregate, FieldTyped } from "./aggregates.ts";
import type { Annotated } from "./annotate.ts";
import type { Expr } from "./expressions.ts";
import type { FilterTarget } from "./where-types.ts";

/**
 * An annotation: an aggregate, a plain `F` expression (`F("price").mul(0.9)`), or arithmetic
 * between aggregates (`Sum("pages").div(Count("books"))`).
 */
export type AnnotationValue = Aggregate<unknown, string> | Expr<string> | AggExpr;

/** An `aggregate()` value: an aggregate, or arithmetic between aggregates and numbers only. */
export type AggregateValue = Aggregate<unknown, string> | AggExpr<Aggregate<unknown, string>>;

/** Whether `P` is a field, a relation or a dotted path of the model with fields `F`. */
export type PathOk<F extends FieldMap, P extends string> = P extends keyof F
  ? true
  : P extends keyof RowOf<F>
    ? true
    : P extends `${infer H}.${infer T}`
      ? H extends keyof F
        ? F[H] extends { readonly __fk: infer M extends FilterTarget }
          ? PathOk<M["__fields"], T>
          : F[H] extends { readonly __many: infer M extends FilterTarget }
            ? PathOk<M["__fields"], T>
            : false
        : false
      : false;

/** The names among `P` that are neither `Names` (annotations) nor paths of the model. */
export type BadRefs<F extends FieldMap, P, Names> = P extends string
  ? string extends P
    ? never
    : P extends Names
      ? never
      : PathOk<F, P> extends true
        ? never
        : P
  : never;

/** `A` itself when every name it reads exists; otherwise a type no annotation matches. */
export type CheckedAnnotations<F extends FieldMap, A, Names> = {
  [K in keyof A]: A[K] extends { readonly __refs: infer P }
    ? [BadRefs<F, P, Names>] extends [never]
      ? A[K]
      : { readonly "unknown field or path": BadRefs<F, P, Names> }
    : A[K];
};

/** The value type of a name: an earlier annotation (`Prev`), a field, or a path's end field. */
export type PathValue<F extends FieldMap, P extends string, Prev = unknown> = P extends keyof Prev
  ? Prev[P]
  : P extends keyof RowOf<F>
    ? RowOf<F>[P]
    : P extends `${infer H}.${infer T}`
      ? H extends keyof F
        ? F[H] extends { readonly __fk: infer M extends FilterTarget }
          ? PathValue<M["__fields"], T>
          : F[H] extends { readonly __many: infer M extends FilterTarget }
            ? PathValue<M["__fields"], T>
            : unknown
        : unknown
      : unknown;

/**
 * Whether one of the names `P` reads a decimal. Arithmetic and `Sum`/`Avg` take only numbers,
 * so a string-valued one is a decimal field (or a decimal annotation).
 */
type ReadsDecimal<F extends FieldMap, P, Prev> = true extends (
  P extends string
    ? [NonNullable<PathValue<F, P, Prev>>] extends [string]
      ? true
      : false
    : false
)
  ? true
  : false;

/**
 * The result of arithmetic over the leaves `L`: a decimal string when a leaf is one, else a
 * number; `null` either way (a NULL operand makes the whole NULL, as in SQL). A leaf that is
 * neither (`Max("published")` of a date) makes it `never`, and run time refuses it.
 */
type ArithOut<F extends FieldMap, L, Prev> =
  NonNullable<AnnotationOut<F, L, Prev>> extends infer V
    ? [V] extends [number | string]
      ? [Extract<V, string>] extends [never]
        ? number | null
        : string | null
      : never
    : never;

/** The result type of one annotation; `Prev` holds the annotations it may name. */
export type AnnotationOut<F extends FieldMap, X, Prev> =
  X extends Aggregate<infer O, infer P, infer K>
    ? [K] extends ["sum" | "avg"]
      ? ReadsDecimal<F, P, Prev> extends true
        ? string | null
        : O
      : [NonNullable<O>] extends [FieldTyped]
        ? NonNullable<PathValue<F, P & string, Prev>> | null
        : O
    : X extends Expr<infer P, infer Bare>
      ? Bare extends true
        ? PathValue<F, P, Prev>
        : ReadsDecimal<F, P, Prev> extends true
          ? string | null
          : number | null
      : X extends AggExpr<infer L>
        ? ArithOut<F, L, Prev>
        : never;

/**
 * The aggregates' result types of `A` (and of arithmetic between them), which plain
 * expressions of the same call may name.
 */
type AggregateOuts<F extends FieldMap, A, Prev> = {
  [K in keyof A as A[K] extends Aggregate<unknown, string> | AggExpr
    ? K
    : never]: A[K] extends Aggregate<infer O, string> ? O : AnnotationOut<F, A[K], Prev>;
};

/** What `annotate(A)` adds to each row. */
export type AnnotationsOut<F extends FieldMap, A, Prev = unknown> = {
  -readonly [K in keyof A]: AnnotationOut<F, A[K], Prev & AggregateOuts<F, A, Prev>>;
};

/**
 * `annotate(A)` on a queryset of rows `R`: rows with the annotations; `values()` picks among
 * `R`'s row properties (all of them for instances, the grouping after `values(...)`) and them.
 */
export type AnnotatedOf<F extends FieldMap, R, Out> = Annotated<
  R & Out,
  Out,
  Pick<RowOf<F>, Extract<keyof R, keyof RowOf<F>>> & Out,
  F
>;
