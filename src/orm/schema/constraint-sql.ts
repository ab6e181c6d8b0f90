/**
 * DDL for declared constraints: a check's condition as SQL with its constants written inline
 * (DDL takes no parameters) and its columns unqualified, per dialect; the CREATE TABLE lines, and
 * the statements that add or drop one later. A unique constraint with a condition is a partial
 * unique index on PostgreSQL and SQLite; MariaDB/MySQL have no partial indexes, so there it
 * creates nothing (as Django skips it there).
 * @module
 */
import type { Dialect } from "../db/index.ts";
import {
  type Cond,
  type ConstraintMeta,
  isEmptyCond,
  type Operand,
  type UniqueConstraintMeta,
} from "../model/constraints.ts";
import type { ModelMeta } from "../model/meta.ts";

const isMy = (d: Dialect) => d.name === "mysql" || d.name === "mariadb";

/** A constant as SQL: strings quoted (backslashes too on MySQL, where they escape). */
function literal(v: unknown, dialect: Dialect): string {
  if (typeof v === "boolean") return dialect.name === "postgres" ? String(v) : v ? "1" : "0";
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  let s = String(v).replaceAll("'", "''");
  if (isMy(dialect)) s = s.replaceAll("\\", "\\\\");
  return `'${s}'`;
}

function operand(x: Operand, dialect: Dialect): string {
  switch (x.t) {
    case "value":
      return literal(x.v, dialect);
    case "num":
      return String(x.v);
    case "col":
      return dialect.quoteIdentifier(x.f.column);
    case "op":
      return `(${operand(x.l, dialect)} ${x.op} ${operand(x.r, dialect)})`;
  }
}

/** `%`, `_` and `!` escaped for `LIKE ... ESCAPE '!'`; `*`, `?`, `[` for SQLite's GLOB. */
function likePattern(op: string, v: string, glob: boolean): string {
  const body = glob ? v.replace(/[*?[]/g, "[$&]") : v.replace(/[!%_]/g, "!$&");
  const any = glob ? "*" : "%";
  const base = op.startsWith("i") ? op.slice(1) : op;
  return base === "contains" ? any + body + any : base === "startswith" ? body + any : any + body;
}

function compare(c: Extract<Cond, { t: "cmp" }>, dialect: Dialect): string {
  const col = dialect.quoteIdentifier(c.f.column);
  const { op } = c;
  const value = (c.v as { v: unknown }).v;
  switch (op) {
    case "isnull":
      return `${col} is ${value ? "" : "not "}null`;
    case "in": {
      const list = value as unknown[];
      if (list.length === 0) return "1 = 0";
      return `${col} in (${list.map((x) => literal(x, dialect)).join(", ")})`;
    }
    case "range": {
      const [lo, hi] = value as unknown[];
      return `${col} between ${literal(lo, dialect)} and ${literal(hi, dialect)}`;
    }
    case "iexact":
      return `lower(${col}) = lower(${literal(value, dialect)})`;
    case "exact":
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const sym = { exact: "=", gt: ">", gte: ">=", lt: "<", lte: "<=" }[op];
      return `${col} ${sym} ${operand(c.v, dialect)}`;
    }
    default: {
      // contains, startswith, endswith and their case-insensitive forms, as filter() writes them.
      const ci = op.startsWith("i");
      const glob = dialect.name === "sqlite" && !ci;
      const pattern = literal(likePattern(op, String(value), glob), dialect);
      if (ci) return `lower(${col}) like lower(${pattern}) escape '!'`;
      return glob ? `${col} glob ${pattern}` : `${col} like ${pattern} escape '!'`;
    }
  }
}

/** A condition as SQL over the table's own columns (no table name), constants inline. */
export function conditionSql(c: Cond, dialect: Dialect): string {
  switch (c.t) {
    case "cmp":
      return compare(c, dialect);
    case "not":
      // As filter(): NOT of an empty filter is no condition, and a row whose condition is
      // unknown (NULL) counts as not matching it.
      if (isEmptyCond(c.item)) return "1 = 1";
      return `not coalesce(${conditionSql(c.item, dialect)}, 1 = 0)`;
    case "and":
    case "or":
      if (c.items.length === 0) return c.t === "and" ? "1 = 1" : "1 = 0";
      if (c.items.length === 1) return conditionSql(c.items[0]!, dialect);
      return `(${c.items.map((i) => conditionSql(i, dialect)).join(` ${c.t} `)})`;
  }
}

/** Whether `c` lives in the CREATE TABLE statement (else it is an index, or nothing). */
function inline(c: ConstraintMeta): boolean {
  return c.kind === "check" || c.cond === undefined;
}

/** The CREATE TABLE line of a check or an unconditional unique constraint. */
export function constraintLineSql(c: ConstraintMeta, dialect: Dialect): string {
  const q = (s: string) => dialect.quoteIdentifier(s);
  if (c.kind === "check") return `constraint ${q(c.name)} check (${conditionSql(c.cond, dialect)})`;
  return `constraint ${q(c.name)} unique (${c.columns.map(q).join(", ")})`;
}

/** The lines `meta`'s CREATE TABLE holds for its declared constraints. */
export function constraintLinesSql(meta: ModelMeta, dialect: Dialect): string[] {
  return meta.constraints.filter(inline).map((c) => constraintLineSql(c, dialect));
}

/** A unique constraint with a condition: a partial unique index, where the backend has them. */
function partialIndexSql(meta: ModelMeta, c: UniqueConstraintMeta, dialect: Dialect): string[] {
  if (isMy(dialect)) return [];
  const q = (s: string) => dialect.quoteIdentifier(s);
  return [
    `create unique index ${q(c.name)} on ${q(meta.table)} (${c.columns.map(q).join(", ")}) where ${conditionSql(c.cond!, dialect)}`,
  ];
}

/** The statements after CREATE TABLE for `meta`'s conditional unique constraints. */
export function constraintIndexesSql(meta: ModelMeta, dialect: Dialect): string[] {
  return meta.constraints.flatMap((c) =>
    c.kind === "unique" && c.cond !== undefined ? partialIndexSql(meta, c, dialect) : [],
  );
}

/**
 * Add `c` (declared on `to`). `rebuild`: SQLite's table rebuild, which it needs for anything in
 * the CREATE TABLE statement.
 */
export function addConstraintSql(
  to: ModelMeta,
  c: ConstraintMeta,
  dialect: Dialect,
  rebuild: () => string[],
): string[] {
  if (!inline(c)) return partialIndexSql(to, c as UniqueConstraintMeta, dialect);
  if (dialect.name === "sqlite") return rebuild();
  return [`alter table ${dialect.quoteIdentifier(to.table)} add ${constraintLineSql(c, dialect)}`];
}

/** Drop `c` (declared on `from`); `rebuild` as for `addConstraintSql`. */
export function dropConstraintSql(
  from: ModelMeta,
  c: ConstraintMeta,
  dialect: Dialect,
  rebuild: () => string[],
): string[] {
  const q = (s: string) => dialect.quoteIdentifier(s);
  if (!inline(c)) return isMy(dialect) ? [] : [`drop index ${q(c.name)}`];
  if (dialect.name === "sqlite") return rebuild();
  // MySQL names a unique constraint's index after it; a check is dropped as a constraint.
  const drop = isMy(dialect) && c.kind === "unique" ? "drop index" : "drop constraint";
  return [`alter table ${q(from.table)} ${drop} ${q(c.name)}`];
}
