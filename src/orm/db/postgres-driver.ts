/**
 * PostgreSQL through `pg` with a `Pool`. Type parsing is set per pool (never through pg's
 * process-global registry, which another library in the app may also configure):
 *
 * - int8 (bigint, count(*)) → number when exact, else bigint; numeric → string, never a float;
 * - date → "YYYY-MM-DD" string (pg's default is a local-midnight Date, off by a day east of UTC);
 * - timestamp without time zone → Date read as UTC; timestamptz → Date;
 * - Date parameters are sent as ISO-8601 UTC strings (see `postgresParams`).
 * @module
 */
import type Pg from "pg";
import { postgresDialect } from "./dialect.ts";
import type { DedicatedConnection, Driver, QueryResult, Row } from "./driver.ts";
import { dbError, ERR_DB_CLOSED } from "./errors.ts";
import { loadDriver } from "./load-driver.ts";
import { postgresIntegrityError } from "./postgres-errors.ts";
import type { ServerConfig } from "./url.ts";
import { checkParams, parseInteger } from "./values.ts";

/**
 * pg would send a Date in the process's local zone, which a `timestamp` (without time zone)
 * column keeps as wall-clock time: written in Tokyo, read back 9 hours off. An ISO string in
 * UTC is the same instant for timestamptz and the UTC wall time for timestamp, which is how
 * the parser above reads it back.
 */
function postgresParams(params: readonly unknown[]): unknown[] {
  return checkParams(params).map((v) => (v instanceof Date ? v.toISOString() : v));
}

const OID_INT8 = 20;
const OID_DATE = 1082;
const OID_TIMESTAMP = 1114;
const OID_TIMESTAMPTZ = 1184;

/** Open a PostgreSQL pool as a `Driver`. No connection is made until the first query. */
export async function openPostgres(config: ServerConfig): Promise<Driver> {
  const mod = await loadDriver(() => import("pg"), "pg", "PostgreSQL");
  const pg = mod.default;
  const base = pg.types;
  const tz = base.getTypeParser(OID_TIMESTAMPTZ, "text") as (s: string) => unknown;
  const identity = (s: string) => s;
  const types = {
    getTypeParser(oid: number, format?: "text" | "binary") {
      if (format !== "binary") {
        if (oid === OID_INT8) return parseInteger;
        if (oid === OID_DATE) return identity;
        if (oid === OID_TIMESTAMP) return (s: string) => tz(`${s}+00`);
      }
      return base.getTypeParser(oid, format as "text");
    },
  } as Pg.CustomTypesConfig;
  // `connect_timeout` bounds opening a connection, as its docs and MySQL's option say. Given to
  // the pool, pg would also bound each query's wait for a free connection with a timer per
  // queued query (a Timeout made and cleared per query under load: garbage, and a few percent
  // of a busy server's time); given to the client, it bounds the connect only.
  const connectTimeout = config.connectTimeout;
  class Client extends pg.Client {
    constructor(options?: Pg.ClientConfig) {
      super({ ...options, connectionTimeoutMillis: connectTimeout });
    }
  }
  const pool = new pg.Pool({
    Client,
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.database,
    max: config.poolMax,
    application_name: config.applicationName,
    ssl: config.ssl === "off" ? false : { rejectUnauthorized: config.ssl === "verify" },
    types,
  });
  // An idle client that loses its server emits on the pool; without a listener that would
  // crash the process. The pool drops the client and the next query opens a new one.
  pool.on("error", () => {});
  return new PostgresDriver(pool);
}

type Queryable = Pick<Pg.PoolClient, "query">;

function closedError(): Error {
  return dbError(ERR_DB_CLOSED, "The PostgreSQL pool is closed");
}

class PostgresDriver implements Driver {
  readonly dialect = postgresDialect;
  readonly #pool: Pg.Pool;
  #closed = false;

  constructor(pool: Pg.Pool) {
    this.#pool = pool;
  }

  #check(): void {
    if (this.#closed) throw closedError();
  }

  /**
   * Run on `target` and translate integrity errors (catalog look-ups go through the pool).
   * Promise chaining rather than `async`/`await` here and in `query`: under load each pending
   * query keeps its frames alive while it waits for a connection, and every async frame is one
   * more object the young-generation collector copies (measured on TechEmpower's 20-queries test).
   */
  run<R>(target: Queryable, text: string, params: readonly unknown[]): Promise<QueryResult<R>> {
    let pending: Promise<Pg.QueryResult>;
    try {
      // Text and values as two arguments: given one config object, pg copies it through
      // property descriptors on every call, a few thousand instructions per query.
      pending = target.query(text, postgresParams(params));
    } catch (err) {
      return Promise.reject(err);
    }
    return pending.then(
      (res) => ({
        rows: res.rows as R[],
        rowCount: res.rowCount ?? res.rows.length,
        insertId: undefined,
      }),
      (err: unknown) => this.#translate(err),
    );
  }

  async #translate(err: unknown): Promise<never> {
    throw (await postgresIntegrityError(err, this.#pool)) ?? err;
  }

  query<R = Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    if (this.#closed) return Promise.reject(closedError());
    return this.run<R>(this.#pool, text, params);
  }

  async execute(text: string, params: readonly unknown[] = []): Promise<QueryResult<never>> {
    this.#check();
    const res = await this.run<never>(this.#pool, text, params);
    return { ...res, rows: [] };
  }

  async acquire(): Promise<DedicatedConnection> {
    this.#check();
    return new PostgresConnection(this, await this.#pool.connect());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}

class PostgresConnection implements DedicatedConnection {
  readonly dialect = postgresDialect;
  readonly #driver: PostgresDriver;
  #client: Pg.PoolClient | undefined;

  constructor(driver: PostgresDriver, client: Pg.PoolClient) {
    this.#driver = driver;
    this.#client = client;
  }

  #get(): Pg.PoolClient {
    if (this.#client === undefined)
      throw dbError(ERR_DB_CLOSED, "This PostgreSQL connection was released");
    return this.#client;
  }

  async query<R = Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    return this.#driver.run<R>(this.#get(), text, params);
  }

  async execute(text: string, params: readonly unknown[] = []): Promise<QueryResult<never>> {
    const res = await this.#driver.run<never>(this.#get(), text, params);
    return { ...res, rows: [] };
  }

  release(broken?: boolean): void {
    const client = this.#client;
    this.#client = undefined;
    client?.release(broken === true);
  }
}
