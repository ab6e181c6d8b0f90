/**
 * Which database a query runs on: the one given with `using()` (an alias or a `Database`),
 * else the registry's router for the model (reads and writes routed separately).
 * @module
 */
import {
  Database,
  type DialectName,
  getDatabases,
  type QueryResult,
  type Row,
} from "../db/index.ts";
import type { CompiledStatement } from "./shape-cache.ts";

export type Using = string | Database | undefined;

export function resolveDatabase(using: Using, label: string, write: boolean): Database {
  if (using instanceof Database) return using;
  const dbs = getDatabases();
  if (using !== undefined) return dbs.get(using);
  return write ? dbs.forWrite({ model: label }) : dbs.forRead({ model: label });
}

/** Run compiled text on the database's current connection (the atomic block's, if any). */
export async function run(
  db: Database,
  make: (dialect: DialectName) => CompiledStatement,
): Promise<QueryResult<Row>> {
  const conn = db.connectionNow() ?? (await db.connection());
  const { sql, params } = make(conn.dialect.name);
  return conn.query(sql, params);
}
