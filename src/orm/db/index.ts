/**
 * The database connection layer: URLs, drivers, named databases with routers, `atomic()`,
 * raw SQL as a tagged template, and integrity errors normalized across backends.
 * @module
 */
export { type AtomicTarget, type CommitCallback, pendingCommitCallbacks } from "./atomic.ts";
export { Database } from "./database.ts";
export {
  type AtomicOptions,
  atomic,
  configureDatabases,
  type DatabaseSetting,
  type DatabaseSettings,
  Databases,
  type DatabasesOptions,
  getDatabases,
  onCommit,
} from "./databases.ts";
export {
  type Dialect,
  type DialectName,
  mariadbDialect,
  mysqlDialect,
  postgresDialect,
  sqliteDialect,
} from "./dialect.ts";
export type { Connection, DedicatedConnection, Driver, QueryResult, Row } from "./driver.ts";
export {
  DatabaseUrlError,
  ERR_DB_CHECK,
  ERR_DB_CLOSED,
  ERR_DB_CONFIG,
  ERR_DB_DRIVER_MISSING,
  ERR_DB_FOREIGN_KEY,
  ERR_DB_NOT_NULL,
  ERR_DB_TRANSACTION,
  ERR_DB_UNIQUE,
  ERR_DB_URL,
  ERR_SQL_VALUE,
  type IntegrityDetails,
  IntegrityError,
  type IntegrityKind,
} from "./errors.ts";
export { openDriver } from "./open-driver.ts";
export {
  type ObservedQuery,
  observeQueries,
  type QueryObserver,
} from "./query-observer.ts";
export {
  type DatabaseRouter,
  type ReplicaRouterOptions,
  type RouteHints,
  replicaRouter,
} from "./router.ts";
export { type CompiledSql, compileSql, isSql, type Sql, type SqlIdentifier, sql } from "./sql.ts";
export {
  type DatabaseConfig,
  parseDatabaseUrl,
  redactUrl,
  type ServerConfig,
  type SqliteConfig,
  type Vendor,
} from "./url.ts";
