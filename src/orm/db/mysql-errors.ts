/**
 * MySQL/MariaDB integrity errors → `IntegrityError`, by error number:
 *
 * - 1451/1452 (foreign key): the message names the child table, the constraint and its columns.
 * - 1062/1586 (duplicate entry): the message names only the key (MySQL 8 as `table.key`); the
 *   table is the statement's target and the columns come from information_schema.STATISTICS.
 * - 1048/1364 (NULL, or no value and no default): the message names only the column; the table
 *   is the statement's target.
 * - 3819 (MySQL) / 4025 (MariaDB) (check): the constraint's name (MariaDB adds the table); the
 *   columns are those its CHECK_CLAUSE mentions.
 *
 * Look-ups run on the connection that failed: unlike PostgreSQL, a MySQL transaction stays
 * usable after an error, and information_schema reads do not end it.
 * @module
 */
import type * as Mysql from "mysql2/promise";
import { columnsInExpression } from "./check-columns.ts";
import { type IntegrityDetails, IntegrityError, type IntegrityKind } from "./errors.ts";
import { statementTable } from "./statement-table.ts";

type Target = Pick<Mysql.Pool, "query">;

const KINDS: Record<number, IntegrityKind> = {
  1062: "unique", // ER_DUP_ENTRY
  1586: "unique", // ER_DUP_ENTRY_WITH_KEY_NAME
  1451: "foreign_key", // ER_ROW_IS_REFERENCED_2
  1452: "foreign_key", // ER_NO_REFERENCED_ROW_2
  1216: "foreign_key", // ER_NO_REFERENCED_ROW (no details)
  1217: "foreign_key", // ER_ROW_IS_REFERENCED (no details)
  1048: "not_null", // ER_BAD_NULL_ERROR
  1364: "not_null", // ER_NO_DEFAULT_FOR_FIELD
  3819: "check", // MySQL ER_CHECK_CONSTRAINT_VIOLATED
  4025: "check", // MariaDB ER_CONSTRAINT_FAILED
};

/** The IntegrityError for a mysql2 error, or `undefined` when it is not one. */
export async function mysqlIntegrityError(
  err: unknown,
  target: Target,
  text: string,
): Promise<IntegrityError | undefined> {
  const errno = (err as { errno?: unknown })?.errno;
  const kind = typeof errno === "number" ? KINDS[errno] : undefined;
  if (kind === undefined) return undefined;
  const message = String((err as { sqlMessage?: unknown }).sqlMessage ?? (err as Error).message);
  let details: IntegrityDetails | undefined;
  try {
    if (kind === "foreign_key") details = foreignKey(message, text);
    else if (kind === "unique") details = await unique(target, message, text);
    else if (kind === "not_null") details = notNull(message, text);
    else details = await check(target, message, text);
  } catch {
    // A failed lookup must not hide the original error: report what the message gave.
  }
  details ??= { kind, table: statementTable(text), columns: [] };
  return new IntegrityError(details, err);
}

const NAME = "`((?:[^`]|``)+)`";

function names(list: string): string[] {
  return [...list.matchAll(new RegExp(NAME, "g"))].map((m) => m[1]!.replaceAll("``", "`"));
}

function foreignKey(message: string, text: string): IntegrityDetails {
  const m = new RegExp(
    `\\(${NAME}\\.${NAME}, CONSTRAINT ${NAME} FOREIGN KEY \\(([^)]*)\\) REFERENCES ${NAME}`,
  ).exec(message);
  if (!m) return { kind: "foreign_key", table: statementTable(text), columns: [] };
  return {
    kind: "foreign_key",
    table: m[2]!.replaceAll("``", "`"),
    constraint: m[3],
    columns: names(m[4]!),
    referencedTable: m[5],
  };
}

async function unique(target: Target, message: string, text: string): Promise<IntegrityDetails> {
  const key = /for key '(.*)'$/.exec(message)?.[1];
  const fromStatement = statementTable(text);
  const candidates: Array<[string | undefined, string]> = [];
  if (key !== undefined) {
    const dot = key.indexOf(".");
    if (dot > 0) candidates.push([key.slice(0, dot), key.slice(dot + 1)]);
    candidates.push([fromStatement, key]);
  }
  for (const [table, index] of candidates) {
    if (table === undefined) continue;
    const [rows] = await target.query<Mysql.RowDataPacket[]>(
      "SELECT COLUMN_NAME AS c FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = ? ORDER BY SEQ_IN_INDEX",
      [table, index],
    );
    if (rows.length > 0)
      return {
        kind: "unique",
        table,
        columns: rows.map((r) => String(r.c)),
        constraint: index,
      };
  }
  return { kind: "unique", table: fromStatement, columns: [], constraint: key };
}

function notNull(message: string, text: string): IntegrityDetails {
  const column = /^(?:Column|Field) '(.*?)'/.exec(message)?.[1];
  return { kind: "not_null", table: statementTable(text), columns: column ? [column] : [] };
}

async function check(target: Target, message: string, text: string): Promise<IntegrityDetails> {
  // MySQL: "Check constraint 'c' is violated."  MariaDB: "CONSTRAINT `c` failed for `db`.`t`"
  const mysql = /^Check constraint '(.*)' is violated/.exec(message);
  const maria = new RegExp(`^CONSTRAINT ${NAME} failed for ${NAME}\\.${NAME}`).exec(message);
  const table = maria?.[3]?.replaceAll("``", "`") ?? statementTable(text);
  let constraint = mysql?.[1] ?? maria?.[1]?.replaceAll("``", "`");
  // MariaDB reports a column-level check as `table.column`; information_schema names it
  // after the column alone.
  if (table !== undefined && constraint?.startsWith(`${table}.`))
    constraint = constraint.slice(table.length + 1);
  let columns: string[] = [];
  if (constraint !== undefined && table !== undefined) {
    const [clauses] = await target.query<Mysql.RowDataPacket[]>(
      "SELECT CHECK_CLAUSE AS c FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = ?",
      [constraint],
    );
    const [cols] = await target.query<Mysql.RowDataPacket[]>(
      "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
      [table],
    );
    const all = cols.map((r) => String(r.c));
    // Several tables may have a constraint of that name: keep the clause that fits this table.
    for (const clause of clauses) {
      const found = columnsInExpression(String(clause.c), all);
      if (found.length > 0) {
        columns = found;
        break;
      }
    }
  }
  return { kind: "check", table, columns, constraint };
}
