/**
 * Database defaults (`dbDefault`): checked and brought to one plain form when a model is
 * declared, the form migration files also spell (a constant, or `{ sql: "..." }` for an
 * expression), so the schema editor, the autodetector and `insert` all read the same thing.
 * @module
 */
import { isSql } from "../db/index.ts";
import { Duration } from "./duration.ts";
import { ERR_ORM_MODEL, ormError } from "./errors.ts";
import type { FieldSpec } from "./field.ts";
import type { FieldMeta } from "./meta.ts";

/** A database default as plain data: a constant, or the text of a SQL expression. */
export type DbDefaultDef = string | number | boolean | { readonly sql: string };

/** A `Date` as zone-less UTC text ("2024-05-01 12:00:00.000"), which every backend takes. */
function utcText(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "");
}

/** The plain form of `spec.dbDefault` (undefined when the field has none). */
export function normalizeDbDefault(where: string, spec: FieldSpec): DbDefaultDef | undefined {
  const v = spec.dbDefault;
  if (v === undefined) return undefined;
  const bad = (why: string) => ormError(ERR_ORM_MODEL, `${where}: dbDefault ${why}`);
  if (isSql(v)) {
    // DDL cannot bind parameters: an expression is its template text alone.
    if (v.strings.length !== 1)
      throw bad("must be a sql`...` expression with no interpolated values");
    const text = v.strings[0]!.trim();
    if (text === "") throw bad("is an empty expression");
    return { sql: text };
  }
  if (v === null) throw bad("cannot be null (leave the column nullable instead)");
  if (typeof v === "object" && typeof (v as { sql?: unknown }).sql === "string")
    return { sql: (v as { sql: string }).sql };
  if (typeof v === "function") throw bad("cannot be a function (use `default` for that)");
  if (v instanceof Duration) return v.microseconds;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw bad("is an invalid Date");
    return utcText(v);
  }
  if (typeof v === "bigint") return String(v);
  if (spec.kind === "json") return JSON.stringify(v);
  if (typeof v === "number" && !Number.isFinite(v)) throw bad("must be a finite number");
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  throw bad("must be a string, number, boolean, bigint, Date, Duration or sql`...`");
}

/** The value JS writes for a field's default (onDelete "setDefault"): `default`, else a constant `dbDefault`. */
export function defaultValue(f: FieldMeta): unknown {
  const d = f.spec.default;
  if (d !== undefined) return typeof d === "function" ? (d as () => unknown)() : d;
  const db = f.dbDefault;
  return db === undefined || typeof db === "object" ? null : db;
}
