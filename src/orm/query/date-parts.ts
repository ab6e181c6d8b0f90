/**
 * Date-part lookups: `{ published: { year: 2024 } }`, `month`, `day`, `week_day` (1 = Sunday to
 * 7 = Saturday, as Django) and, on datetimes, `hour`. Datetimes are stored in UTC, so each part is
 * taken in UTC on every backend: PostgreSQL converts its `timestamptz` with `at time zone 'UTC'`,
 * SQLite reads its ISO text, MySQL its UTC `datetime` as stored.
 * @module
 */
import { type RawBuilder, sql } from "kysely";
import type { DialectName } from "../db/index.ts";
import type { FieldMeta } from "../model/meta.ts";

export type DatePart = "year" | "month" | "day" | "week_day" | "hour";

export const DATE_PARTS: ReadonlySet<string> = new Set([
  "year",
  "month",
  "day",
  "week_day",
  "hour",
]);

const SQLITE: Record<DatePart, string> = {
  year: "%Y",
  month: "%m",
  day: "%d",
  week_day: "%w",
  hour: "%H",
};
const POSTGRES: Record<DatePart, string> = {
  year: "year",
  month: "month",
  day: "day",
  week_day: "dow",
  hour: "hour",
};
const MYSQL: Record<DatePart, string> = {
  year: "year",
  month: "month",
  day: "dayofmonth",
  week_day: "dayofweek",
  hour: "hour",
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
  if (dialect === "sqlite")
    return sql`(cast(strftime(${sql.lit(SQLITE[part])}, ${ref}) as integer)${plus})`;
  if (dialect === "postgres") {
    const value = f.spec.kind === "datetime" ? sql`(${ref} at time zone 'UTC')` : ref;
    return sql`(cast(extract(${sql.raw(POSTGRES[part])} from ${value}) as integer)${plus})`;
  }
  return sql`${sql.raw(MYSQL[part])}(${ref})`;
}
