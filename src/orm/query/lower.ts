/**
 * Two walks over the AST that always visit values in the same order. `collect` makes the shape
 * key (the AST without its values) and the dialect's parameter values; `build` makes the Kysely
 * expression with a `Slot` where each value goes. Compiling the slotted query once per shape
 * tells where each value lands in the SQL, so later queries of the same shape skip Kysely.
 * @module
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from "kysely";
import type { DialectName } from "../db/index.ts";
import { toDb } from "../model/convert.ts";
import { datePart } from "./date-parts.ts";
import { Computed, exprKey, exprSql } from "./expressions.ts";
import type { Node } from "./node.ts";

/** Stands for the value with index `i` of the `collect` walk. */
export class Slot {
  readonly i: number;
  constructor(i: number) {
    this.i = i;
  }
}

export interface Collected {
  key: string;
  values: unknown[];
}

const LIKE = new Set([
  "contains",
  "startswith",
  "endswith",
  "icontains",
  "istartswith",
  "iendswith",
]);

/** Escape `%`, `_` and the escape character `!` for `LIKE ... ESCAPE '!'` (same on all three). */
function likeBody(s: string): string {
  return s.replace(/[!%_]/g, "!$&");
}
/** Escape `*`, `?` and `[` for SQLite's case-sensitive GLOB. */
function globBody(s: string): string {
  return s.replace(/[*?[]/g, "[$&]");
}

function pattern(op: string, v: string, glob: boolean): string {
  const body = glob ? globBody(v) : likeBody(v);
  const any = glob ? "*" : "%";
  const base = op.startsWith("i") ? op.slice(1) : op;
  return base === "contains" ? any + body + any : base === "startswith" ? body + any : any + body;
}

/**
 * The pattern as bound for `regex`/`iregex`. MariaDB's REGEXP follows the column's collation for
 * case (text columns are binary, so case-sensitive): an inline PCRE flag pins it either way.
 * PostgreSQL has an operator per case and SQLite a function per case, so they take it as is.
 */
function regexParam(op: string, pattern: string, dialect: DialectName): string {
  if (dialect !== "mysql" && dialect !== "mariadb") return pattern;
  return (op === "iregex" ? "(?i)" : "(?-i)") + pattern;
}

/**
 * `regex`/`iregex`: PostgreSQL's `~` and `~*`, MariaDB/MySQL's REGEXP, and on SQLite the
 * `regexp` and `flagon_iregexp` functions the driver registers (JavaScript regular
 * expressions). The three engines' syntaxes differ past the common core (classes, anchors,
 * alternation, quantifiers), as in Django.
 */
function regexCondition(
  op: string,
  ref: ReturnType<typeof sql.ref>,
  pattern: Slot,
  dialect: DialectName,
): Expression<SqlBool> {
  if (dialect === "postgres") {
    return op === "iregex" ? sql<SqlBool>`${ref} ~* ${pattern}` : sql<SqlBool>`${ref} ~ ${pattern}`;
  }
  if (dialect === "sqlite" && op === "iregex")
    return sql<SqlBool>`flagon_iregexp(${pattern}, ${ref})`;
  return sql<SqlBool>`${ref} regexp ${pattern}`;
}

/** An AND of nothing (`{}`), however deeply nested. */
export function isEmptyNode(n: Node): boolean {
  return n.t === "and" && n.items.every(isEmptyNode);
}

/** How many values a comparison binds. */
function arity(op: string, v: unknown): number {
  if (op === "isnull" || (op === "exact" && v === null)) return 0;
  if (op === "in") return (v as unknown[]).length;
  if (op === "range") return 2;
  return 1;
}

export function collect(n: Node, dialect: DialectName, out: Collected): void {
  switch (n.t) {
    case "and":
    case "or":
      out.key += `(${n.t}`;
      for (const item of n.items) {
        out.key += " ";
        collect(item, dialect, out);
      }
      out.key += ")";
      return;
    case "not":
      out.key += "(not ";
      collect(n.item, dialect, out);
      out.key += ")";
      return;
    case "sub":
      out.key += `(${n.table}.${n.f.column} in ${n.target.table} `;
      collect(n.where, dialect, out);
      out.key += ")";
      return;
    case "rsub":
      out.key += `(${n.table}.${n.col} in ${n.inner}.${n.innerCol} `;
      collect(n.where, dialect, out);
      out.key += ")";
      return;
    case "join":
      out.key += `(${n.from}.${n.col} in ${n.table} ${n.alias}.${n.key} `;
      collect(n.where, dialect, out);
      out.key += ")";
      return;
    case "cmp": {
      const { op, v, f } = n;
      if (n.part !== undefined) {
        // A part's operands are whole numbers, bound as they are.
        out.key += `${n.table}.${f.column} ${n.part}.${op}`;
        if (op === "in") out.key += (v as unknown[]).length;
        if (op === "in" || op === "range") out.values.push(...(v as unknown[]));
        else out.values.push(v);
        return;
      }
      out.key += `${n.table}.${f.column} ${op}`;
      if (v instanceof Computed) {
        out.key += `=${exprKey(v.e, out.values)}`;
        return;
      }
      if (op === "isnull") out.key += v ? "+" : "-";
      else if (op === "exact" && v === null) out.key += "0";
      else if (op === "in") {
        const list = v as unknown[];
        out.key += list.length;
        // Indexed: a prefetch's list of keys runs to hundreds of values.
        for (let i = 0; i < list.length; i++) out.values.push(toDb(f, list[i], dialect));
      } else if (op === "range") {
        for (const x of v as unknown[]) out.values.push(toDb(f, x, dialect));
      } else if (op === "regex" || op === "iregex") {
        out.values.push(regexParam(op, String(v), dialect));
      } else if (LIKE.has(op)) {
        const glob = dialect === "sqlite" && !op.startsWith("i");
        out.values.push(pattern(op, String(v), glob));
      } else out.values.push(toDb(f, v, dialect));
    }
  }
}

type EB = ExpressionBuilder<Record<string, Record<string, unknown>>, string>;

export function build(
  n: Node,
  eb: EB,
  dialect: DialectName,
  slot: () => Slot,
): Expression<SqlBool> {
  switch (n.t) {
    case "and":
    case "or": {
      if (n.items.length === 0) return n.t === "and" ? sql<SqlBool>`1 = 1` : sql<SqlBool>`1 = 0`;
      const parts = n.items.map((i) => build(i, eb, dialect, slot));
      if (parts.length === 1) return parts[0]!;
      return n.t === "and" ? eb.and(parts) : eb.or(parts);
    }
    case "not":
      // As Django's ~Q(): NOT of an empty filter is no condition at all, not "match nothing".
      if (isEmptyNode(n.item)) return sql<SqlBool>`1 = 1`;
      // Django's NOT: a row whose condition is unknown (NULL) is kept, not dropped.
      return sql<SqlBool>`not coalesce(${build(n.item, eb, dialect, slot)}, 1 = 0)`;
    case "sub": {
      const t = n.target;
      const inner = eb
        .selectFrom(t.table)
        .select(`${t.table}.${t.pk.column}`)
        .where((e2) => build(n.where, e2 as unknown as EB, dialect, slot));
      return eb(`${n.table}.${n.f.column}`, "in", inner);
    }
    case "rsub": {
      const inner = eb
        .selectFrom(n.inner)
        .select(`${n.inner}.${n.innerCol}`)
        .where((e2) => build(n.where, e2 as unknown as EB, dialect, slot));
      return eb(`${n.table}.${n.col}`, "in", inner);
    }
    case "join": {
      const inner = eb
        .selectFrom(`${n.table} as ${n.alias}`)
        .select(`${n.alias}.${n.key}`)
        .where((e2) => build(n.where, e2 as unknown as EB, dialect, slot));
      return eb(`${n.from}.${n.col}`, "in", inner);
    }
    case "cmp": {
      const col = sql.ref(`${n.table}.${n.f.column}`);
      // A date part stands where the column would: the comparisons below apply to it alike.
      const ref = n.part === undefined ? col : datePart(n.part, col, n.f, dialect);
      const { op, v } = n;
      if (v instanceof Computed) {
        const cmpOp = { exact: "=", gt: ">", gte: ">=", lt: "<", lte: "<=" }[op]!;
        return sql<SqlBool>`${ref} ${sql.raw(cmpOp)} ${exprSql(v.e, slot)}`;
      }
      const count = arity(op, v);
      const slots = Array.from({ length: count }, slot);
      switch (op) {
        case "isnull":
          return sql<SqlBool>`${ref} ${v ? sql`is null` : sql`is not null`}`;
        case "exact":
          return v === null ? sql<SqlBool>`${ref} is null` : sql<SqlBool>`${ref} = ${slots[0]}`;
        case "iexact":
          return sql<SqlBool>`lower(${ref}) = lower(${slots[0]})`;
        case "in":
          return count === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`${ref} in (${sql.join(slots)})`;
        case "range":
          return sql<SqlBool>`${ref} between ${slots[0]} and ${slots[1]}`;
        case "gt":
          return sql<SqlBool>`${ref} > ${slots[0]}`;
        case "gte":
          return sql<SqlBool>`${ref} >= ${slots[0]}`;
        case "lt":
          return sql<SqlBool>`${ref} < ${slots[0]}`;
        case "lte":
          return sql<SqlBool>`${ref} <= ${slots[0]}`;
        case "regex":
        case "iregex":
          return regexCondition(op, ref, slots[0]!, dialect);
        default:
          if (op.startsWith("i"))
            return sql<SqlBool>`lower(${ref}) like lower(${slots[0]}) escape '!'`;
          return dialect === "sqlite"
            ? sql<SqlBool>`${ref} glob ${slots[0]}`
            : sql<SqlBool>`${ref} like ${slots[0]} escape '!'`;
      }
    }
  }
}
