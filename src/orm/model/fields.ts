/**
 * `f`: the field builders. Each returns a `Field` whose phantom types follow the options given:
 * `null: true` adds `null` to the row type, `default` (or `null`) makes the field optional in
 * `create()`, and the value type decides which lookups a filter may use.
 *
 * @example
 * const Book = model("shop.Book", {
 *   title: f.string({ maxLength: 200 }),
 *   price: f.decimal({ maxDigits: 8, decimalPlaces: 2 }),
 *   author: f.foreignKey(() => Author, { onDelete: "cascade" }),
 * });
 * @module
 */
import {
  type DateLookup,
  type DateTimeLookup,
  type EqualityLookup,
  Field,
  type FieldKind,
  type FieldOptions,
  type NullLookup,
  type OnDelete,
  type OrderedLookup,
  type TextLookup,
} from "./field.ts";
import type { FieldMap } from "./field.ts";
import type { Sql } from "../db/index.ts";
import type { Duration } from "./duration.ts";
import type { ManyRelatedManager, RelatedManager } from "../query/related-manager.ts";
import type { RelatedObject } from "../query/related-object.ts";
import { Relation } from "./relation-field.ts";

type Nul<O> = O extends { readonly null: true } ? null : never;
type Opt<O> = O extends { readonly null: true }
  ? true
  : O extends { readonly default: unknown }
    ? true
    : O extends { readonly dbDefault: unknown }
      ? true
      : false;
/** The field a builder returns for value type `T` under options `O`. */
export type FieldOf<T, O, Ops extends string> = Field<T | Nul<O>, T | Nul<O>, Ops, Opt<O>>;

/** A JSON value, the default type of `f.json()`. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

export interface StringOptions<T = string> extends FieldOptions<T> {
  readonly maxLength: number;
}
export interface DecimalOptions extends FieldOptions<string> {
  readonly maxDigits: number;
  readonly decimalPlaces: number;
}
/** `f.oneToOne()`'s options: a foreign key's, and whether it is a child's parent link. */
export interface OneToOneOptions extends ForeignKeyOptions {
  /** The link of a multi-table child (`extends` the target) to its parent's row. */
  readonly parentLink?: boolean;
}

export interface ForeignKeyOptions {
  /** What the database does to this row when the row it points at is deleted. */
  readonly onDelete: OnDelete;
  readonly null?: boolean;
  readonly blank?: boolean;
  /** The target key new rows get, and that `onDelete: "setDefault"` writes. */
  readonly default?: string | number | (() => string | number);
  /** The column's database default (a key constant, or a parameterless ``sql`...` ``). */
  readonly dbDefault?: string | number | Sql;
  readonly unique?: boolean;
  /** Index the column (default true, as every foreign key is joined on). */
  readonly index?: boolean;
  /** The column name (default: the field name in snake_case plus `_id`). */
  readonly column?: string;
  /** The reverse relation on the target (default `<model>Set`; `"+"`: none). */
  readonly relatedName?: string;
  readonly verboseName?: string;
  readonly helpText?: string;
}

/** What a foreign key needs to know about its target's type: its primary-key value. */
export interface ModelRef {
  readonly __pk: unknown;
}

/** A forward foreign key to `M`; the row holds the target's key under `<name>Id`. */
export class ForeignKey<
  M extends ModelRef,
  Row = M["__pk"],
  Opt extends boolean = boolean,
> extends Field<Row, Row, EqualityLookup, Opt> {
  declare readonly __fk: M;
}

/** A one-to-one: a foreign key whose target sees at most one row (its reverse side is a row). */
export interface OneToOneKey<M extends ModelRef, Row = M["__pk"], Opt extends boolean = boolean>
  extends ForeignKey<M, Row, Opt> {
  readonly __oneToOne: true;
}

function make<T, O, Ops extends string>(kind: FieldKind, o: object | undefined, extra = {}) {
  return new Field({ kind, ...(o ?? {}), ...extra }) as unknown as FieldOf<T, O, Ops>;
}

type Pk<T> = Field<T, T, OrderedLookup, true>;

/** What a relation needs to know about its target's type: its key and its fields. */
export interface RelTarget {
  readonly __pk: unknown;
  readonly __fields: FieldMap;
}

export interface ManyToManyOptions {
  /** An explicit through model (default: one made by `model()`, table `<table>_<field>`). */
  readonly through?: () => unknown;
  /** With an explicit through model: its foreign keys to this model and to the target. */
  readonly throughFields?: readonly [string, string];
  /** The reverse accessor on the target (default `<model>Set`; `"+"`: none). */
  readonly relatedName?: string;
}

/**
 * The accessor of a reverse relation: a manager (many-to-many on the other side, or a foreign
 * key), or for a one-to-one the awaitable related row.
 */
type ReverseManager<M extends RelTarget, K extends keyof M["__fields"]> = M["__fields"][K] extends {
  readonly __many: unknown;
}
  ? ManyRelatedManager<M["__fields"]>
  : M["__fields"][K] extends { readonly __oneToOne: true }
    ? RelatedObject<M["__fields"]>
    : RelatedManager<M["__fields"]>;

export const f = {
  /** A 32-bit auto-increment primary key. */
  auto: (): Pk<number> => new Field({ kind: "auto", primaryKey: true }) as Pk<number>,
  /** A 64-bit auto-increment primary key (the default `id`); values past 2^53 are not supported. */
  bigAuto: (): Pk<number> => new Field({ kind: "bigAuto", primaryKey: true }) as Pk<number>,
  /** A UUID primary key, generated with `crypto.randomUUID()` when not given. */
  uuidPk: (): Field<string, string, EqualityLookup, true> =>
    new Field({ kind: "uuid", primaryKey: true, default: () => crypto.randomUUID() }) as Field<
      string,
      string,
      EqualityLookup,
      true
    >,
  int: <const O extends FieldOptions<number> = {}>(o?: O) =>
    make<number, O, OrderedLookup>("int", o),
  /** A 64-bit integer, read and written as a JS `bigint` so no value is ever rounded. */
  bigint: <const O extends FieldOptions<bigint> = {}>(o?: O) =>
    make<bigint, O, OrderedLookup>("bigint", o),
  float: <const O extends FieldOptions<number> = {}>(o?: O) =>
    make<number, O, OrderedLookup>("float", o),
  /** An exact decimal, as a string ("12.50") with `decimalPlaces` digits; never a JS float. */
  decimal: <const O extends DecimalOptions>(o: O) => make<string, O, OrderedLookup>("decimal", o),
  string: <const O extends StringOptions = StringOptions>(o: O) =>
    make<string, O, TextLookup>("string", o),
  text: <const O extends FieldOptions<string> = {}>(o?: O) =>
    make<string, O, TextLookup>("text", o),
  /** A string limited to `choices`, typed as their union. */
  choice: <const C extends readonly string[], const O extends FieldOptions<C[number]> = {}>(
    choices: C,
    o?: O,
  ) =>
    make<C[number], O, TextLookup>("string", o, {
      choices: (o?.choices as readonly unknown[] | undefined) ?? choices,
      maxLength: Math.max(1, ...choices.map((c) => c.length)),
    }),
  email: <const O extends Partial<StringOptions> = {}>(o?: O) =>
    make<string, O, TextLookup>("email", o, { maxLength: o?.maxLength ?? 254 }),
  url: <const O extends Partial<StringOptions> = {}>(o?: O) =>
    make<string, O, TextLookup>("url", o, { maxLength: o?.maxLength ?? 200 }),
  slug: <const O extends Partial<StringOptions> = {}>(o?: O) =>
    make<string, O, TextLookup>("slug", o, { maxLength: o?.maxLength ?? 50 }),
  boolean: <const O extends FieldOptions<boolean> = {}>(o?: O) =>
    make<boolean, O, EqualityLookup>("boolean", o),
  /** A calendar date as "YYYY-MM-DD" (no time zone, so no shifting). */
  date: <const O extends FieldOptions<string> = {}>(o?: O) =>
    make<string, O, DateLookup>("date", o),
  /** An instant as a `Date`, stored in UTC. */
  datetime: <const O extends FieldOptions<Date> = {}>(o?: O) =>
    make<Date, O, DateTimeLookup>("datetime", o),
  /** A time of day as "HH:MM:SS". */
  time: <const O extends FieldOptions<string> = {}>(o?: O) =>
    make<string, O, OrderedLookup>("time", o),
  /**
   * A length of time as a `Duration`, stored as a 64-bit count of microseconds on every backend
   * (so `gt`, `range` and ordering compare plain integers).
   */
  duration: <const O extends FieldOptions<Duration> = {}>(o?: O) =>
    make<Duration, O, OrderedLookup>("duration", o),
  uuid: <const O extends FieldOptions<string> = {}>(o?: O) =>
    make<string, O, EqualityLookup>("uuid", o),
  json: <T = JsonValue, const O extends FieldOptions<T> = {}>(o?: O) =>
    make<T, O, NullLookup>("json", o),
  binary: <const O extends FieldOptions<Uint8Array> = {}>(o?: O) =>
    make<Uint8Array, O, NullLookup>("binary", o),
  /** A forward foreign key; `target` is a function so models may be declared in any order. */
  foreignKey: <M extends ModelRef, const O extends ForeignKeyOptions>(target: () => M, o: O) =>
    new ForeignKey({ kind: "foreignKey", index: true, ...o, target }) as ForeignKey<
      M,
      M["__pk"] | Nul<O>,
      Opt<O>
    >,
  /**
   * A unique foreign key: at most one row here per target row. With `parentLink: true`, on a
   * model that `extends` the target: the child's link to its parent's row (its primary key),
   * instead of `<parent>Ptr`; save() fills it, so create() does not take it.
   */
  oneToOne: <M extends ModelRef, const O extends OneToOneOptions>(target: () => M, o: O) =>
    new ForeignKey({
      kind: "foreignKey",
      index: true,
      ...o,
      unique: true,
      oneToOne: true,
      target,
    }) as OneToOneKey<
      M,
      M["__pk"] | Nul<O>,
      O extends { readonly parentLink: true } ? true : Opt<O>
    >,
  /** Rows linked through a third table; `instance.<name>` is a manager with `add/remove/set/clear`. */
  manyToMany: <M extends RelTarget>(target: () => M, o: ManyToManyOptions = {}) =>
    new Relation({ kind: "manyToMany", target, ...o }) as Relation<
      M,
      ManyRelatedManager<M["__fields"]>
    >,
  /** For `withRelated()`: the rows of `target` whose `field` points here. */
  reverse: <M extends RelTarget, const K extends keyof M["__fields"] & string>(
    target: () => M,
    field: K,
  ) => new Relation({ kind: "reverse", target, field }) as Relation<M, ReverseManager<M, K>>,
  /**
   * For `withRelated()` on a parent model: its multi-table child's row (`place.restaurant`,
   * awaitable), the reverse side of the child's link (`<parent>Ptr`, or its `parentLink`).
   */
  child: <M extends RelTarget>(target: () => M) =>
    new Relation({ kind: "reverse", target }) as Relation<M, RelatedObject<M["__fields"]>>,
};
