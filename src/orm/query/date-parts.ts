/**
 * Date-part lookups: `{ published: { year: 2024 } }`, or compared, `{ published: { year: { gte:
 * 2020 } } }` (`exact`, `gt`, `gte`, `lt`, `lte`, `in`, `range`). The parts are Django's: `year`,
 * `quarter`, `month`, `day`, `week_day` (1 = Sunday to 7 = Saturday), `iso_week_day` (1 = Monday
 * to 7 = Sunday), `week` (the ISO 8601 week number, 1 to 53) with its `iso_year` (the year that
 * week belongs to: 2021-01-01 is in week 53 of 2020), and on datetimes `hour`, `minute` and
 * `second` (whole seconds).
 *
 * Datetimes are stored in UTC, so each part is taken in UTC on every backend: PostgreSQL converts
 * its `timestamptz` with `at time zone 'UTC'`, SQLite reads its ISO text, MySQL its UTC
 * `datetime` as stored. The ISO parts use each backend's own ISO functions: SQLite's `%V`, `%G`
 * and `%u` (SQLite 3.46+, which every better-sqlite3 Flagon accepts bundles), PostgreSQL's
 * `week`/`isoyear`/`isodow`, MySQL's `weekofyear`, `yearweek(x, 3)` and `weekday`.
 * @module
 */
import { type RawBuilder, sql } from "kysely";
import type { DialectName } from "../db/index.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { DateOnlyPart, DatePart } from "../model/field.ts";
import type { FieldMeta } from "../model/meta.ts";

export type { DateOnlyPart, DatePart } from "../model/field.ts";

/** The comparisons a date part takes, and the operand of each (`{ year: { gte: 2020 } }`). */
export interface DatePartLookups {
  readonly exact?: number;
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
  readonly in?: readonly number[];
  readonly range?: readonly [number, number];
}

export const DATE_ONLY_PARTS: readonly DateOnlyPart[] = [
  "year",
  "quarter",
  "month",
  "day",
  "week_day",
  "iso_week_day",
  "week",
  "iso_year",
];
export const TIME_PARTS: readonly DatePart[] = ["hour", "minute", "second"];

export const DATE_PARTS: ReadonlySet<string> = new Set([...DATE_ONLY_PARTS, ...TIME_PARTS]);

/** The comparisons allowed under a part: those of `DatePartLookups`. */
export const PART_OPS: ReadonlySet<string> = new Set([
  "exact",
  "gt",
  "gte",
  "lt",
  "lte",
  "in",
  "range",
]);

/** `strftime` formats; `quarter` is derived from the month. */
const SQLITE: Record<Exclude<DatePart, "quarter">, string> = {
  year: "%Y",
  month: "%m",
  day: "%d",
  week_day: "%w",
  iso_week_day: "%u",
  week: "%V",
  iso_year: "%G",
  hour: "%H",
  minute: "%M",
  second: "%S",
};
const POSTGRES: Record<DatePart, string> = {
  year: "year",
  quarter: "quarter",
  month: "month",
  day: "day",
  week_day: "dow",
  iso_week_day: "isodow",
  week: "week",
  iso_year: "isoyear",
  hour: "hour",
  minute: "minute",
  second: "second",
};
/** Function names, except `iso_year` and `iso_week_day`, which take an expression. */
const MYSQL: Record<Exclude<DatePart, "iso_year" | "iso_week_day">, string> = {
  year: "year",
  quarter: "quarter",
  month: "month",
  day: "dayofmonth",
  week_day: "dayofweek",
  week: "weekofyear",
  hour: "hour",
  minute: "minute",
  second: "second",
};

/** The integer value of `part` of the column `ref` (of field `f`). */
export function datePart(
  part: DatePart,
  ref: RawBuilder<unknown>,
  f: FieldMeta,
  dialect: DialectName,
): RawBuilder<unknown> {
  // SQLite's and PostgreSQL's day of week count from 0 = Sunday; MySQL's from 1 = Sunday.
  const plus = part === "week_day" ? sql` + 1` : sql``;
  if (dialect === "sqlite") {
    if (part === "quarter") return sql`((cast(strftime('%m', ${ref}) as integer) + 2) / 3)`;
    return sql`(cast(strftime(${sql.lit(SQLITE[part])}, ${ref}) as integer)${plus})`;
  }
  if (dialect === "postgres") {
    const value = f.spec.kind === "datetime" ? sql`(${ref} at time zone 'UTC')` : ref;
    const x = sql`extract(${sql.raw(POSTGRES[part])} from ${value})`;
    // extract(second) has the fraction, and a cast to integer would round 59.6 up to 60.
    if (part === "second") return sql`cast(floor(${x}) as integer)`;
    return sql`(cast(${x} as integer)${plus})`;
  }
  // yearweek mode 3 is ISO (weeks start on Monday, week 1 has the year's first Thursday).
  if (part === "iso_year") return sql`(yearweek(${ref}, 3) div 100)`;
  if (part === "iso_week_day") return sql`(weekday(${ref}) + 1)`;
  return sql`${sql.raw(MYSQL[part])}(${ref})`;
}

/** Check a part's operand (a whole number) and return its comparisons as `[op, value]` pairs. */
export function partComparisons(
  part: string,
  name: string,
  value: unknown,
): [op: string, value: unknown][] {
  const whole = (v: unknown, what: string): void => {
    if (!Number.isInteger(v)) throw ormError(ERR_ORM_QUERY, `"${part}" on ${name} takes ${what}`);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    whole(value, "a whole number or comparisons of one");
    return [["exact", value]];
  }
  const out: [string, unknown][] = [];
  for (const [op, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (!PART_OPS.has(op))
      throw ormError(
        ERR_ORM_QUERY,
        `Unknown comparison "${op}" on ${name}.${part}; allowed: ${[...PART_OPS].join(", ")}`,
      );
    if (op === "in") {
      if (!Array.isArray(v))
        throw ormError(ERR_ORM_QUERY, `"${part}.in" on ${name} takes an array`);
      for (const x of v) whole(x, "whole numbers");
    } else if (op === "range") {
      if (!Array.isArray(v) || v.length !== 2)
        throw ormError(ERR_ORM_QUERY, `"${part}.range" on ${name} takes [low, high]`);
      for (const x of v) whole(x, "whole numbers");
    } else whole(v, "a whole number");
    out.push([op, v]);
  }
  return out;
}
