/**
 * The column type of each field kind on each backend. MySQL text columns use the binary
 * collation so that `exact`, `contains` and ordering are case-sensitive there too, as they are on
 * PostgreSQL and SQLite; the `i...` lookups fold case explicitly on every backend.
 * @module
 */
import type { DialectName } from "../db/index.ts";
import type { FieldMeta } from "../model/meta.ts";

/** The referenced key's type, for a foreign key column. */
export type KeyType = (f: FieldMeta) => string;

export function columnType(f: FieldMeta, dialect: DialectName, keyType: KeyType): string {
  const { spec } = f;
  const pg = dialect === "postgres";
  const my = dialect === "mysql" || dialect === "mariadb";
  const bin = my ? " character set utf8mb4 collate utf8mb4_bin" : "";
  switch (spec.kind) {
    case "auto":
      return "integer";
    case "bigAuto":
      // SQLite's rowid alias must be spelled exactly INTEGER.
      return pg || my ? "bigint" : "integer";
    case "int":
      return "integer";
    case "bigint":
      return "bigint";
    case "float":
      return pg ? "double precision" : my ? "double" : "real";
    case "decimal":
      return `decimal(${spec.maxDigits}, ${spec.decimalPlaces})`;
    case "string":
    case "email":
    case "url":
    case "slug":
      return `varchar(${spec.maxLength})${bin}`;
    case "text":
      return pg ? "text" : my ? `longtext${bin}` : "text";
    case "boolean":
      return pg ? "boolean" : my ? "tinyint(1)" : "integer";
    case "date":
      return pg ? "date" : my ? "date" : "text";
    case "datetime":
      return pg ? "timestamp with time zone" : my ? "datetime(6)" : "text";
    case "time":
      return pg ? "time" : my ? "time" : "text";
    case "duration":
      // Microseconds on every backend (see f.duration()): one representation for all lookups.
      return "bigint";
    case "uuid":
      return pg ? "uuid" : my ? "char(36) character set ascii collate ascii_bin" : "text";
    case "json":
      return pg ? "jsonb" : my ? "json" : "text";
    case "binary":
      return pg ? "bytea" : my ? "longblob" : "blob";
    case "foreignKey":
      return keyType(f);
  }
}
