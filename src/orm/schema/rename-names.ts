/**
 * Keep derived constraint and index names in step with renames. Flagon names foreign keys,
 * per-field indexes and unique constraints after their table and column, and later operations
 * (dropping a foreign key on MySQL, a unique constraint on PostgreSQL) find them by those names;
 * but renaming a table or a column leaves the old names behind. After a rename these statements
 * rename what can be renamed and re-create what cannot (a MySQL foreign key; a SQLite index).
 * @module
 */
import type { Dialect } from "../db/index.ts";
import type { FieldMeta, IndexMeta, ModelMeta } from "../model/meta.ts";
import { constraintName, foreignKeyName, foreignKeySql, indexSql } from "./schema-editor.ts";

const isMy = (d: Dialect) => d.name === "mysql" || d.name === "mariadb";

function fieldIndex(meta: ModelMeta, f: FieldMeta): IndexMeta | undefined {
  return meta.indexes.find((ix) => ix.name === `${meta.table}_${f.column}_idx`);
}

/**
 * Statements that move `from`'s derived names to `to`'s (same model, after its table or columns
 * were renamed). `renamed` maps old field names to new ones.
 */
export function renameDerivedNamesSql(
  from: ModelMeta,
  to: ModelMeta,
  dialect: Dialect,
  renamed: ReadonlyMap<string, string> = new Map(),
): string[] {
  const q = (s: string) => dialect.quoteIdentifier(s);
  const t = q(to.table);
  const out: string[] = [];
  const renameConstraint = (a: string, b: string) => {
    if (a === b || dialect.name === "sqlite") return;
    out.push(
      isMy(dialect)
        ? `alter table ${t} rename index ${q(a)} to ${q(b)}`
        : `alter table ${t} rename constraint ${q(a)} to ${q(b)}`,
    );
  };
  const renameIndex = (a: IndexMeta, b: IndexMeta) => {
    const an = constraintName(a.name);
    const bn = constraintName(b.name);
    if (an === bn) return;
    if (dialect.name === "sqlite") out.push(`drop index ${q(an)}`, indexSql(to, b, dialect));
    else if (isMy(dialect)) out.push(`alter table ${t} rename index ${q(an)} to ${q(bn)}`);
    else out.push(`alter index ${q(an)} rename to ${q(bn)}`);
  };
  for (const old of from.fields) {
    const now = to.byName.get(renamed.get(old.name) ?? old.name);
    if (now === undefined) continue;
    if (old.spec.kind === "foreignKey" && now.spec.kind === "foreignKey") {
      const a = foreignKeyName(from, old);
      const b = foreignKeyName(to, now);
      // MySQL cannot rename a foreign key: drop it and add it under the new name.
      if (a !== b && isMy(dialect))
        out.push(
          `alter table ${t} drop foreign key ${q(a)}`,
          `alter table ${t} add ${foreignKeySql(to, now, dialect)}`,
        );
      else renameConstraint(a, b);
    }
    if (old.spec.unique && now.spec.unique && !old.primaryKey) {
      // PostgreSQL named the inline constraint table_column_key; MySQL named the index after the column.
      if (isMy(dialect)) renameConstraint(old.column, now.column);
      else
        renameConstraint(
          constraintName(`${from.table}_${old.column}_key`),
          constraintName(`${to.table}_${now.column}_key`),
        );
    }
    const a = fieldIndex(from, old);
    const b = fieldIndex(to, now);
    if (a !== undefined && b !== undefined) renameIndex(a, b);
  }
  from.uniqueTogether.forEach((u, i) => {
    const v = to.uniqueTogether[i];
    if (v !== undefined) renameConstraint(constraintName(u.name), constraintName(v.name));
  });
  return out;
}
