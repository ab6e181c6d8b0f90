/**
 * Coded errors of the database layer. Integrity errors are normalized from each backend's own
 * codes and messages so that code catching them never looks at vendor strings: `table` and
 * `columns` name what was violated on every backend (see docs/databases.md for how each backend
 * is read), and `cause` keeps the driver's original error.
 * @module
 */
import { FlagonError } from "../../utils/index.ts";

/** A database URL could not be parsed or names an unsupported backend or option. */
export const ERR_DB_URL = "FLG_ERR_DB_URL";
/** The `databases` settings or a router are unusable (no `default`, an unknown alias ...). */
export const ERR_DB_CONFIG = "FLG_ERR_DB_CONFIG";
/** The driver package for a configured backend is not installed. */
export const ERR_DB_DRIVER_MISSING = "FLG_ERR_DB_DRIVER_MISSING";
/** A query on a database (or a dedicated connection) that was closed. */
export const ERR_DB_CLOSED = "FLG_ERR_DB_CLOSED";
/** `atomic()` misuse: a query on a finished transaction, concurrent nested blocks ... */
export const ERR_DB_TRANSACTION = "FLG_ERR_DB_TRANSACTION";
/** A value or identifier the `sql` tag or a driver cannot bind. */
export const ERR_SQL_VALUE = "FLG_ERR_SQL_VALUE";
/** A UNIQUE or PRIMARY KEY constraint was violated. */
export const ERR_DB_UNIQUE = "FLG_ERR_DB_UNIQUE";
/** A FOREIGN KEY constraint was violated (a missing parent, or a parent still referenced). */
export const ERR_DB_FOREIGN_KEY = "FLG_ERR_DB_FOREIGN_KEY";
/** NULL (or no value and no default) for a NOT NULL column. */
export const ERR_DB_NOT_NULL = "FLG_ERR_DB_NOT_NULL";
/** A CHECK constraint was violated. */
export const ERR_DB_CHECK = "FLG_ERR_DB_CHECK";

/** `FLG_ERR_DB_URL`. The message never repeats the password. */
export class DatabaseUrlError extends FlagonError {
  constructor(message: string) {
    super(ERR_DB_URL, message, 500);
    this.name = "DatabaseUrlError";
  }
}

/** The kind of constraint an `IntegrityError` reports. */
export type IntegrityKind = "unique" | "foreign_key" | "not_null" | "check";

const KIND_CODES: Record<IntegrityKind, string> = {
  unique: ERR_DB_UNIQUE,
  foreign_key: ERR_DB_FOREIGN_KEY,
  not_null: ERR_DB_NOT_NULL,
  check: ERR_DB_CHECK,
};

const KIND_WORDS: Record<IntegrityKind, string> = {
  unique: "Unique constraint",
  foreign_key: "Foreign key constraint",
  not_null: "Not-null constraint",
  check: "Check constraint",
};

/** What a backend told us (or what we found out) about a violated constraint. */
export interface IntegrityDetails {
  readonly kind: IntegrityKind;
  /**
   * The table holding the constraint. For a foreign key this is the referencing (child) table,
   * also when the statement was a DELETE of the parent. `undefined` only when the backend gave
   * no table and none could be found (the message says so).
   */
  readonly table: string | undefined;
  /** The constrained columns of `table`, in constraint order; empty when unknown. */
  readonly columns: readonly string[];
  /** The constraint or index name, when the backend gives one. */
  readonly constraint?: string | undefined;
  /** For a foreign key: the referenced (parent) table, when known. */
  readonly referencedTable?: string | undefined;
}

/**
 * Base class of the four integrity errors; `catch (e) { if (e instanceof IntegrityError) }`
 * catches them all, `e.code` tells them apart. Status 500: an integrity error reaching the
 * client is a bug in the view (validate first, or catch it and answer 409/400).
 */
export class IntegrityError extends FlagonError implements IntegrityDetails {
  readonly kind: IntegrityKind;
  readonly table: string | undefined;
  readonly columns: readonly string[];
  readonly constraint: string | undefined;
  readonly referencedTable: string | undefined;

  constructor(details: IntegrityDetails, cause: unknown) {
    super(KIND_CODES[details.kind], describe(details), 500, { cause });
    this.name = "IntegrityError";
    this.kind = details.kind;
    this.table = details.table;
    this.columns = Object.freeze([...details.columns]);
    this.constraint = details.constraint;
    this.referencedTable = details.referencedTable;
  }

  /** The first constrained column (the only one for NOT NULL and most foreign keys). */
  get column(): string | undefined {
    return this.columns[0];
  }
}

function describe(d: IntegrityDetails): string {
  const where =
    d.table === undefined
      ? "on a table the database did not name"
      : d.columns.length > 0
        ? `on ${d.columns.map((c) => `${d.table}.${c}`).join(", ")}`
        : `on table ${d.table}`;
  const name = d.constraint ? ` (${d.constraint})` : "";
  const parent = d.referencedTable ? `, referencing ${d.referencedTable}` : "";
  return `${KIND_WORDS[d.kind]} failed ${where}${name}${parent}`;
}

/** Shorthand for the non-integrity codes above. */
export function dbError(code: string, message: string, cause?: unknown): FlagonError {
  return new FlagonError(code, message, 500, cause === undefined ? undefined : { cause });
}
