/**
 * The one place Flagon touches Kysely: a query builder per dialect that never connects (its
 * driver is Kysely's `DummyDriver`), used only to turn a built query into SQL text. Execution
 * goes through Flagon's own `Database`, so `atomic()` and integrity errors apply to every query.
 * @module
 */
import {
  DummyDriver,
  Kysely,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from "kysely";
import type { DialectName } from "../db/index.ts";
import { InheritedTables } from "./inherited-tables.ts";

export type Builder = Kysely<any>;

const builders = new Map<DialectName, Builder>();

function create(name: DialectName): Builder {
  const kind = name === "mariadb" ? "mysql" : name;
  const parts =
    kind === "postgres"
      ? {
          createAdapter: () => new PostgresAdapter(),
          createIntrospector: (db: Builder) => new PostgresIntrospector(db),
          createQueryCompiler: () => new PostgresQueryCompiler(),
        }
      : kind === "mysql"
        ? {
            createAdapter: () => new MysqlAdapter(),
            createIntrospector: (db: Builder) => new MysqlIntrospector(db),
            createQueryCompiler: () => new MysqlQueryCompiler(),
          }
        : {
            createAdapter: () => new SqliteAdapter(),
            createIntrospector: (db: Builder) => new SqliteIntrospector(db),
            createQueryCompiler: () => new SqliteQueryCompiler(),
          };
  return new Kysely({
    dialect: { ...parts, createDriver: () => new DummyDriver() },
    // SELECTs of a multi-table child's table read its parent's row too (inherited-tables.ts).
    plugins: [new InheritedTables()],
  });
}

/** The compile-only builder for `dialect` (one per dialect, made on first use). */
export function builderFor(dialect: DialectName): Builder {
  let b = builders.get(dialect);
  if (b === undefined) {
    b = create(dialect);
    builders.set(dialect, b);
  }
  return b;
}
