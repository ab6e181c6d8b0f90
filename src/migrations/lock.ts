/**
 * The migration lock: one `migrate` per database at a time, across processes. PostgreSQL takes
 * a session advisory lock and MySQL a named lock (GET_LOCK), each on a connection held for the
 * whole run; SQLite, which has neither, inserts a row with a fixed key into a lock table. All
 * three try once and fail with `FLG_ERR_MIGRATIONS_LOCKED` rather than queue silently: a deploy
 * that finds another migrate running should say so.
 * @module
 */
import { createHash } from "node:crypto";
import { type Database, IntegrityError } from "../orm/index.ts";
import { ERR_MIGRATIONS_LOCKED, migrationsError } from "./errors.ts";

import { RECORDER_TABLE } from "./recorder.ts";

/** The SQLite lock table for a recorder table (`flagon_migrations_lock` by default). */
export function lockTable(recorder: string): string {
  return `${recorder}_lock`;
}

/** PostgreSQL's advisory-lock key: a fixed 63-bit number derived from the recorder's name. */
function pgKey(recorder: string): string {
  const h = createHash("sha256").update(`flagon:${recorder}`).digest();
  return (h.readBigUInt64BE(0) >> 1n).toString();
}

function locked(db: Database): Error {
  return migrationsError(
    ERR_MIGRATIONS_LOCKED,
    `Another process is migrating database "${db.alias}" (lock held)`,
  );
}

/** Take the lock; the returned function releases it. */
export async function acquireLock(
  db: Database,
  recorder = RECORDER_TABLE,
): Promise<() => Promise<void>> {
  const LOCK_TABLE = lockTable(recorder);
  const PG_KEY = pgKey(recorder);
  // MySQL's named locks are server-wide: name the database too, so two databases on one
  // server (two projects, parallel test runs) migrate independently, as PostgreSQL's do.
  const MY_NAME = `${recorder}:${"database" in db.config ? db.config.database : ""}`.slice(0, 64);
  const driver = await db.driver();
  const name = driver.dialect.name;
  if (name === "sqlite") {
    const q = (s: string) => driver.dialect.quoteIdentifier(s);
    await driver.execute(
      `create table if not exists ${q(LOCK_TABLE)} (id integer primary key, since text not null)`,
    );
    try {
      await driver.execute(`insert into ${q(LOCK_TABLE)} (id, since) values (1, ?)`, [
        new Date().toISOString(),
      ]);
    } catch (err) {
      if (err instanceof IntegrityError) throw locked(db);
      throw err;
    }
    return async () => {
      await driver.execute(`delete from ${q(LOCK_TABLE)} where id = 1`);
    };
  }
  const conn = await driver.acquire();
  try {
    const pg = name === "postgres";
    const { rows } = await conn.query<{ ok: unknown }>(
      pg ? `select pg_try_advisory_lock(${PG_KEY}) as ok` : "select get_lock(?, 0) as ok",
      pg ? [] : [MY_NAME],
    );
    const ok = rows[0]?.ok;
    if (ok !== true && Number(ok) !== 1) throw locked(db);
  } catch (err) {
    conn.release();
    throw err;
  }
  return async () => {
    try {
      if (name === "postgres") await conn.execute(`select pg_advisory_unlock(${PG_KEY})`);
      else await conn.execute("select release_lock(?)", [MY_NAME]);
      conn.release();
    } catch (err) {
      // Closing the connection ends its session, which frees the lock either way.
      conn.release(true);
      throw err;
    }
  };
}
