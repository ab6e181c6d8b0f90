/**
 * Values between JS and each backend. One rule: what comes back equals what went in, on every
 * backend (booleans from SQLite's and MySQL's 0/1, datetimes from SQLite's ISO text, decimals as
 * strings with their declared scale, 64-bit integers as `bigint`).
 * @module
 */
import { Buffer } from "node:buffer";
import type { DialectName } from "../db/index.ts";
import { Duration } from "./duration.ts";
import { ERR_ORM_QUERY, ormError } from "./errors.ts";
import type { FieldMeta } from "./meta.ts";

/** A zone-less "YYYY-MM-DD HH:MM:SS[.fff]" (SQLite's CURRENT_TIMESTAMP): read as UTC. */
const NAIVE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** A JS value as a parameter for `field`'s column. */
export function toDb(field: FieldMeta, value: unknown, dialect: DialectName): unknown {
  if (value === null || value === undefined) return null;
  switch (field.spec.kind) {
    case "bigint":
      // node-postgres and mysql2 bind a bigint inconsistently; the text form is exact everywhere.
      return dialect === "sqlite" ? value : String(value);
    case "duration": {
      if (!(value instanceof Duration))
        throw ormError(ERR_ORM_QUERY, `${field.name} takes a Duration, got ${typeof value}`);
      // Microseconds as a 64-bit integer; text for the drivers that bind bigint columns so.
      return dialect === "sqlite" ? value.microseconds : String(value.microseconds);
    }
    case "json":
      return JSON.stringify(value);
    case "binary":
      return value instanceof Uint8Array
        ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
        : value;
    case "boolean":
      return dialect === "postgres" ? value : value ? 1 : 0;
    default:
      return value;
  }
}

/**
 * The kinds whose value `fromDb` changes (its cases below); every other kind's value is the
 * driver's as it is, or null. Kept beside `fromDb` so the two cannot drift apart: generated row
 * fills (row-fill.ts) copy the others without a call.
 */
const CONVERTED: ReadonlySet<string> = new Set([
  "bigint",
  "float",
  "decimal",
  "boolean",
  "datetime",
  "duration",
  "json",
  "binary",
  "time",
  "date",
]);

/** Whether `fromDb` may change a non-null value of `field` (else it is copied as it is). */
export function convertsFromDb(field: FieldMeta): boolean {
  return CONVERTED.has(field.spec.kind);
}

/** A column's value as the field's JS type. */
export function fromDb(field: FieldMeta, value: unknown, dialect: DialectName): unknown {
  if (value === null || value === undefined) return null;
  switch (field.spec.kind) {
    case "bigint":
      return typeof value === "bigint" ? value : BigInt(value as string | number);
    case "float":
      return Number(value);
    case "decimal":
      // SQLite keeps a decimal as a REAL (exact up to 15 significant digits): restore the scale.
      return typeof value === "number"
        ? value.toFixed(field.spec.decimalPlaces ?? 0)
        : String(value);
    case "boolean":
      return value === true || value === 1 || value === "1" || value === 1n;
    case "datetime":
      if (value instanceof Date) return value;
      return new Date(
        NAIVE.test(value as string) ? `${(value as string).replace(" ", "T")}Z` : (value as string),
      );
    case "duration":
      return Duration.fromMicroseconds(typeof value === "bigint" ? value : Number(value));
    case "json":
      // PostgreSQL's driver parses jsonb; the others return the text.
      return dialect !== "postgres" && typeof value === "string" ? JSON.parse(value) : value;
    case "binary":
      return value instanceof Uint8Array ? value : Buffer.from(value as string);
    case "time":
      return typeof value === "string" ? value : String(value);
    case "date":
      return value instanceof Date ? value.toISOString().slice(0, 10) : value;
    default:
      return value;
  }
}
