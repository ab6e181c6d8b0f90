/**
 * SQLite through better-sqlite3: one synchronous connection per database, WAL journal, a busy
 * timeout and foreign keys on. Statements are prepared once and cached by text. Because the one
 * connection is shared, a transaction holds a lock on it across its awaits and other queries
 * wait (SQLite allows one writer at a time anyway).
 * @module
 */
import type BetterSqlite3 from "better-sqlite3";
import { sqliteDialect } from "./dialect.ts";
import type { DedicatedConnection, Driver, QueryResult, Row } from "./driver.ts";
import { dbError, ERR_DB_CLOSED } from "./errors.ts";
import { loadDriver } from "./load-driver.ts";
import { Lock } from "./lock.ts";
import { sqliteIntegrityError } from "./sqlite-errors.ts";
import type { SqliteConfig } from "./url.ts";
import { exactInteger, sqliteParams } from "./values.ts";

type Db = BetterSqlite3.Database;
type Stmt = BetterSqlite3.Statement<unknown[], Row>;

const CACHE_SIZE = 256;

/** Open an SQLite database as a `Driver`. */
export async function openSqlite(config: SqliteConfig): Promise<Driver> {
  const mod = await loadDriver(() => import("better-sqlite3"), "better-sqlite3", "SQLite");
  const Database = mod.default;
  const db = new Database(config.path, {
    readonly: config.readonly,
    timeout: config.busyTimeout,
  });
  try {
    // Integers come back as bigint and are narrowed to number when exact (values.ts): the
    // driver's default would round values above 2^53 silently.
    db.defaultSafeIntegers(true);
    db.pragma("foreign_keys = ON");
    if (!db.memory && !config.readonly) {
      db.pragma("journal_mode = WAL");
      // NORMAL is safe from corruption in WAL mode; a power cut may lose the last commits.
      db.pragma("synchronous = NORMAL");
    }
    registerRegexp(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return new SqliteDriver(db);
}

/**
 * SQLite parses `x REGEXP p` as a call to a `regexp(p, x)` function it does not provide: the ORM's
 * `regex` lookup needs one, and `iregex` a case-insensitive twin. JavaScript regular expressions,
 * compiled once per pattern (a small cache); NULL on either side gives NULL, as SQL comparisons do.
 */
function registerRegexp(db: Db): void {
  const cache = new Map<string, RegExp>();
  const compiled = (pattern: string, flags: string): RegExp => {
    const key = flags + pattern;
    let re = cache.get(key);
    if (re === undefined) {
      if (cache.size >= 256) cache.clear();
      re = new RegExp(pattern, flags);
      cache.set(key, re);
    }
    return re;
  };
  const matcher =
    (flags: string) =>
    (pattern: unknown, value: unknown): number | null =>
      pattern === null || value === null
        ? null
        : compiled(String(pattern), flags).test(String(value))
          ? 1
          : 0;
  db.function("regexp", { deterministic: true }, matcher("u"));
  db.function("flagon_iregexp", { deterministic: true }, matcher("iu"));
}

class SqliteDriver implements Driver {
  readonly dialect = sqliteDialect;
  readonly #db: Db;
  readonly #cache = new Map<string, Stmt>();
  readonly #lock = new Lock();
  #closed = false;

  constructor(db: Db) {
    this.#db = db;
  }

  #prepare(text: string): Stmt {
    let stmt = this.#cache.get(text);
    if (stmt === undefined) {
      stmt = this.#db.prepare<unknown[], Row>(text);
      if (this.#cache.size >= CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(text, stmt);
    }
    return stmt;
  }

  /** Run now; the caller made sure nobody else's transaction owns the connection. */
  run<R>(text: string, params: readonly unknown[], wantRows: boolean): QueryResult<R> {
    if (this.#closed) throw dbError(ERR_DB_CLOSED, "The SQLite database is closed");
    const args = sqliteParams(params);
    let stmt: Stmt | undefined;
    try {
      stmt = this.#prepare(text);
      if (stmt.reader) {
        const rows = stmt.all(...args);
        for (const row of rows) narrowRow(row);
        return {
          rows: (wantRows ? rows : []) as R[],
          rowCount: rows.length,
          insertId: undefined,
        };
      }
      const info = stmt.run(...args);
      return {
        rows: [],
        rowCount: info.changes,
        insertId: exactInteger(BigInt(info.lastInsertRowid)),
      };
    } catch (err) {
      throw sqliteIntegrityError(err, this.#db, text, stmt, args) ?? err;
    }
  }

  async #shared<R>(text: string, params: readonly unknown[], wantRows: boolean) {
    // Fast path: no transaction holds the connection, run synchronously.
    if (!this.#lock.held) return this.run<R>(text, params, wantRows);
    await this.#lock.acquire();
    try {
      return this.run<R>(text, params, wantRows);
    } finally {
      this.#lock.release();
    }
  }

  query<R = Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    return this.#shared<R>(text, params, true);
  }

  execute(text: string, params: readonly unknown[] = []): Promise<QueryResult<never>> {
    return this.#shared<never>(text, params, false);
  }

  async acquire(): Promise<DedicatedConnection> {
    if (this.#closed) throw dbError(ERR_DB_CLOSED, "The SQLite database is closed");
    await this.#lock.acquire();
    return new SqliteConnection(this, this.#lock);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#cache.clear();
    this.#db.close();
  }
}

/** The shared connection, owned by one transaction until release. */
class SqliteConnection implements DedicatedConnection {
  readonly dialect = sqliteDialect;
  readonly #driver: SqliteDriver;
  #lock: Lock | undefined;

  constructor(driver: SqliteDriver, lock: Lock) {
    this.#driver = driver;
    this.#lock = lock;
  }

  #check(): void {
    if (this.#lock === undefined)
      throw dbError(ERR_DB_CLOSED, "This SQLite connection was released");
  }

  async query<R = Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    this.#check();
    return this.#driver.run<R>(text, params, true);
  }

  async execute(text: string, params: readonly unknown[] = []): Promise<QueryResult<never>> {
    this.#check();
    return this.#driver.run<never>(text, params, false);
  }

  release(): void {
    // There is no second connection to switch to: a broken one is the database itself, which
    // the next query will report.
    const lock = this.#lock;
    this.#lock = undefined;
    lock?.release();
  }
}

function narrowRow(row: Row): void {
  for (const key in row) {
    const v = row[key];
    if (typeof v === "bigint") row[key] = exactInteger(v);
  }
}
