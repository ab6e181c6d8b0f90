/**
 * Raw SQL as a tagged template. Every `${value}` becomes a bound parameter; the text around it
 * is the only SQL. Identifiers go through `sql.id()` (quoted per dialect), nested `sql` fragments
 * are inlined with their own parameters, and there is deliberately no way to splice a string in
 * as SQL: a fragment can only come from a template literal written in the source.
 *
 * @example
 * const rows = await db.query(sql`select * from ${sql.id("book")} where id = ${id}`);
 * @module
 */
import type { Dialect } from "./dialect.ts";
import { dbError, ERR_SQL_VALUE } from "./errors.ts";

const SQL = Symbol("flagon.sql");

/** An identifier to quote at compile time: `sql.id("schema", "table")` → `"schema"."table"`. */
export class SqlIdentifier {
  readonly parts: readonly string[];
  constructor(parts: readonly string[]) {
    for (const p of parts) {
      if (typeof p !== "string" || p === "" || p.includes("\0"))
        throw dbError(ERR_SQL_VALUE, `sql.id(): invalid identifier ${JSON.stringify(p)}`);
    }
    if (parts.length === 0) throw dbError(ERR_SQL_VALUE, "sql.id() needs at least one name");
    this.parts = Object.freeze([...parts]);
  }
}

/**
 * A piece of SQL with its parameters, built by the `sql` tag; compile it with `compileSql`. The
 * class itself is not exported, so no module can build one from a run-time string.
 */
class Sql {
  readonly [SQL] = true;
  readonly strings: readonly string[];
  readonly values: readonly unknown[];
  /** `strings` must come from a template literal (`TemplateStringsArray`), never from input. */
  constructor(strings: readonly string[], values: readonly unknown[]) {
    this.strings = strings;
    this.values = values;
  }
}

/** The text and parameters a driver runs. */
export interface CompiledSql {
  readonly text: string;
  readonly params: readonly unknown[];
}

function tag(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  // A real template literal is a frozen array with `raw`; an array passed as `sql(["..."])` is
  // not, which closes the door to building SQL text from strings at run time by accident.
  if (!Array.isArray((strings as { raw?: unknown }).raw) || !Object.isFrozen(strings))
    throw dbError(ERR_SQL_VALUE, "sql must be used as a tagged template: sql`...`");
  for (const v of values) checkValue(v);
  return new Sql(strings, values);
}

function checkValue(v: unknown): void {
  if (v === undefined)
    throw dbError(ERR_SQL_VALUE, "sql`...`: a value is undefined; pass null for SQL NULL");
  if (typeof v === "function" || typeof v === "symbol")
    throw dbError(ERR_SQL_VALUE, `sql\`...\`: a ${typeof v} cannot be a parameter`);
}

/** Quote an identifier (or a dotted path given as several names). */
function id(...names: string[]): SqlIdentifier {
  return new SqlIdentifier(names);
}

/** Join fragments or values with a separator fragment (`, ` by default): `in (${sql.join(ids)})`. */
function join(items: readonly unknown[], separator: Sql = new Sql([", "], [])): Sql {
  if (items.length === 0) throw dbError(ERR_SQL_VALUE, "sql.join() got an empty list");
  const strings: string[] = [""];
  const values: unknown[] = [];
  items.forEach((item, i) => {
    if (i > 0) {
      values.push(separator);
      strings.push("");
    }
    checkValue(item);
    values.push(item);
    strings.push("");
  });
  return new Sql(strings, values);
}

/** The empty fragment, for optional clauses: `${where ? sql`where ${where}` : sql.empty}`. */
const empty = new Sql([""], []);

export const sql: typeof tag & { id: typeof id; join: typeof join; empty: Sql } = Object.assign(
  tag,
  { id, join, empty },
);

export type { Sql };

/** True for a fragment built by the `sql` tag. */
export function isSql(v: unknown): v is Sql {
  return v instanceof Sql;
}

/** Turn a fragment into the dialect's text and a flat parameter list. */
export function compileSql(query: Sql, dialect: Dialect): CompiledSql {
  const params: unknown[] = [];
  const text = emit(query, dialect, params);
  return { text, params };
}

function emit(q: Sql, dialect: Dialect, params: unknown[]): string {
  let text = q.strings[0] ?? "";
  for (let i = 0; i < q.values.length; i++) {
    const v = q.values[i];
    if (v instanceof Sql) text += emit(v, dialect, params);
    else if (v instanceof SqlIdentifier)
      text += v.parts.map((p) => dialect.quoteIdentifier(p)).join(".");
    else {
      params.push(v);
      text += dialect.placeholder(params.length);
    }
    text += q.strings[i + 1] ?? "";
  }
  return text;
}
