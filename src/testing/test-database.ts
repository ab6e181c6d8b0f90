/**
 * The test database of a `flagon test` run, made from the settings' default database the way
 * Django's test runner makes it: `test_<name>` beside it on the same PostgreSQL or MariaDB
 * server, a fresh temporary file for an SQLite file database, and for an in-memory SQLite
 * database memory again (each test process then migrates its own). `destroy()` drops it;
 * `keepdb` keeps it for the next run, which reuses it and applies only new migrations.
 * @module
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { ERR_MIGRATIONS_LOCKED, type MigrationsApp, migrate } from "../migrations/index.ts";
import { Database, parseDatabaseUrl, redactUrl, type ServerConfig, sql } from "../orm/index.ts";
import { testingError } from "./errors.ts";

/** The variable that tells a test process the URL of its test database. */
export const TEST_DATABASE_ENV = "FLAGON_TEST_DATABASE_URL";

export interface TestDatabase {
  /** Its URL, password included: what the test processes get in FLAGON_TEST_DATABASE_URL. */
  readonly url: string;
  /** One line for the run's output: `PostgreSQL database "test_app" on 127.0.0.1:5432`. */
  readonly description: string;
  /** In memory: nothing to share, so every test process migrates its own. */
  readonly inMemory: boolean;
  /** True when `keepdb` found it from an earlier run and reused it. */
  readonly reused: boolean;
  /** Drop it (nothing for memory; with `keepdb`, nothing either). Never throws twice. */
  destroy(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Reuse a test database left by an earlier `--keepdb` run, and keep this one. */
  readonly keepdb?: boolean;
  /** For a relative SQLite path. @default process.cwd() */
  readonly cwd?: string;
  /** Told about a stale test database dropped before the run. */
  readonly log?: (line: string) => void;
}

/** `test_<name>`, the test database of database `name`. */
export function testDatabaseName(name: string): string {
  return `test_${name}`;
}

/** Create the test database for the database at `url` (the settings' default one). */
export async function createTestDatabase(
  url: string,
  options: CreateTestDatabaseOptions = {},
): Promise<TestDatabase> {
  const config = parseDatabaseUrl(url);
  if (config.vendor === "sqlite") return sqliteTestDatabase(url, config.path, options);
  return serverTestDatabase(url, config, options);
}

/**
 * Apply every migration of `apps` to the database at `url`; resolves with how many ran. The
 * test database is this run's own, so a held migration lock belongs to someone else on the
 * same server (MySQL's named locks are server-wide) or to a parallel `--keepdb` run: wait for
 * it, up to `lockWaitMs`, instead of failing at once as `flagon migrate` does.
 */
export async function migrateTestDatabase(
  url: string,
  apps: readonly MigrationsApp[],
  lockWaitMs = 60_000,
): Promise<number> {
  const db = new Database("default", url);
  const deadline = Date.now() + lockWaitMs;
  try {
    for (;;) {
      try {
        return (await migrate({ apps, db })).steps.length;
      } catch (err) {
        const locked = (err as { code?: unknown }).code === ERR_MIGRATIONS_LOCKED;
        if (!locked || Date.now() >= deadline) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    await db.close();
  }
}

function sqliteTestDatabase(
  url: string,
  path: string,
  options: CreateTestDatabaseOptions,
): TestDatabase {
  if (path === ":memory:")
    return {
      url: "sqlite::memory:",
      description: "in-memory SQLite databases, one per test process",
      inMemory: true,
      reused: false,
      destroy: async () => {},
    };
  const query = url.includes("?") ? url.slice(url.indexOf("?")) : "";
  const source = resolve(options.cwd ?? process.cwd(), path);
  const name = testDatabaseName(basename(source));
  // --keepdb needs a place the next run finds again: beside the real database.
  const dir = options.keepdb ? dirname(source) : mkdtempSync(join(tmpdir(), "flagon-test-db-"));
  const file = join(dir, name);
  const reused = options.keepdb === true && exists(file);
  let destroyed = false;
  return {
    url: `sqlite:///${file}${query}`,
    description: `SQLite database ${file}`,
    inMemory: false,
    reused,
    async destroy() {
      if (destroyed || options.keepdb) return;
      destroyed = true;
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function serverTestDatabase(
  url: string,
  config: ServerConfig,
  options: CreateTestDatabaseOptions,
): Promise<TestDatabase> {
  const name = testDatabaseName(config.database);
  const postgres = config.vendor === "postgres";
  if (postgres && Buffer.byteLength(name) > 63)
    throw testingError(
      "FLG_ERR_TEST_DATABASE",
      `the test database name "${name}" is longer than PostgreSQL's 63 bytes; use a shorter database name`,
    );
  const testUrl = withDatabase(url, name);
  const where = `${config.host}:${config.port}`;
  const description = `${postgres ? "PostgreSQL" : "MySQL/MariaDB"} database "${name}" on ${where}`;
  const reused = await onServer(url, config, async (db) => {
    const found = await databaseExists(db, name, postgres);
    if (found && options.keepdb) return true;
    if (found) {
      options.log?.(`Dropping the test database "${name}" left by an earlier run.`);
      await dropDatabase(db, name, postgres);
    }
    await db.execute(sql`CREATE DATABASE ${sql.id(name)}`);
    return false;
  });
  let destroyed = false;
  return {
    url: testUrl,
    description,
    inMemory: false,
    reused,
    async destroy() {
      if (destroyed || options.keepdb) return;
      destroyed = true;
      await onServer(url, config, (db) => dropDatabase(db, name, postgres));
    },
  };
}

/**
 * Run `fn` on a connection to the server that is not into the test database: PostgreSQL's
 * `postgres` maintenance database (else the configured one, as Django falls back), MySQL's
 * `information_schema`, which every account may open.
 */
async function onServer<T>(
  url: string,
  config: ServerConfig,
  fn: (db: Database) => Promise<T>,
): Promise<T> {
  const candidates =
    config.vendor === "postgres" ? ["postgres", config.database] : ["information_schema"];
  let lastError: unknown;
  for (const candidate of candidates) {
    const db = new Database("test-admin", withDatabase(url, candidate));
    try {
      await db.driver();
    } catch (err) {
      lastError = err;
      await db.close();
      continue;
    }
    try {
      return await fn(db);
    } catch (err) {
      throw testingError(
        "FLG_ERR_TEST_DATABASE",
        `could not set up the test database on ${redactUrl(url)}: ${err instanceof Error ? err.message : String(err)}`,
        err,
      );
    } finally {
      await db.close();
    }
  }
  throw testingError(
    "FLG_ERR_TEST_DATABASE",
    `could not connect to the database server of ${redactUrl(url)} to create the test database: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
    lastError,
  );
}

async function databaseExists(db: Database, name: string, postgres: boolean): Promise<boolean> {
  const { rows } = postgres
    ? await db.query(sql`SELECT 1 AS found FROM pg_database WHERE datname = ${name}`)
    : await db.query(
        sql`SELECT 1 AS found FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ${name}`,
      );
  return rows.length > 0;
}

async function dropDatabase(db: Database, name: string, postgres: boolean): Promise<void> {
  // WITH (FORCE) (PostgreSQL 13+) ends sessions a killed test process left behind.
  await db.execute(
    postgres
      ? sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`
      : sql`DROP DATABASE IF EXISTS ${sql.id(name)}`,
  );
}

/** `url` pointing at database `name` instead, everything else (user, options) kept. */
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

function exists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
