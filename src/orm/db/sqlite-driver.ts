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
const MAX_EXACT = Number.MAX_SAFE_INTEGER;

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
    // driver's default would round values above 2^53 silently. Read-only statements read
    // numbers and fall back to this when one may have been rounded (readPlain).
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
      // Read-only statements read plain numbers first (see readPlain); the rest exact integers.
      if (stmt.reader && stmt.readonly) stmt.safeIntegers(false);
      if (this.#cache.size >= CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(text, stmt);
    }
    return stmt;
  }

  /** Run now; the caller made sure nobody else's transaction owns the connection. */
  run<R>(text: string, params: readonly unknown[], wantRows: boolean): QueryResult<R> {
    if (this.#closed) throw dbError(ERR_DB_CLOSED, "The SQLite database is closed");
    const args = bindable(params);
    let stmt: Stmt | undefined;
    try {
      stmt = this.#prepare(text);
      if (stmt.reader) {
        const rows = stmt.readonly ? readPlain(stmt, args) : readSafe(stmt, args);
        return { rows: (wantRows ? rows : []) as R[], rowCount: rows.length, insertId: undefined };
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

  #shared<R>(text: string, params: readonly unknown[], wantRows: boolean): Promise<QueryResult<R>> {
    // Fast path: no transaction holds the connection, run synchronously.
    if (!this.#lock.held) {
      try {
        return Promise.resolve(this.run<R>(text, params, wantRows));
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return this.#queued<R>(text, params, wantRows);
  }

  async #queued<R>(text: string, params: readonly unknown[], wantRows: boolean) {
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

/** `params` as better-sqlite3 binds them: unchanged when every one binds as it is. */
function bindable(params: readonly unknown[]): unknown[] {
  for (let i = 0; i < params.length; i++) {
    const v = params[i];
    const t = typeof v;
    if (t !== "number" && t !== "string" && t !== "bigint" && v !== null)
      return sqliteParams(params);
  }
  return params as unknown[];
}

function narrowRow(row: Row): void {
  for (const key in row) {
    const v = row[key];
    if (typeof v === "bigint") row[key] = exactInteger(v);
  }
}

function readSafe(stmt: Stmt, args: unknown[]): Row[] {
  const rows = args.length === 1 ? stmt.all(args[0]) : stmt.all(...args);
  for (let i = 0; i < rows.length; i++) narrowRow(rows[i]!);
  return rows;
}

/**
 * A read-only statement's rows with integers as plain numbers (cheaper than bigints narrowed
 * one by one). A number beyond 2^53 in magnitude may be an integer the driver rounded: then
 * the statement runs again with exact integers. It changes nothing, on a connection nobody
 * else writes to meanwhile, so the second run sees the same rows.
 */
function readPlain(stmt: Stmt, args: unknown[]): Row[] {
  const rows = args.length === 1 ? stmt.all(args[0]) : stmt.all(...args);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    for (const key in row) {
      const v = row[key];
      if (typeof v === "number" && (v > MAX_EXACT || v < -MAX_EXACT)) {
        stmt.safeIntegers(true);
        try {
          return readSafe(stmt, args);
        } finally {
          stmt.safeIntegers(false);
        }
      }
    }
  }
  return rows;
}
