/**
 * `bulkCreate` without RETURNING (MySQL; MariaDB before 10.5): the keys the database generated
 * and the values it filled from database defaults are read back after each multi-row INSERT.
 *
 * The keys come from the statement's insert id, which names the first row's key only. The rest
 * follow from it because InnoDB gives the rows of one multi-row INSERT consecutive values (one
 * `auto_increment_increment` apart) when `innodb_autoinc_lock_mode` is 0 ("traditional") or 1
 * ("consecutive", MariaDB's default), as MySQL documents: the statement reserves its values at
 * once. Mode 2 ("interleaved", MySQL 8's default) promises unique, increasing values only, not
 * consecutive ones; there the keys stay `null`, as in Django, and so do database defaults.
 * Rows given their keys need none of this: their defaults are read back by those keys.
 * @module
 */
import type { Connection, Dialect } from "../db/index.ts";
import { fromDb, toDb } from "../model/convert.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import { builderFor } from "./kysely-seam.ts";
import { compileShape } from "./shape-cache.ts";

type Obj = Record<string, unknown>;

/**
 * The step between keys one multi-row INSERT generates, or `undefined` when the server does
 * not promise consecutive keys (`innodb_autoinc_lock_mode` 2).
 */
export async function consecutiveStep(conn: Connection): Promise<number | undefined> {
  const { rows } = await conn.query(
    "select @@session.auto_increment_increment as step, @@global.innodb_autoinc_lock_mode as mode",
    [],
  );
  const row = rows[0] as { step?: unknown; mode?: unknown } | undefined;
  const mode = Number(row?.mode);
  const step = Number(row?.step);
  return (mode === 0 || mode === 1) && Number.isSafeInteger(step) && step > 0 ? step : undefined;
}

/** The keys of `count` rows inserted by one statement whose first key is `first`. */
export function consecutiveKeys(
  first: number | bigint | undefined,
  count: number,
  step: number,
): Array<number | bigint> | undefined {
  if (first === undefined) return undefined;
  if (typeof first === "bigint")
    return Array.from({ length: count }, (_, i) => first + BigInt(i * step));
  const last = first + (count - 1) * step;
  // Past 2^53 the keys are exact only as bigints.
  if (!Number.isSafeInteger(last))
    return Array.from({ length: count }, (_, i) => BigInt(first) + BigInt(i * step));
  return Array.from({ length: count }, (_, i) => first + i * step);
}

/**
 * Fill `fields` of `rows` (whose keys are set) from the database: one SELECT by key. A row
 * the SELECT does not find keeps its values unset.
 */
export async function readBackFields(
  conn: Connection,
  meta: ModelMeta,
  rows: readonly Obj[],
  fields: readonly FieldMeta[],
  dialect: Dialect,
): Promise<void> {
  if (fields.length === 0 || rows.length === 0) return;
  const pk = meta.pk;
  const d = dialect.name;
  const keys = rows.map((o) => toDb(pk, o[pk.attr], d));
  const cols = [pk.column, ...fields.map((f) => f.column)];
  const key = `${d}|bulkReadBack|${meta.table}|${cols.join(",")}|${keys.length}`;
  const q = compileShape(key, keys, (slot) =>
    builderFor(d)
      .selectFrom(meta.table)
      .select(cols)
      .where(
        pk.column,
        "in",
        keys.map(() => slot()),
      ),
  );
  const res = await conn.query(q.sql, q.params);
  const byKey = new Map<string, Record<string, unknown>>();
  for (const r of res.rows as Record<string, unknown>[])
    byKey.set(String(fromDb(pk, r[pk.column], d)), r);
  for (const o of rows) {
    const r = byKey.get(String(o[pk.attr]));
    if (r === undefined) continue;
    for (const f of fields) o[f.attr] = fromDb(f, r[f.column], d);
  }
}
