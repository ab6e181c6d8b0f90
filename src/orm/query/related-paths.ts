/**
 * The types of `selectRelated` and `prefetchRelated` paths, segment by segment, and of what they
 * load. A path walks from the queryset's model along relations: `"review.book.publisher"`.
 *
 * - `selectRelated`: every segment is a forward foreign key (or one-to-one) or a one-to-one's
 *   reverse side of the model reached so far; the types check the first three segments.
 * - `prefetchRelated`: every segment is a relation of any kind. The first must be one the
 *   model's type names; further along, a name the reached model's type does not have is let
 *   through, because a reverse relation is named on the model made by `withRelated` while
 *   foreign keys and many-to-manys point at the model it was made from (`Book.author` is typed
 *   as `AuthorBase`, without `books`), so the types cannot know it: the run-time check
 *   (`FLG_ERR_ORM_QUERY`) catches it. A known field that is not a relation is refused.
 *
 * The depth is bounded so a schema's types cost the same whatever its size: a path's first
 * three segments are checked, further ones only at run time. The result type follows every
 * single-valued step of a path (each joined or prefetched instance typed as loaded, or `null`),
 * at any depth; multi-valued steps keep their manager type (its rows are loaded, untyped).
 * @module
 */
import type { Instance } from "../model/types.ts";
import type { NoQueryset } from "./prefetch-lookup.ts";
import type { FilterTarget, ReverseOneKey, SelectKey } from "./where-types.ts";

/** How many segments of a path the types check. */
type Depth = 1 | 2 | 3;
type Less<D extends Depth> = D extends 3 ? 2 : 1;

/**
 * A path `selectRelated` accepts from a model with fields `F`: `"book"`, `"book.publisher"`,
 * each segment a forward foreign key or a one-to-one's reverse side of the model reached. After
 * `D` segments anything goes (the run-time check has it); the condition stays inline so the
 * next level is never expanded past `D`.
 */
export type SelectPath<F, D extends Depth = 3> = {
  [K in SelectKey<F>]:
    | K
    | `${K}.${D extends 1 ? string : SelectPath<TargetOf<F[K & keyof F]>, Less<D>>}`;
}[SelectKey<F>];

/** The fields of the model a relation field leads to. */
type TargetOf<Fd> = Fd extends { readonly __fk: infer M extends FilterTarget }
  ? M["__fields"]
  : Fd extends { readonly __many: infer M extends FilterTarget }
    ? M["__fields"]
    : never;

/** Whether `Fd` is a relation: a foreign key, a one-to-one, a reverse or many-to-many one. */
type IsRelation<Fd> = Fd extends { readonly __fk: unknown } | { readonly __many: unknown }
  ? true
  : false;

/** The relation names of fields `F`, after `Pre`: what an error message offers instead. */
type Offer<F, Pre extends string> = `${Pre}${{
  [K in keyof F & string]: IsRelation<F[K]> extends true ? K : never;
}[keyof F & string]}`;

/**
 * `true` if the rest `P` of a prefetch path is acceptable from fields `F` (reached by `Pre`),
 * else the paths to offer in its place. A known segment must be a relation; an unknown one may
 * be a reverse relation the type does not see (see above).
 */
type PrefetchRest<
  F,
  P extends string,
  D extends Depth,
  Pre extends string,
> = P extends `${infer H}.${infer T}`
  ? H extends keyof F
    ? IsRelation<F[H]> extends true
      ? D extends 1
        ? true
        : PrefetchRest<TargetOf<F[H]>, T, Less<D>, `${Pre}${H}.`>
      : Offer<F, Pre>
    : H extends ""
      ? Offer<F, Pre>
      : true
  : P extends keyof F
    ? IsRelation<F[P]> extends true
      ? true
      : Offer<F, Pre>
    : P extends ""
      ? Offer<F, Pre>
      : true;

/**
 * `P` if it is a prefetch path from fields `F` the types accept, else the paths to offer in its
 * place (so the argument is refused, with them in the message). The first segment is checked
 * by `PrefetchPath`, the constraint.
 */
export type PrefetchArg<F, P extends string> = P extends `${infer H}.${infer T}`
  ? string extends T
    ? P
    : H extends keyof F
      ? PrefetchRest<TargetOf<F[H]>, T, 2, `${H}.`> extends infer C extends string | true
        ? C extends string
          ? C
          : P
        : never
      : never
  : P;

/** The names at the head of paths `P`: `"a.b" | "c"` gives `"a" | "c"`. */
type Head<P> = P extends `${infer H}.${string}` ? H : P;

/** What follows `H.` in paths `P`: `"a.b" | "a.c" | "d"` with `"a"` gives `"b" | "c"`. */
type After<P, H extends string> = P extends `${H}.${infer T}` ? T : never;

/** `I`, an instance of the model with fields `F`, with paths `P` from it loaded. */
type LoadedInstance<F, P, I> = [P] extends [never] ? I : WithJoined<I, F, P>;

/**
 * What loading paths `P` adds to an instance of fields `F`: for each single-valued relation at
 * the head of a path, the related instance (with the rest of its paths loaded), or `null` where
 * the relation may be empty.
 */
export type Joined<F, K extends keyof F, P = K> = {
  readonly [H in K]: F[H] extends {
    readonly __fk: infer M extends FilterTarget;
    readonly __row: infer V;
  }
    ?
        | LoadedInstance<M["__fields"], After<P, H & string>, Instance<M["__fields"]>>
        | (null extends V ? null : never)
    : F[H] extends {
          readonly __many: infer M extends FilterTarget;
          readonly __mgr: PromiseLike<infer I>;
        }
      ? LoadedInstance<M["__fields"], After<P, H & string>, I> | null
      : never;
};

/**
 * `R` with the single-valued relations along paths `P` loaded (by `selectRelated` or
 * `prefetchRelated`): the related instance or null, in place of a one-to-one's awaitable reverse
 * accessor and beside the row for a foreign key, nested along dotted paths. Multi-valued heads
 * leave `R` as it is.
 */
export type WithJoined<R, F, P> = [Extract<Head<P>, SelectKey<F>>] extends [never]
  ? R
  : [Extract<Head<P>, ReverseOneKey<F>>] extends [never]
    ? R & Joined<F, Extract<Head<P>, SelectKey<F>>, P>
    : Omit<R, Extract<Head<P>, ReverseOneKey<F>>> & Joined<F, Extract<Head<P>, SelectKey<F>>, P>;

/**
 * The path before the last segment: `"a.b.c"` gives `"a.b"`, `"a"` gives `never`. A `Prefetch`
 * with `toAttr` loads those segments in their own places, and its last one under `toAttr`.
 */
export type ParentPath<P> = P extends `${infer H}.${infer T}`
  ? T extends `${string}.${string}`
    ? `${H}.${ParentPath<T>}`
    : H
  : never;

/** `R2`, or `D` when a `Prefetch` was given no queryset. */
type RowsOr<R2, D> = [R2] extends [NoQueryset] ? D : R2;

/** What `toAttr` holds for relation field `Fd`, its rows typed `R2`. */
type AttrRows<Fd, R2> = Fd extends { readonly __fk: infer M extends FilterTarget }
  ? RowsOr<R2, Instance<M["__fields"]>> | null
  : Fd extends { readonly __many: unknown; readonly __mgr: PromiseLike<infer I> }
    ? RowsOr<R2, I> | null
    : Fd extends { readonly __many: infer M extends FilterTarget }
      ? RowsOr<R2, Instance<M["__fields"]>>[]
      : never;

/**
 * What `Prefetch(P, { queryset, toAttr: A })` adds to an instance of fields `F`: under `A`, the
 * queryset's rows `R2` (the model's instances without a queryset), a list for a multi-valued
 * relation, the instance or `null` for a single-valued one (its queryset may filter it out). A
 * path of several segments adds nothing typed here: the name is on the related rows.
 */
export type ToAttr<F, P, R2, A extends string> = P extends keyof F
  ? { readonly [K in A]: AttrRows<F[P], R2> }
  : unknown;
