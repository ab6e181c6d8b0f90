/**
 * `flagon/orm`: the data layer. This first slice is the connection layer (`./db`): named
 * databases, drivers for SQLite, PostgreSQL and MySQL/MariaDB, `atomic()`, raw `sql`, and
 * integrity errors. Models, querysets and migrations build on it.
 * @module
 */
export * from "./db/index.ts";
