/**
 * The seam between Flagon's data layer and a database driver. Everything above (the query
 * compiler, migrations, `atomic()`) talks to these interfaces with compiled text and a flat
 * parameter list; the three backends implement them. Rows are plain objects keyed by column
 * name (a later duplicate name overwrites an earlier one: alias your columns).
 * @module
 */
import type { Dialect } from "./dialect.ts";

/** One result row. */
export type Row = Record<string, unknown>;

export interface QueryResult<R = Row> {
  /** The rows the statement returned (empty for writes without RETURNING). */
  readonly rows: R[];
  /**
   * Rows affected by INSERT/UPDATE/DELETE; for a statement that returns rows, the number of
   * rows returned. MySQL counts rows actually changed by UPDATE only when a value differed;
   * Flagon asks for matched rows instead (CLIENT_FOUND_ROWS), as PostgreSQL and SQLite count.
   */
  readonly rowCount: number;
  /**
   * The generated key of the last inserted row: SQLite's last_insert_rowid(), MySQL's
   * LAST_INSERT_ID(). Always `undefined` on PostgreSQL: use `RETURNING`.
   */
  readonly insertId: number | bigint | undefined;
}

/** Runs compiled statements. */
export interface Connection {
  readonly dialect: Dialect;
  /** Run one statement with bound parameters and return its rows. */
  query<R = Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Run one statement whose rows (if any) are not wanted: DDL, writes, `SAVEPOINT`. */
  execute(text: string, params?: readonly unknown[]): Promise<QueryResult<never>>;
}

/** A connection held by one caller until `release()`: what a transaction runs on. */
export interface DedicatedConnection extends Connection {
  /**
   * Give the connection back. `broken: true` (after a failed ROLLBACK, say) closes it instead of
   * returning it to the pool, so the next caller never inherits a half-open transaction.
   */
  release(broken?: boolean): void;
}

/** A backend: a pool (or SQLite's single connection) plus its dialect. */
export interface Driver extends Connection {
  /** Take a connection for exclusive use (waits while the pool is exhausted). */
  acquire(): Promise<DedicatedConnection>;
  /** Close every connection; later calls fail with `FLG_ERR_DB_CLOSED`. Idempotent. */
  close(): Promise<void>;
}
