/**
 * The field declaration: a kind, its options, and phantom types that carry what the field means
 * to TypeScript (its value in a row, its lookups, whether `create()` may omit it). The phantom
 * members are read with indexed access (`F["__row"]`) instead of conditional types, which keeps
 * the type-checker's work per model small (see research/orm.md, appendix B).
 * @module
 */
import type { Sql } from "../db/index.ts";
import type { AnyRelation } from "./relation-field.ts";

/** Lookups for text: every comparison, with the case-sensitive and case-insensitive families. */
export type TextLookup =
  | "exact"
  | "iexact"
  | "contains"
  | "icontains"
  | "in"
  | "gt"
  | "gte"
  | "lt"
  | "lte"
  | "startswith"
  | "istartswith"
  | "endswith"
  | "iendswith"
  | "regex"
  | "iregex"
  | "range"
  | "isnull";
/** Lookups for numbers, dates and times: equality and order. */
export type OrderedLookup = "exact" | "in" | "gt" | "gte" | "lt" | "lte" | "range" | "isnull";
/** The calendar parts of a date (`{ year: 2024 }`, `{ week: { gte: 50 } }`). */
export type DateOnlyPart =
  | "year"
  | "quarter"
  | "month"
  | "day"
  | "week_day"
  | "iso_week_day"
  | "week"
  | "iso_year";
/** The parts of a datetime: a date's, plus the time of day (all parts in UTC). */
export type DatePart = DateOnlyPart | "hour" | "minute" | "second";
/** Lookups for dates: order, plus the calendar parts. */
export type DateLookup = OrderedLookup | DateOnlyPart;
/** Lookups for datetimes: a date's, plus the time of day. */
export type DateTimeLookup = OrderedLookup | DatePart;
/** Lookups for booleans and keys: equality only. */
export type EqualityLookup = "exact" | "in" | "isnull";
/** JSON and binary values are only tested for NULL. */
export type NullLookup = "isnull";

export type FieldKind =
  | "auto"
  | "bigAuto"
  | "int"
  | "bigint"
  | "float"
  | "decimal"
  | "string"
  | "text"
  | "boolean"
  | "date"
  | "datetime"
  | "time"
  | "duration"
  | "uuid"
  | "json"
  | "binary"
  | "email"
  | "url"
  | "slug"
  | "foreignKey";

/** A validator returns an error message, or nothing when the value is fine. */
export type Validator<T> = (value: T) => string | undefined | void;

/** A choice: the stored value, or `[value, label]`. */
export type Choice<T> = T | readonly [T, string];

/** Options every field takes. */
export interface FieldOptions<T> {
  /** The column may hold NULL (and the row type includes `null`). */
  readonly null?: boolean;
  /** `fullClean()` accepts an empty value ("" or null). */
  readonly blank?: boolean;
  /** The value `create()` and new instances use when none is given; a function is called each time. */
  readonly default?: T | (() => T);
  /**
   * The column's database default (`DEFAULT` in the DDL): a constant, or a parameterless
   * ``sql`...` `` expression such as ``sql`CURRENT_TIMESTAMP` ``. A new row that gives no value
   * leaves the column out of its INSERT, so the database fills it.
   */
  readonly dbDefault?: T | Sql;
  readonly unique?: boolean;
  /** Create an index on the column. */
  readonly index?: boolean;
  /** The column name (default: the field name in snake_case). */
  readonly column?: string;
  readonly choices?: readonly Choice<T>[];
  readonly validators?: readonly Validator<T>[];
  readonly verboseName?: string;
  readonly helpText?: string;
  /** This field is the primary key (declare it as `id`). */
  readonly primaryKey?: boolean;
}

/** Everything the runtime knows about a field; `Field` adds the phantom types. */
export interface FieldSpec extends FieldOptions<unknown> {
  readonly kind: FieldKind;
  readonly maxLength?: number;
  readonly maxDigits?: number;
  readonly decimalPlaces?: number;
  /** For a foreign key: the target model, resolved lazily so models can refer to each other. */
  readonly target?: () => unknown;
  readonly onDelete?: OnDelete;
  /** The reverse accessor on the target (`"+"`: none); default `<model>Set`, camel case. */
  readonly relatedName?: string;
  /** A foreign key that is also unique: one row per target row. */
  readonly oneToOne?: boolean;
  /**
   * The one-to-one primary key that links a multi-table child's table to its parent's
   * (`placePtr`, made by `model()` for `extends: Place`, or a one-to-one of the child's own
   * declared `parentLink: true`).
   */
  readonly parentLink?: boolean;
}

/** What happens to rows that point at a deleted row (applied by the database for now). */
export type OnDelete = "cascade" | "protect" | "restrict" | "setNull" | "setDefault" | "doNothing";

/**
 * A declared field. `Row` is its value in a row (with `null` when nullable), `In` what a write
 * accepts, `Ops` its lookups, `Opt` whether `create()` may leave it out.
 */
export class Field<Row, In = Row, Ops extends string = string, Opt extends boolean = boolean> {
  declare readonly __row: Row;
  declare readonly __in: In;
  declare readonly __ops: Ops;
  declare readonly __opt: Opt;
  readonly spec: FieldSpec;
  constructor(spec: FieldSpec) {
    this.spec = Object.freeze({ ...spec });
  }
}

/** Any field (or column-less relation), for constraints. */
export type AnyField = Field<any, any, string, boolean> | AnyRelation;
/** A model's declared fields. */
export type FieldMap = Readonly<Record<string, AnyField>>;
