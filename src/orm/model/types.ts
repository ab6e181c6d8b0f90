/**
 * Types derived from a declaration: the row, the input of `create()`, the instance. Each is one
 * mapped type over the field map with indexed access into the fields' phantom members.
 * @module
 */
import type { Expr } from "../query/expressions.ts";
import type { AnyField, Field, FieldMap, OrderedLookup } from "./field.ts";

/** The implicit primary key every model without an `id` field gets. */
export type DefaultPk = Field<number, number, OrderedLookup, true>;
/** The declared fields plus `id` when none was declared. */
export type WithId<F extends FieldMap> = "id" extends keyof F ? F : F & { readonly id: DefaultPk };

/** A foreign key `author` appears on the row as `authorId`; a relation not at all. */
export type RowKey<K, Fd> = Fd extends { readonly __fk: unknown }
  ? `${K & string}Id`
  : Fd extends { readonly __many: unknown }
    ? never
    : K;

/** The related managers of an instance (`question.choices`, `book.tags`). */
export type Managers<F> = {
  readonly [K in keyof F as F[K] extends { readonly __many: unknown } ? K : never]: F[K] extends {
    readonly __mgr: infer G;
  }
    ? G
    : never;
};

/** One row of the model, as a query returns it. */
export type RowOf<F extends Readonly<Record<string, AnyField>>> = {
  -readonly [K in keyof F as RowKey<K, F[K]>]: F[K]["__row"];
};

/** What `create()` takes: fields without a default (and not nullable) are required. */
export type CreateInput<F extends Readonly<Record<string, AnyField>>> = {
  -readonly [K in keyof F as F[K]["__opt"] extends true ? never : RowKey<K, F[K]>]: F[K]["__in"];
} & {
  -readonly [K in keyof F as F[K]["__opt"] extends true ? RowKey<K, F[K]> : never]?: F[K]["__in"];
};

/** Partial values by row property, for updates and defaults (`F()` computes in the database). */
export type UpdateInput<F extends Readonly<Record<string, AnyField>>> = {
  -readonly [K in keyof F as RowKey<K, F[K]>]?: F[K]["__in"] | Expr;
};

export interface SaveOptions {
  /** A database alias or `Database` (default: where the instance came from, else routed). */
  readonly using?: unknown;
  /** Only these row properties are written by an UPDATE. */
  readonly updateFields?: readonly string[];
  readonly forceInsert?: boolean;
}

export interface CleanOptions {
  /** Row properties not to validate. */
  readonly exclude?: readonly string[];
}

/** What `validateUnique()` and `validate()` take; `K`: the model's row properties. */
export interface ValidateOptions<K extends string = string> {
  /** Row properties not to check (a unique set or constraint reading one is skipped). */
  readonly exclude?: readonly K[];
  /** A database alias or `Database` (default: where the instance came from, else routed). */
  readonly using?: unknown;
}

/** The checks that read stored rows (see validate-unique.ts), typed by row property. */
export interface ValidateMethods<K extends string> {
  /** Query for rows that the instance's unique values collide with; throws a `ValidationError`. */
  validateUnique(options?: ValidateOptions<K>): Promise<void>;
  /** `fullClean()` then `validateUnique()`, their errors merged into one `ValidationError`. */
  validate(options?: ValidateOptions<K>): Promise<void>;
}

/** The methods every instance has, beside its row properties. */
export interface InstanceMethods {
  /** INSERT when new, UPDATE by primary key otherwise. */
  save(options?: SaveOptions): Promise<void>;
  /**
   * DELETE this row; the instance keeps its values, with its key set to `null` (as in Django).
   * `keepParents` (a multi-table child): delete the child's own row only, keep its ancestors'.
   */
  delete(options?: { readonly using?: unknown; readonly keepParents?: boolean }): Promise<void>;
  /** Reload every field from the database (`FLG_ERR_ORM_DOES_NOT_EXIST` if the row is gone). */
  refreshFromDb(): Promise<void>;
  /** Validate every field; throws a `ValidationError` listing each failing one. */
  fullClean(options?: CleanOptions): void;
}

/** A model instance: a row plus its methods. */
export type Instance<F extends Readonly<Record<string, AnyField>>> = RowOf<F> &
  InstanceMethods &
  ValidateMethods<keyof RowOf<F> & string> &
  Managers<F>;
