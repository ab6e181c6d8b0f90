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

/** The operand a lookup takes for a field whose row value is `T`. */
export type OpValue<T, Op> = Op extends "in"
  ? readonly NonNullable<T>[]
  : Op extends "range"
    ? readonly [NonNullable<T>, NonNullable<T>]
    : Op extends "isnull"
      ? boolean
      : Op extends "exact"
        ? T
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

/** What one field accepts: its value, its lookups, or (a foreign key) a filter on the target. */
export type FieldCondition<Fd extends AnyField> = Fd extends {
  readonly __fk: infer M extends FilterTarget;
}
  ? Fd["__row"] | Lookups<Fd> | Where<M["__fields"]>
  : Fd["__ops"] extends "isnull"
    ? Lookups<Fd>
    : Fd["__row"] | Lookups<Fd>;

/**
 * A filter on a model's fields, plus `OR` (any of), `AND` (all of) and `NOT`. One mapped type,
 * not an intersection: TypeScript then rejects a value that shares no key with it (`"x"`).
 */
export type Where<F extends FieldMap> = {
  readonly [K in keyof F | "OR" | "AND" | "NOT"]?: K extends "OR" | "AND"
    ? readonly Where<F>[]
    : K extends "NOT"
      ? Where<F>
      : FieldCondition<F[K]>;
};

/** A row property for `orderBy`, `-` first for descending. */
export type OrderKey<R> = (keyof R & string) | `-${keyof R & string}`;
