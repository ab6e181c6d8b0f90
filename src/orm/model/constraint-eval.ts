/**
 * Constraint conditions evaluated in JavaScript, for `fullClean()`: the same three-valued logic
 * as the CHECK the schema editor writes (a comparison with NULL is unknown, `NOT` of unknown is
 * true, a check passes unless its condition is false). Whatever cannot be decided here exactly
 * as every backend would (string ordering, which follows the database's collation; division;
 * arithmetic on dates; values the database fills) is `SKIP`: left to the database.
 * @module
 */
import { Duration } from "./duration.ts";
import { type Cond, isEmptyCond, type Operand } from "./constraints.ts";
import type { FieldMeta } from "./meta.ts";

/** Not decidable in JS. */
export const SKIP = Symbol("skip");
export type Truth = boolean | null | typeof SKIP;

type Row = Readonly<Record<string, unknown>>;

/** A comparable form of a value of `f`'s kind: number, bigint, string; SKIP when there is none. */
function comparable(f: FieldMeta, v: unknown, ordered: boolean): unknown {
  switch (f.spec.kind) {
    case "auto":
    case "bigAuto":
    case "int":
    case "float":
    case "bigint":
      return typeof v === "number" || typeof v === "bigint" ? v : SKIP;
    case "decimal":
      return typeof v === "string" || typeof v === "number" ? decimalKey(String(v)) : SKIP;
    case "boolean":
      return typeof v === "boolean" ? v : SKIP;
    case "datetime":
      return v instanceof Date ? v.getTime() : SKIP;
    case "duration":
      return v instanceof Duration ? BigInt(v.microseconds) : SKIP;
    case "date":
      return typeof v === "string" ? v : SKIP;
    case "time":
      return typeof v === "string" ? timeKey(v) : SKIP;
    case "uuid":
      return typeof v === "string" ? v.toLowerCase() : SKIP;
    case "foreignKey":
      return typeof v === "number" || typeof v === "string" ? v : SKIP;
    case "string":
    case "text":
    case "email":
    case "url":
    case "slug":
      // Equality is the same everywhere; order follows the database's collation.
      return typeof v === "string" && !ordered ? v : SKIP;
    default:
      return SKIP;
  }
}

/** "10:00" and "10:00:00.000000" compare equal as text once padded. */
function timeKey(v: string): string {
  const [hms, frac = ""] = v.split(".");
  const parts = hms!.split(":");
  while (parts.length < 3) parts.push("00");
  return `${parts.join(":")}.${frac.padEnd(6, "0")}`;
}

/** A decimal as a bigint scaled to 30 places: exact for every declared precision. */
function decimalKey(v: string): unknown {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(v);
  if (m === null) return SKIP;
  const frac = (m[3] ?? "").padEnd(30, "0").slice(0, 30);
  const n = BigInt(m[2]! + frac);
  return m[1] === "-" ? -n : n;
}

function order(a: unknown, b: unknown): number | typeof SKIP {
  if (typeof a === "bigint" || typeof b === "bigint") {
    if (
      (typeof a === "number" && !Number.isInteger(a)) ||
      (typeof b === "number" && !Number.isInteger(b))
    )
      return Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0;
    const x = BigInt(a as number | bigint);
    const y = BigInt(b as number | bigint);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a !== typeof b) return SKIP;
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

const NUMBERS = new Set(["auto", "bigAuto", "int", "bigint", "float"]);
function kindClass(f: FieldMeta): string {
  return NUMBERS.has(f.spec.kind) ? "number" : f.spec.kind;
}

/** A field's value in `row`: SKIP when left unset for the database to fill, else NULL when unset. */
function fieldValue(f: FieldMeta, row: Row): unknown {
  const v = row[f.attr];
  if (v !== undefined) return v;
  const auto = f.primaryKey && (f.spec.kind === "auto" || f.spec.kind === "bigAuto");
  return auto || f.dbDefault !== undefined ? SKIP : null;
}

/** An operand's value; `undefined`: NULL; SKIP: not decidable. */
function operand(x: Operand, row: Row, f: FieldMeta, ordered: boolean): unknown {
  switch (x.t) {
    case "value":
      return comparable(f, x.v, ordered);
    case "num":
      return x.v;
    case "col": {
      // Values of two kinds (an int and a decimal) have no common form here.
      if (kindClass(x.f) !== kindClass(f)) return SKIP;
      const v = fieldValue(x.f, row);
      if (v === SKIP) return SKIP;
      if (v === null) return undefined;
      return comparable(x.f, v, ordered);
    }
    case "op": {
      if (x.op === "/") return SKIP;
      const l = operand(x.l, row, f, ordered);
      const r = operand(x.r, row, f, ordered);
      if (l === SKIP || r === SKIP) return SKIP;
      if (l === undefined || r === undefined) return undefined;
      if (typeof l !== "number" || typeof r !== "number") return SKIP;
      const v = x.op === "+" ? l + r : x.op === "-" ? l - r : l * r;
      return Number.isSafeInteger(v) || !Number.isInteger(v) ? v : SKIP;
    }
  }
}

function like(op: string, v: string, pattern: string): boolean {
  const ci = op.startsWith("i");
  const a = ci ? v.toLowerCase() : v;
  const b = ci ? pattern.toLowerCase() : pattern;
  const base = ci ? op.slice(1) : op;
  return base === "contains"
    ? a.includes(b)
    : base === "startswith"
      ? a.startsWith(b)
      : a.endsWith(b);
}

function compare(c: Extract<Cond, { t: "cmp" }>, row: Row): Truth {
  const raw = fieldValue(c.f, row);
  if (raw === SKIP) return SKIP;
  if (c.op === "isnull") return (raw === null) === (c.v as { v: boolean }).v;
  if (raw === null) return null;
  if (c.op === "in") {
    const here = comparable(c.f, raw, false);
    if (here === SKIP) return SKIP;
    const list = (c.v as { v: unknown[] }).v.map((x) => comparable(c.f, x, false));
    if (list.includes(SKIP)) return SKIP;
    return list.some((x) => order(here, x) === 0);
  }
  if (
    c.op === "iexact" ||
    c.op.endsWith("contains") ||
    c.op.endsWith("startswith") ||
    c.op.endsWith("endswith")
  ) {
    const pattern = (c.v as { v: unknown }).v;
    if (typeof raw !== "string" || typeof pattern !== "string") return SKIP;
    if (c.op === "iexact") return raw.toLowerCase() === pattern.toLowerCase();
    return like(c.op, raw, pattern);
  }
  const ordered = c.op !== "exact";
  const here = comparable(c.f, raw, ordered);
  if (here === SKIP) return SKIP;
  if (c.op === "range") {
    const [lo, hi] = (c.v as { v: unknown[] }).v.map((x) => comparable(c.f, x, true));
    const a = order(here, lo);
    const b = order(here, hi);
    if (a === SKIP || b === SKIP) return SKIP;
    return a >= 0 && b <= 0;
  }
  const other = operand(c.v, row, c.f, ordered);
  if (other === SKIP) return SKIP;
  if (other === undefined) return null;
  const o = order(here, other);
  if (o === SKIP) return SKIP;
  switch (c.op) {
    case "exact":
      return o === 0;
    case "gt":
      return o > 0;
    case "gte":
      return o >= 0;
    case "lt":
      return o < 0;
    case "lte":
      return o <= 0;
    default:
      return SKIP;
  }
}

/** The condition's truth for `row` (by row property). */
export function evaluate(c: Cond, row: Row): Truth {
  switch (c.t) {
    case "cmp":
      return compare(c, row);
    case "not": {
      if (isEmptyCond(c.item)) return true;
      const v = evaluate(c.item, row);
      // As the SQL: NOT coalesce(x, false).
      return v === SKIP ? SKIP : v !== true;
    }
    case "and": {
      const vs = c.items.map((i) => evaluate(i, row));
      if (vs.includes(false)) return false;
      if (vs.includes(SKIP)) return SKIP;
      return vs.includes(null) ? null : true;
    }
    case "or": {
      const vs = c.items.map((i) => evaluate(i, row));
      if (vs.includes(true)) return true;
      if (vs.includes(SKIP)) return SKIP;
      return vs.includes(null) ? null : false;
    }
  }
}

/** The fields a condition reads (a constraint touching an excluded or invalid field is skipped). */
export function fieldsOf(c: Cond, out: Set<string> = new Set()): Set<string> {
  const walk = (x: Operand) => {
    if (x.t === "col") out.add(x.f.attr);
    else if (x.t === "op") {
      walk(x.l);
      walk(x.r);
    }
  };
  if (c.t === "cmp") {
    out.add(c.f.attr);
    walk(c.v);
  } else if (c.t === "not") fieldsOf(c.item, out);
  else for (const i of c.items) fieldsOf(i, out);
  return out;
}
