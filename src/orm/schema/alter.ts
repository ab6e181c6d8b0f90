/**
 * ALTER statements for migrations, per dialect. Each function takes the model as it was
 * (`from`) and/or as it becomes (`to`) and returns statements without running them, so
 * `sqlmigrate` can print exactly what `migrate` runs. SQLite cannot alter a column's type,
 * nullability or constraints in place: those changes go through `rebuildTableSql`, the
 * create-copy-drop-rename sequence SQLite's own documentation prescribes (the caller turns
 * foreign-key enforcement off around it, which SQLite only allows outside a transaction).
 * @module
 */
import type { Dialect } from "../db/index.ts";
import type { FieldMeta, IndexMeta, ModelMeta } from "../model/meta.ts";
import {
  columnSql,
  columnTypeSql,
  constraintName,
  createTableSql,
  defaultSql,
  foreignKeyName,
  foreignKeySql,
  indexSql,
} from "./schema-editor.ts";
import { constraintIndexesSql } from "./constraint-sql.ts";

const isMy = (d: Dialect) => d.name === "mysql" || d.name === "mariadb";

/** A constant as SQL, for filling existing rows when a NOT NULL column is added. */
export function literalSql(value: string | number | boolean, dialect: Dialect): string {
  if (typeof value === "boolean")
    return dialect.name === "postgres" ? String(value) : value ? "1" : "0";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`Cannot write ${value} as SQL`);
    return String(value);
  }
  return `'${value.replaceAll("'", "''")}'`;
}

/** The per-field index model() derives from `index: true`, if any. */
function fieldIndex(meta: ModelMeta, f: FieldMeta): IndexMeta | undefined {
  return meta.indexes.find((ix) => ix.name === `${meta.table}_${f.column}_idx`);
}

/**
 * SQLite: rebuild `to`'s table from `from`'s. `copy` maps each new column to the SQL expression
 * that fills it from the old table (columns missing from it are not copied).
 */
export function rebuildTableSql(
  to: ModelMeta,
  copy: ReadonlyMap<string, string>,
  dialect: Dialect,
): string[] {
  const q = (s: string) => dialect.quoteIdentifier(s);
  const temp = `new__${to.table}`;
  const cols = [...copy.keys()];
  return [
    createTableSql(to, dialect, temp),
    `insert into ${q(temp)} (${cols.map(q).join(", ")}) select ${[...copy.values()].join(", ")} from ${q(to.table)}`,
    `drop table ${q(to.table)}`,
    `alter table ${q(temp)} rename to ${q(to.table)}`,
    ...to.indexes.map((ix) => indexSql(to, ix, dialect)),
    ...constraintIndexesSql(to, dialect),
  ];
}

/** Copy every column `to` shares with `from` (by column name) unchanged. */
export function sameColumns(from: ModelMeta, to: ModelMeta, dialect: Dialect): Map<string, string> {
  const old = new Set(from.fields.map((f) => f.column));
  const m = new Map<string, string>();
  for (const f of to.fields)
    if (old.has(f.column)) m.set(f.column, dialect.quoteIdentifier(f.column));
  return m;
}

/** Add `field` (already part of `to`); `fill` fills existing rows of a NOT NULL column. */
export function addColumnSql(
  from: ModelMeta,
  to: ModelMeta,
  field: FieldMeta,
  dialect: Dialect,
  fillValue?: string | number | boolean,
): string[] {
  // A database default fills the existing rows itself, and stays.
  const fill = field.dbDefault !== undefined ? undefined : fillValue;
  if (dialect.name === "sqlite") {
    const copy = sameColumns(from, to, dialect);
    if (fill !== undefined) copy.set(field.column, literalSql(fill, dialect));
    return rebuildTableSql(to, copy, dialect);
  }
  const q = (s: string) => dialect.quoteIdentifier(s);
  const t = q(to.table);
  const withFill = fill !== undefined ? ` default ${literalSql(fill, dialect)}` : "";
  const out = [`alter table ${t} add column ${columnSql(field, dialect)}${withFill}`];
  // The default only filled the existing rows: Flagon's defaults live in JS, not in the column.
  if (fill !== undefined) out.push(`alter table ${t} alter column ${q(field.column)} drop default`);
  if (field.spec.kind === "foreignKey")
    out.push(`alter table ${t} add ${foreignKeySql(to, field, dialect)}`);
  const ix = fieldIndex(to, field);
  if (ix !== undefined) out.push(indexSql(to, ix, dialect));
  return out;
}

/** Remove `field` (part of `from`, gone from `to`). */
export function dropColumnSql(
  from: ModelMeta,
  to: ModelMeta,
  field: FieldMeta,
  dialect: Dialect,
): string[] {
  if (dialect.name === "sqlite")
    return rebuildTableSql(to, sameColumns(from, to, dialect), dialect);
  const q = (s: string) => dialect.quoteIdentifier(s);
  const t = q(from.table);
  const out: string[] = [];
  // MySQL refuses to drop a column a foreign key still uses; PostgreSQL drops the key with it.
  if (isMy(dialect) && field.spec.kind === "foreignKey")
    out.push(`alter table ${t} drop foreign key ${q(foreignKeyName(from, field))}`);
  out.push(`alter table ${t} drop column ${q(field.column)}`);
  return out;
}

/** Change a column's type, nullability, uniqueness, index or foreign-key rule in place. */
export function alterColumnSql(
  from: ModelMeta,
  old: FieldMeta,
  to: ModelMeta,
  field: FieldMeta,
  dialect: Dialect,
): string[] {
  if (dialect.name === "sqlite") {
    const copy = sameColumns(from, to, dialect);
    if (old.column !== field.column) copy.set(field.column, dialect.quoteIdentifier(old.column));
    return rebuildTableSql(to, copy, dialect);
  }
  const q = (s: string) => dialect.quoteIdentifier(s);
  const t = q(to.table);
  const c = q(field.column);
  const out: string[] = [];
  const wasFk = old.spec.kind === "foreignKey";
  const isFk = field.spec.kind === "foreignKey";
  if (wasFk) {
    const drop = isMy(dialect) ? "drop foreign key" : "drop constraint";
    out.push(`alter table ${t} ${drop} ${q(foreignKeyName(from, old))}`);
  }
  const oldIx = fieldIndex(from, old);
  if (oldIx !== undefined && fieldIndex(to, field) === undefined)
    out.push(dropIndexSql(from, oldIx, dialect));
  if (old.spec.unique && !field.spec.unique) out.push(...dropUniqueSql(from, old, dialect));
  const type = columnTypeSql(field, dialect);
  const def = defaultSql(field, dialect);
  if (isMy(dialect)) {
    // MODIFY restates the whole column: its default goes with it (or is dropped by leaving it out).
    out.push(
      `alter table ${t} modify column ${c} ${type}${def === undefined ? "" : ` default ${def}`} ${field.spec.null ? "null" : "not null"}`,
    );
  } else {
    const was = defaultSql(old, dialect);
    const typeChanges = type !== columnTypeSql(old, dialect);
    // The old default may not convert to the new type: drop it first, set the new one after.
    if (was !== undefined && (def !== was || typeChanges))
      out.push(`alter table ${t} alter column ${c} drop default`);
    if (typeChanges)
      out.push(`alter table ${t} alter column ${c} type ${type} using ${c}::${type}`);
    if (def !== undefined && (def !== was || typeChanges))
      out.push(`alter table ${t} alter column ${c} set default ${def}`);
    if (Boolean(old.spec.null) !== Boolean(field.spec.null))
      out.push(`alter table ${t} alter column ${c} ${field.spec.null ? "drop" : "set"} not null`);
  }
  if (!old.spec.unique && field.spec.unique) {
    // Named as the inline constraint would be, so dropUniqueSql finds it later.
    const name = isMy(dialect) ? field.column : uniqueName(to, field);
    out.push(`alter table ${t} add constraint ${q(name)} unique (${c})`);
  }
  if (isFk) out.push(`alter table ${t} add ${foreignKeySql(to, field, dialect)}`);
  const newIx = fieldIndex(to, field);
  if (newIx !== undefined && oldIx === undefined) out.push(indexSql(to, newIx, dialect));
  return out;
}

/**
 * The name of a column's single-column unique constraint as the backend named it when the
 * column was created with `unique` inline (PostgreSQL: table_column_key; MySQL: the column).
 */
function uniqueName(meta: ModelMeta, f: FieldMeta): string {
  return constraintName(`${meta.table}_${f.column}_key`);
}

function dropUniqueSql(meta: ModelMeta, f: FieldMeta, dialect: Dialect): string[] {
  const q = (s: string) => dialect.quoteIdentifier(s);
  if (isMy(dialect)) return [`alter table ${q(meta.table)} drop index ${q(f.column)}`];
  return [`alter table ${q(meta.table)} drop constraint ${q(uniqueName(meta, f))}`];
}

/** Rename a column (every backend does this in place, SQLite since 3.25). */
export function renameColumnSql(table: string, from: string, to: string, dialect: Dialect): string {
  const q = (s: string) => dialect.quoteIdentifier(s);
  return `alter table ${q(table)} rename column ${q(from)} to ${q(to)}`;
}

/** Rename a table. */
export function renameTableSql(from: string, to: string, dialect: Dialect): string {
  const q = (s: string) => dialect.quoteIdentifier(s);
  return isMy(dialect)
    ? `rename table ${q(from)} to ${q(to)}`
    : `alter table ${q(from)} rename to ${q(to)}`;
}

/** Drop one index of `meta`. */
export function dropIndexSql(meta: ModelMeta, ix: IndexMeta, dialect: Dialect): string {
  const q = (s: string) => dialect.quoteIdentifier(s);
  const name = q(constraintName(ix.name));
  return isMy(dialect) ? `drop index ${name} on ${q(meta.table)}` : `drop index ${name}`;
}

/** Add a unique constraint over several columns (`to` holds it). */
export function addUniqueSql(
  from: ModelMeta,
  to: ModelMeta,
  u: IndexMeta,
  dialect: Dialect,
): string[] {
  if (dialect.name === "sqlite")
    return rebuildTableSql(to, sameColumns(from, to, dialect), dialect);
  const q = (s: string) => dialect.quoteIdentifier(s);
  return [
    `alter table ${q(to.table)} add constraint ${q(constraintName(u.name))} unique (${u.columns.map(q).join(", ")})`,
  ];
}

/** Drop a unique constraint over several columns (`from` holds it). */
export function dropUniqueTogetherSql(
  from: ModelMeta,
  to: ModelMeta,
  u: IndexMeta,
  dialect: Dialect,
): string[] {
  if (dialect.name === "sqlite")
    return rebuildTableSql(to, sameColumns(from, to, dialect), dialect);
  const q = (s: string) => dialect.quoteIdentifier(s);
  const drop = isMy(dialect) ? "drop index" : "drop constraint";
  return [`alter table ${q(from.table)} ${drop} ${q(constraintName(u.name))}`];
}
