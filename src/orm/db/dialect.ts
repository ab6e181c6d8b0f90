/**
 * What the layers above need to know about a backend's SQL without asking it: quoting,
 * placeholders, and which features exist. The query compiler and the migration executor read
 * these flags instead of switching on the backend's name.
 * @module
 */
import { dbError, ERR_SQL_VALUE } from "./errors.ts";

export type DialectName = "sqlite" | "postgres" | "mysql" | "mariadb";

export interface Dialect {
  readonly name: DialectName;
  /** Quote one identifier (a table, a column); throws `FLG_ERR_SQL_VALUE` for "" or NUL. */
  quoteIdentifier(name: string): string;
  /** The placeholder for the 1-based parameter `index`: `$1` or `?`. */
  placeholder(index: number): string;
  /** `INSERT/UPDATE/DELETE ... RETURNING` (MariaDB: INSERT and DELETE only, from 10.5). */
  readonly supportsReturning: boolean;
  /** `UPDATE ... RETURNING`: not on MariaDB. */
  readonly supportsUpdateReturning: boolean;
  /** DDL can be rolled back (MySQL/MariaDB commit implicitly before and after DDL). */
  readonly transactionalDdl: boolean;
  /** `SELECT ... FOR UPDATE` row locks (SQLite locks the whole database instead). */
  readonly supportsSelectForUpdate: boolean;
  /** `INSERT ... ON CONFLICT` (PostgreSQL, SQLite) vs `ON DUPLICATE KEY UPDATE` (MySQL). */
  readonly upsertStyle: "on-conflict" | "on-duplicate-key";
  /** The most bound parameters one statement may carry. */
  readonly maxParameters: number;
  /** The statement that opens a transaction on a dedicated connection. */
  readonly beginStatement: string;
}

function quoter(q: string): (name: string) => string {
  return (name) => {
    if (typeof name !== "string" || name === "" || name.includes("\0"))
      throw dbError(ERR_SQL_VALUE, `Invalid SQL identifier ${JSON.stringify(name)}`);
    return q + name.replaceAll(q, q + q) + q;
  };
}

const question = () => "?";

export const sqliteDialect: Dialect = Object.freeze({
  name: "sqlite",
  quoteIdentifier: quoter('"'),
  placeholder: question,
  supportsReturning: true,
  supportsUpdateReturning: true,
  transactionalDdl: true,
  supportsSelectForUpdate: false,
  upsertStyle: "on-conflict",
  maxParameters: 32766,
  // IMMEDIATE takes the write lock up front: a deferred transaction that later upgrades to a
  // writer can fail with SQLITE_BUSY at once, without waiting for busy_timeout.
  beginStatement: "BEGIN IMMEDIATE",
});

export const postgresDialect: Dialect = Object.freeze({
  name: "postgres",
  quoteIdentifier: quoter('"'),
  placeholder: (i: number) => `$${i}`,
  supportsReturning: true,
  supportsUpdateReturning: true,
  transactionalDdl: true,
  supportsSelectForUpdate: true,
  upsertStyle: "on-conflict",
  maxParameters: 65535,
  beginStatement: "BEGIN",
});

export const mysqlDialect: Dialect = Object.freeze({
  name: "mysql",
  quoteIdentifier: quoter("`"),
  placeholder: question,
  supportsReturning: false,
  supportsUpdateReturning: false,
  transactionalDdl: false,
  supportsSelectForUpdate: true,
  upsertStyle: "on-duplicate-key",
  maxParameters: 65535,
  beginStatement: "START TRANSACTION",
});

export const mariadbDialect: Dialect = Object.freeze({
  ...mysqlDialect,
  name: "mariadb",
  supportsReturning: true,
});
