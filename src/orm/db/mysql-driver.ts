/**
 * MySQL and MariaDB through `mysql2/promise` with a pool. The flavour (and whether MariaDB is
 * new enough for RETURNING) is read from `VERSION()` when the database is opened. Choices:
 *
 * - every session runs in UTC (`time_zone = '+00:00'`, and mysql2's `timezone: "Z"`), so a
 *   DATETIME written from a `Date` reads back as the same instant whatever the server's zone;
 * - STRICT_TRANS_TABLES is added to the session's sql_mode: without it MySQL stores '' or 0
 *   for a missing NOT NULL value and truncates long strings instead of failing;
 * - BIGINT → number when exact, else bigint; DECIMAL → string; DATE → "YYYY-MM-DD" string;
 * - statements with parameters run as server-side prepared statements (`execute`, cached per
 *   connection by mysql2); statements without run as plain text, since not every statement
 *   (SAVEPOINT on older servers, some DDL) can be prepared;
 * - statements go through mysql2's callback API under one promise of ours, and `trace` is off:
 *   the promise wrapper captured a stack trace per statement (a third of the driver's time on a
 *   20-row select) and allocated a `[rows, fields]` pair to destructure. Errors lose mysql2's
 *   call-site frames; an integrity error is rebuilt by Flagon after the await, with the caller's.
 * @module
 */
import type * as Mysql from "mysql2/promise";
import { type Dialect, mariadbDialect, mysqlDialect } from "./dialect.ts";
import type { DedicatedConnection, Driver, QueryResult, Row } from "./driver.ts";
import { dbError, ERR_DB_CLOSED } from "./errors.ts";
import { loadDriver } from "./load-driver.ts";
import { mysqlIntegrityError } from "./mysql-errors.ts";
import type { ServerConfig } from "./url.ts";
import { checkParams, parseInteger } from "./values.ts";

const LONGLONG = 0x08;
const SESSION_SQL =
  "SET SESSION time_zone = '+00:00', sql_mode = CONCAT_WS(',', NULLIF(@@sql_mode, ''), 'STRICT_TRANS_TABLES')";

type Target = Pick<Mysql.Pool, "query" | "execute">;
type Done = (err: Error | null, result: unknown, fields?: Mysql.FieldPacket[]) => void;
/** The callback side of a mysql2 pool or connection (what the promise wrappers call). */
interface Core {
  query(sql: string, done: Done): unknown;
  execute(sql: string, values: readonly unknown[], done: Done): unknown;
}

/** Open a MySQL/MariaDB pool as a `Driver`; connects once to learn the server's flavour. */
export async function openMysql(config: ServerConfig): Promise<Driver> {
  const mod = await loadDriver(() => import("mysql2/promise"), "mysql2", "MySQL/MariaDB");
  const pool = mod.createPool({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.database,
    connectionLimit: config.poolMax,
    connectTimeout: config.connectTimeout,
    ...(config.ssl === "off" ? {} : { ssl: { rejectUnauthorized: config.ssl === "verify" } }),
    charset: "utf8mb4",
    trace: false,
    timezone: "Z",
    dateStrings: ["DATE"],
    supportBigNumbers: true,
    bigNumberStrings: false,
    decimalNumbers: false,
  });
  pool.on("connection", (conn) => {
    // The core connection's callback API: queued before any command of the caller that asked
    // for this connection.
    const core = conn as unknown as {
      query(sql: string, cb: (err: unknown) => void): void;
      destroy(): void;
    };
    core.query(SESSION_SQL, (err) => {
      if (err) core.destroy();
    });
  });
  let dialect: Dialect;
  try {
    const [rows] = await pool.query<Mysql.RowDataPacket[]>("SELECT VERSION() AS v");
    dialect = flavour(String(rows[0]?.v ?? ""));
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  return new MysqlDriver(pool, dialect);
}

function flavour(version: string): Dialect {
  if (!/mariadb/i.test(version)) return mysqlDialect;
  const [major = 0, minor = 0] = version.split(/[.-]/).map(Number);
  // RETURNING on INSERT/DELETE arrived in MariaDB 10.5.
  return major > 10 || (major === 10 && minor >= 5)
    ? mariadbDialect
    : { ...mariadbDialect, supportsReturning: false };
}

class MysqlDriver implements Driver {
  readonly dialect: Dialect;
  readonly #pool: Mysql.Pool;
  readonly #core: Core;
  #closed = false;

  constructor(pool: Mysql.Pool, dialect: Dialect) {
    this.#pool = pool;
    this.#core = (pool as unknown as { pool: Core }).pool;
    this.dialect = dialect;
  }

  #check(): void {
    if (this.#closed) throw closedError();
  }

  /** `text` on `core`; `target` is the same pool or connection's promise side, for error details. */
  run<R>(
    target: Target,
    core: Core,
    text: string,
    params: readonly unknown[],
  ): Promise<QueryResult<R>> {
    return new Promise((resolve, reject) => {
      const done: Done = (err, result, fields) => {
        if (err !== null) {
          // Settled with the async translation, so the coded error's stack reaches the caller's
          // awaits (V8 follows a promise resolved with another; a callback would cut the chain).
          resolve(translate(err, target, text));
          return;
        }
        try {
          resolve(toResult<R>(result, fields));
        } catch (e) {
          reject(e);
        }
      };
      // checkParams throws before anything is sent; the executor turns that into a rejection.
      if (params.length === 0) core.query(text, done);
      else core.execute(text, checkParams(params), done);
    });
  }

  /** Not `async`: the promise `run` makes is the caller's, without one more around it. */
  query<R = Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    if (this.#closed) return Promise.reject(closedError());
    return this.run<R>(this.#pool, this.#core, text, params);
  }

  async execute(text: string, params: readonly unknown[] = []): Promise<QueryResult<never>> {
    this.#check();
    return { ...(await this.run<never>(this.#pool, this.#core, text, params)), rows: [] };
  }

  async acquire(): Promise<DedicatedConnection> {
    this.#check();
    return new MysqlConnection(this, await this.#pool.getConnection());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}

class MysqlConnection implements DedicatedConnection {
  readonly dialect: Dialect;
  readonly #driver: MysqlDriver;
  #conn: Mysql.PoolConnection | undefined;

  constructor(driver: MysqlDriver, conn: Mysql.PoolConnection) {
    this.dialect = driver.dialect;
    this.#driver = driver;
    this.#conn = conn;
  }

  #get(): Mysql.PoolConnection {
    if (this.#conn === undefined)
      throw dbError(ERR_DB_CLOSED, "This MySQL connection was released");
    return this.#conn;
  }

  async query<R = Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    const conn = this.#get();
    return this.#driver.run<R>(conn, coreOf(conn), text, params);
  }

  async execute(text: string, params: readonly unknown[] = []): Promise<QueryResult<never>> {
    const conn = this.#get();
    return { ...(await this.#driver.run<never>(conn, coreOf(conn), text, params)), rows: [] };
  }

  release(broken?: boolean): void {
    const conn = this.#conn;
    this.#conn = undefined;
    if (conn === undefined) return;
    if (broken) conn.destroy();
    else conn.release();
  }
}

function closedError(): Error {
  return dbError(ERR_DB_CLOSED, "The MySQL pool is closed");
}

/** The integrity error `err` stands for, as a coded error, else `err` itself: always a rejection. */
async function translate(err: Error, target: Target, text: string): Promise<never> {
  throw (await mysqlIntegrityError(err, target, text)) ?? err;
}

/** The callback connection under a promise one (typed as a promise connection by mysql2). */
function coreOf(conn: Mysql.PoolConnection): Core {
  return conn.connection as unknown as Core;
}

/** A statement's rows, or for a write its affected-row count and generated key. */
function toResult<R>(result: unknown, fields: Mysql.FieldPacket[] | undefined): QueryResult<R> {
  if (Array.isArray(result)) {
    const rows = result as Row[];
    if (fields !== undefined) narrowBigints(rows, fields);
    return { rows: rows as R[], rowCount: rows.length, insertId: undefined };
  }
  const header = result as Mysql.ResultSetHeader;
  const id = header.insertId as number | string | undefined;
  return {
    rows: [],
    rowCount: header.affectedRows,
    insertId:
      id === undefined || id === 0
        ? undefined
        : typeof id === "string"
          ? parseInteger(id) // beyond 2^53 (supportBigNumbers); a number is already exact
          : id,
  };
}

/**
 * mysql2 gives a BIGINT beyond 2^53 as a string (supportBigNumbers); make it a bigint. Plain
 * loops: this runs for every result, and most have no BIGINT column at all.
 */
function narrowBigints(rows: Row[], fields: readonly Mysql.FieldPacket[]): void {
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (field.columnType !== LONGLONG) continue;
    const name = field.name;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const v = row[name];
      if (typeof v === "string") row[name] = parseInteger(v);
    }
  }
}
