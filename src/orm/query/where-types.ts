/**
 * The typed filter: one homomorphic mapped type over the model's fields. A field takes its value
 * (exact), or an object of the lookups its kind allows; a foreign key takes the target's key or
 * a filter on the target's fields. `OR`, `AND` and `NOT` combine filters.
 *
 * @example
 * Book.objects.filter({ pages: { gte: 100 }, author: { name: { icontains: "tol" } } });
 * @module
 */
import type { AnyField, FieldMap } from "../model/field.ts";
import type { RowOf } from "../model/types.ts";
import type { DatePart, DatePartLookups } from "./date-parts.ts";
import type { Expr } from "./expressions.ts";

/** The operand a lookup takes for a field whose row value is `T`. */
export type OpValue<T, Op> = Op extends "in"
  ? readonly NonNullable<T>[]
  : Op extends "range"
    ? readonly [NonNullable<T>, NonNullable<T>]
    : Op extends "isnull"
      ? boolean
      : Op extends DatePart
        ? number | DatePartLookups
        : Op extends "exact"
          ? T | Expr
          : Op extends "gt" | "gte" | "lt" | "lte"
            ? NonNullable<T> | Expr
            : NonNullable<T>;

/** `{ gte: 3, lt: 10 }`: the lookups of one field (several are ANDed). */
export type Lookups<Fd extends AnyField> = {
  [Op in Fd["__ops"]]?: OpValue<Fd["__row"], Op>;
};

/** What a model type exposes for filters across a foreign key. */
export interface FilterTarget {
  readonly __pk: unknown;
  readonly __fields: FieldMap;
}

/**
 * What one field accepts: its value, its lookups, a filter on the target (a foreign key), or a
 * related row's key or a filter on related rows (a reverse or many-to-many relation).
 */
export type FieldCondition<Fd extends AnyField> = Fd extends {
  readonly __fk: infer M extends FilterTarget;
}
  ? Fd["__row"] | Lookups<Fd> | Where<M["__fields"]>
  : Fd extends { readonly __many: infer M extends FilterTarget }
    ? M["__pk"] | Where<M["__fields"]>
    : Fd["__ops"] extends "isnull"
      ? Lookups<Fd>
      : Fd["__row"] | Expr | Lookups<Fd>;

/**
 * A filter on a model's fields, plus `OR` (any of), `AND` (all of) and `NOT`. One mapped type,
 * not an intersection: TypeScript then rejects a value that shares no key with it (`"x"`).
 */
export type Where<F extends FieldMap> = {
  readonly [K in keyof F | "OR" | "AND" | "NOT" | KeyColumns<F>]?: K extends "OR" | "AND"
    ? readonly Where<F>[]
    : K extends "NOT"
      ? Where<F>
      : K extends keyof F
        ? FieldCondition<F[K]>
        : K extends `${infer N}Id`
          ? KeyCondition<F[N & keyof F]>
          : never;
};

/** `authorId` for foreign key `author`: the row property holding the key (Django's `author_id`). */
type KeyColumns<F extends FieldMap> = {
  [K in keyof F]: F[K] extends { readonly __fk: FilterTarget } ? `${K & string}Id` : never;
}[keyof F];

/** What `authorId` accepts: the key's value or its lookups, never a filter on the target. */
type KeyCondition<Fd> = Fd extends AnyField ? Fd["__row"] | Lookups<Fd> : never;

/** A row property for `orderBy`, `-` first for descending. */
export type OrderKey<R> = (keyof R & string) | `-${keyof R & string}`;

/**
 * A path across one relation to a row property of the other model: `"author.name"` over a
 * forward foreign key, `"choices.votes"` over a reverse or many-to-many relation (deeper paths
 * are accepted at run time through a cast; one step is what the type checks).
 */
export type RelatedOrderPath<F> = {
  [K in keyof F]: F[K] extends { readonly __fk: infer M extends FilterTarget }
    ? `${K & string}.${keyof RowOf<M["__fields"]> & string}`
    : F[K] extends { readonly __many: infer M extends FilterTarget }
      ? `${K & string}.${keyof RowOf<M["__fields"]> & string}`
      : never;
}[keyof F];

/** An ordering key across one relation, `-` first for descending: `"-author.name"`. */
export type RelatedOrderKey<F> = RelatedOrderPath<F> | `-${RelatedOrderPath<F>}`;

/**
 * A relation to prefetch: a reverse or many-to-many name, or a forward foreign key (one-to-one),
 * optionally followed by `.more`.
 */
export type PrefetchPath<F> = PrefetchKey<F> | `${PrefetchKey<F>}.${string}`;

/** The first segment of a prefetch path. */
export type PrefetchKey<F> = RelationKey<F> | ForwardKey<F>;

/** The names of a model's multi-valued relations. */
export type RelationKey<F> = {
  [K in keyof F]: F[K] extends { readonly __many: unknown } ? K & string : never;
}[keyof F];

/** The names of a model's forward foreign keys (and one-to-ones). */
export type ForwardKey<F> = {
  [K in keyof F]: F[K] extends { readonly __fk: unknown } ? K & string : never;
}[keyof F];

/** The names of a model's one-to-one reverse sides (declared with `withRelated`). */
export type ReverseOneKey<F> = {
  [K in keyof F]: F[K] extends { readonly __mgr: PromiseLike<unknown> } ? K & string : never;
}[keyof F];

/** What `selectRelated` follows: forward foreign keys, and one-to-ones both ways. */
export type SelectKey<F> = ForwardKey<F> | ReverseOneKey<F>;
