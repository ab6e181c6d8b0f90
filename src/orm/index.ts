/**
 * `flagon/orm`: the data layer. The connection layer (`./db`: named databases, drivers for
 * SQLite, PostgreSQL and MySQL/MariaDB, `atomic()`, raw `sql`, integrity errors), models
 * (`./model`), querysets (`./query`) and the schema editor (`./schema`).
 * @module
 */
export * from "./db/index.ts";
export * from "./model/index.ts";
export * from "./query/index.ts";
export * from "./schema/index.ts";
