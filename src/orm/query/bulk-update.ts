/**
 * `bulkUpdate(objs, fields)`: write the named fields of many saved objects with one UPDATE per
 * batch instead of one per object:
 *
 *   UPDATE t SET a = CASE t.pk WHEN ? THEN ? WHEN ? THEN ? ELSE t.a END, ... WHERE t.pk IN (?, ?)
 *
 * The `ELSE t.a` is never taken (every key in the IN list has its WHEN); it gives the CASE the
 * column's type, which PostgreSQL needs to type the untyped parameters in the THEN branches.
 * Values go through the same conversion as `save()`. Sends no signals, as in Django; returns
 * the number of rows matched. Several batches run in one transaction.
 * @module
 */
import { sql } from "kysely";
import { atomic, type Database, type DialectName } from "../db/index.ts";
import { toDb } from "../model/convert.ts";
import { ormError } from "../model/errors.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import { batchSizeOf, concreteFields } from "./bulk-fields.ts";
import { ERR_ORM_BULK_UPDATE } from "./errors.ts";
import { builderFor } from "./kysely-seam.ts";
import { build, type Collected, collect } from "./lower.ts";
import { cmp } from "./node.ts";
import { type CompiledStatement, compileShape } from "./shape-cache.ts";

type Obj = Record<string, unknown>;

const WHAT = "bulkUpdate()";

/** Check the arguments of `bulkUpdate`; the fields to write. */
function plan(meta: ModelMeta, objs: readonly Obj[], names: readonly string[]): FieldMeta[] {
  if (names.length === 0) throw ormError(ERR_ORM_BULK_UPDATE, `${WHAT}: name at least one field`);
  const fields = concreteFields(meta, names, WHAT, ERR_ORM_BULK_UPDATE, false);
  const pk = meta.pk.attr;
  objs.forEach((o, i) => {
    if (o === null || typeof o !== "object")
      throw ormError(ERR_ORM_BULK_UPDATE, `${WHAT}: item ${i} is not a ${meta.name}`);
    if (o[pk] === null || o[pk] === undefined)
      throw ormError(
        ERR_ORM_BULK_UPDATE,
        `${WHAT}: ${meta.name} ${i} has no primary key (save it, or use bulkCreate())`,
      );
    for (const f of fields)
      if (o[f.attr] === undefined)
        throw ormError(
          ERR_ORM_BULK_UPDATE,
          `${WHAT}: ${meta.name} ${i} has no value for "${f.attr}" (loaded with only()/defer()?)`,
        );
  });
  return fields;
}

/** The UPDATE for one batch (exported for the SQL snapshot tests). */
export function compileBulkUpdate(
  meta: ModelMeta,
  batch: readonly Obj[],
  fields: readonly FieldMeta[],
  dialect: DialectName,
): CompiledStatement {
  const pk = meta.pk;
  const keys = batch.map((o) => o[pk.attr]);
  const where = cmp(meta.table, pk, "in", keys);
  const c: Collected = {
    key: `${dialect}|bulkUpdate|${meta.table}|${fields.map((f) => f.column).join(",")}|${batch.length}|`,
    values: [],
  };
  for (const f of fields)
    for (const o of batch)
      c.values.push(toDb(pk, o[pk.attr], dialect), toDb(f, o[f.attr], dialect));
  collect(where, dialect, c);
  return compileShape(c.key, c.values, (slot) => {
    const pkRef = sql.ref(`${meta.table}.${pk.column}`);
    const set: Record<string, unknown> = {};
    for (const f of fields) {
      const whens = batch.map(() => sql`when ${slot()} then ${slot()}`);
      const own = sql.ref(`${meta.table}.${f.column}`);
      set[f.column] = sql`case ${pkRef} ${sql.join(whens, sql` `)} else ${own} end`;
    }
    return builderFor(dialect)
      .updateTable(meta.table)
      .set(set)
      .where((eb) => build(where, eb, dialect, slot));
  });
}

/** UPDATE `fields` of `objs` by primary key, `batchSize` objects per statement. */
export async function bulkUpdateRows(
  meta: ModelMeta,
  objs: readonly Obj[],
  names: readonly string[],
  db: Database,
  batchSize: number | undefined,
): Promise<number> {
  if (meta.parent !== undefined)
    throw ormError(
      ERR_ORM_BULK_UPDATE,
      `${WHAT}: ${meta.label} inherits from ${meta.parent.meta.label} (multi-table): save its rows one by one`,
    );
  const size = batchSizeOf(batchSize, 500, WHAT, ERR_ORM_BULK_UPDATE);
  const fields = plan(meta, objs, names);
  if (objs.length === 0) return 0;
  const runAll = async () => {
    const conn = await db.connection();
    let matched = 0;
    for (let start = 0; start < objs.length; start += size) {
      const batch = objs.slice(start, start + size);
      const { sql: text, params } = compileBulkUpdate(meta, batch, fields, conn.dialect.name);
      matched += (await conn.query(text, params)).rowCount;
    }
    return matched;
  };
  return objs.length <= size ? runAll() : atomic(runAll, { using: db });
}
