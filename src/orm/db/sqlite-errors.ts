/**
 * SQLite constraint errors → `IntegrityError`. SQLite's messages name `table.column` for UNIQUE
 * and NOT NULL, only the constraint (or its expression) for CHECK, and nothing at all for
 * FOREIGN KEY. The missing parts are found on the same connection:
 *
 * - CHECK: the table is the statement's target; the columns are those the constraint's
 *   expression mentions (read from the table's CREATE statement).
 * - FOREIGN KEY: the failed statement is run again inside a savepoint with foreign keys
 *   deferred, `PRAGMA foreign_key_check` lists the offending row's table and constraint, and
 *   the savepoint is rolled back. A failed COMMIT of deferred keys is checked as it stands.
 * @module
 */
import type BetterSqlite3 from "better-sqlite3";
import { columnsInExpression, namedCheckExpression } from "./check-columns.ts";
import { type IntegrityDetails, IntegrityError, type IntegrityKind } from "./errors.ts";
import { statementTable } from "./statement-table.ts";

type Db = BetterSqlite3.Database;
type Stmt = BetterSqlite3.Statement<unknown[], unknown>;

const KINDS: Record<string, IntegrityKind> = {
  SQLITE_CONSTRAINT_UNIQUE: "unique",
  SQLITE_CONSTRAINT_PRIMARYKEY: "unique",
  SQLITE_CONSTRAINT_NOTNULL: "not_null",
  SQLITE_CONSTRAINT_CHECK: "check",
  SQLITE_CONSTRAINT_FOREIGNKEY: "foreign_key",
};

/** The IntegrityError for a better-sqlite3 error, or `undefined` when it is not one. */
export function sqliteIntegrityError(
  err: unknown,
  db: Db,
  text: string,
  stmt: Stmt | undefined,
  args: unknown[],
): IntegrityError | undefined {
  const code = (err as { code?: unknown })?.code;
  const kind = typeof code === "string" ? KINDS[code] : undefined;
  if (kind === undefined) return undefined;
  const message = (err as Error).message;
  let details: IntegrityDetails | undefined;
  try {
    if (kind === "unique") details = unique(db, message);
    else if (kind === "not_null") details = notNull(message, text);
    else if (kind === "check") details = check(db, message, text);
    else details = foreignKey(db, text, stmt, args);
  } catch {
    // A failed lookup must not hide the original error: report what the message gave.
  }
  details ??= { kind, table: statementTable(text), columns: [] };
  return new IntegrityError(details, err);
}

/** "t.a, t.b" → table t, columns [a, b]. */
function tableColumns(list: string): { table: string | undefined; columns: string[] } {
  const pairs = list.split(", ").map((p) => {
    const dot = p.indexOf(".");
    return dot < 0 ? ["", p] : [p.slice(0, dot), p.slice(dot + 1)];
  });
  return { table: pairs[0]?.[0] || undefined, columns: pairs.map((p) => p[1]!) };
}

function unique(db: Db, message: string): IntegrityDetails | undefined {
  const list = /constraint failed: (.*)$/.exec(message)?.[1];
  if (list === undefined) return undefined;
  // A unique index on expressions is reported by name: "index 'idx'".
  const index = /^index '(.*)'$/.exec(list)?.[1];
  if (index !== undefined) {
    const row = db
      .prepare("select tbl_name from sqlite_master where type = 'index' and name = ?")
      .get(index) as { tbl_name: string } | undefined;
    const cols = (db.pragma(`index_info(${quote(index)})`) as { name: string | null }[])
      .map((c) => c.name)
      .filter((n): n is string => n !== null);
    return { kind: "unique", table: row?.tbl_name, columns: cols, constraint: index };
  }
  return { kind: "unique", ...tableColumns(list) };
}

function notNull(message: string, text: string): IntegrityDetails | undefined {
  const list = /constraint failed: (.*)$/.exec(message)?.[1];
  if (list === undefined) return undefined;
  const { table, columns } = tableColumns(list);
  return { kind: "not_null", table: table ?? statementTable(text), columns };
}

function check(db: Db, message: string, text: string): IntegrityDetails {
  const name = /CHECK constraint failed: (.*)$/.exec(message)?.[1];
  const table = statementTable(text);
  let columns: string[] = [];
  if (table !== undefined && name !== undefined) {
    const cols = (db.pragma(`table_info(${quote(table)})`) as { name: string }[]).map(
      (c) => c.name,
    );
    const create = db
      .prepare("select sql from sqlite_master where type = 'table' and name = ?")
      .get(table) as { sql: string } | undefined;
    // A named constraint: its expression from the CREATE text; an unnamed one: SQLite gave
    // the expression itself.
    const expr = (create && namedCheckExpression(create.sql, name)) ?? name;
    columns = columnsInExpression(expr, cols);
  }
  return { kind: "check", table, columns, constraint: name };
}

interface FkViolation {
  table: string;
  parent: string;
  fkid: bigint | number;
}

function foreignKey(
  db: Db,
  text: string,
  stmt: Stmt | undefined,
  args: unknown[],
): IntegrityDetails | undefined {
  const rerun = stmt !== undefined && statementTable(text) !== undefined;
  let violations: FkViolation[];
  if (rerun) {
    const deferred = Number(db.pragma("defer_foreign_keys", { simple: true }));
    db.exec("SAVEPOINT flagon_fk_probe");
    try {
      db.pragma("defer_foreign_keys = ON");
      try {
        if (stmt.reader) stmt.all(...args);
        else stmt.run(...args);
      } catch {
        // Another constraint may still fail; the check below reports the foreign keys.
      }
      violations = db.pragma("foreign_key_check") as FkViolation[];
    } finally {
      db.exec("ROLLBACK TO flagon_fk_probe; RELEASE flagon_fk_probe");
      db.pragma(`defer_foreign_keys = ${deferred ? "ON" : "OFF"}`);
    }
  } else {
    violations = db.pragma("foreign_key_check") as FkViolation[];
  }
  const v = violations[0];
  if (v === undefined) return undefined;
  const fks = db.pragma(`foreign_key_list(${quote(v.table)})`) as {
    id: bigint | number;
    seq: bigint | number;
    from: string;
  }[];
  const columns = fks
    .filter((f) => Number(f.id) === Number(v.fkid))
    .sort((a, b) => Number(a.seq) - Number(b.seq))
    .map((f) => f.from);
  return { kind: "foreign_key", table: v.table, columns, referencedTable: v.parent };
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
