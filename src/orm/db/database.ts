/**
 * One named database: its parsed URL, its driver (opened on first use), and the entry points
 * the rest of Flagon uses. Queries take `sql` fragments only; the query compiler and the
 * migration executor, which produce compiled text themselves, use `connection()`.
 * @module
 */
import {
  type AtomicTarget,
  atomic,
  type CommitCallback,
  inAtomicBlock,
  onCommit,
  transactionConnection,
} from "./atomic.ts";
import type { Connection, Driver, QueryResult, Row } from "./driver.ts";
import { dbError, ERR_DB_CLOSED, ERR_SQL_VALUE } from "./errors.ts";
import { openDriver } from "./open-driver.ts";
import { observedConnection } from "./query-observer.ts";
import { compileSql, isSql, type Sql } from "./sql.ts";
import { type DatabaseConfig, parseDatabaseUrl, redactUrl, type Vendor } from "./url.ts";

export class Database implements AtomicTarget {
  readonly alias: string;
  readonly config: DatabaseConfig;
  /** The URL with its password masked, for logs and `flagon check`. */
  readonly displayUrl: string;
  #driver: Promise<Driver> | undefined;
  /** The driver once `#driver` has resolved: lets `connectionNow()` skip the await. */
  #opened: Driver | undefined;
  #closed = false;

  constructor(alias: string, url: string) {
    this.alias = alias;
    this.config = parseDatabaseUrl(url);
    this.displayUrl = redactUrl(url);
  }

  get vendor(): Vendor {
    return this.config.vendor;
  }

  /** The driver, opened (and for MySQL, connected once) on first call. */
  driver(): Promise<Driver> {
    if (this.#closed)
      return Promise.reject(dbError(ERR_DB_CLOSED, `Database "${this.alias}" is closed`));
    if (this.#driver === undefined) {
      const pending = openDriver(this.config);
      this.#driver = pending;
      // A failed open (server down, package missing) is retried by the next caller.
      pending.then(
        (d) => {
          if (this.#driver === pending) this.#opened = d;
        },
        () => {
          this.#driver = undefined;
        },
      );
    }
    return this.#driver;
  }

  /**
   * The connection a query made here and now should use: the enclosing atomic block's, else
   * the pool. Returned for compiled statements; keep it no longer than the current task.
   * Inside `observeQueries()` its statements are reported to the observers.
   */
  async connection(): Promise<Connection> {
    return observedConnection(transactionConnection(this) ?? (await this.driver()), this.alias);
  }

  /**
   * `connection()` without the wait, for hot paths: `undefined` until the driver has opened
   * (or once closed), when the caller awaits `connection()` instead.
   */
  connectionNow(): Connection | undefined {
    const conn = transactionConnection(this) ?? this.#opened;
    return conn === undefined || this.#closed ? undefined : observedConnection(conn, this.alias);
  }

  /** Run a `sql` fragment and return its rows. */
  async query<R = Row>(query: Sql): Promise<QueryResult<R>> {
    const conn = await this.connection();
    const { text, params } = compileSql(expectSql(query), conn.dialect);
    return conn.query<R>(text, params);
  }

  /** Run a `sql` fragment for its effect (DDL, writes); rows, if any, are dropped. */
  async execute(query: Sql): Promise<QueryResult<never>> {
    const conn = await this.connection();
    const { text, params } = compileSql(expectSql(query), conn.dialect);
    return conn.execute(text, params);
  }

  /** `atomic(fn)` on this database; see `atomic.ts`. */
  atomic<T>(fn: () => T | Promise<T>): Promise<T> {
    return atomic(this, fn);
  }

  /** Run `cb` after the enclosing atomic block on this database commits (now, outside one). */
  onCommit(cb: CommitCallback): void {
    onCommit(this, cb);
  }

  /** True inside an unfinished atomic block on this database. */
  get inAtomicBlock(): boolean {
    return inAtomicBlock(this);
  }

  /** Close the pool. Later queries fail with `FLG_ERR_DB_CLOSED`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const pending = this.#driver;
    this.#driver = undefined;
    this.#opened = undefined;
    if (pending !== undefined) await (await pending.catch(() => undefined))?.close();
  }
}

function expectSql(q: unknown): Sql {
  // A plain string here is the mistake this API exists to prevent: say so instead of running it.
  if (!isSql(q))
    throw dbError(
      ERR_SQL_VALUE,
      "Database.query() takes a sql`...` tagged template, not a string; put each value in a placeholder",
    );
  return q;
}
