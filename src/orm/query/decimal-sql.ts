/**
 * Exact decimals in `annotate()` and `aggregate()`: `Sum`/`Avg`/`Min`/`Max` of a decimal field
 * and `F` arithmetic that reads one. A decimal is a string with a fixed number of places
 * (convert.ts), so these results are too, equal on every backend:
 *
 * - PostgreSQL (`numeric`) and MySQL (`DECIMAL`) add, subtract and multiply decimals exactly;
 *   their results come back as text and only get their places fixed here.
 * - SQLite stores a decimal as a REAL, so there it is computed as a scaled integer:
 *   `cast(round(price * 100) as integer)` (exact for the 15 significant digits a REAL keeps),
 *   summed and multiplied as 64-bit integers, and the places put back here. An overflow there
 *   fails the query (decimalExprSql), as SQLite's own `sum()` does, never approximate digits.
 *
 * Scales follow the SQL standard: `a + b`/`a - b` keep the larger scale, `a * b` adds them, a
 * `Sum`/`Min`/`Max` keeps its argument's. Number literals in such an expression are exact
 * decimals as written (`0.9` has one place). Mixing a decimal with a float field is refused (as
 * Django does). `Avg` is `Sum / Count` divided here with integers and rounded half away from
 * zero to `AVG_EXTRA_PLACES` more places than its argument, the same digits on all three
 * backends. A division `a / b` in a decimal expression is the same integer arithmetic done by
 * the database (divSql), so it can be filtered, ordered and computed on: its quotient has
 * `places` places (`div(x, { places })`, default the dividend's + `DIV_EXTRA_PLACES`), rounded
 * half away from zero, NULL when `b` is 0 (PostgreSQL would raise: NULLIF guards it). Its
 * range is each backend's exact integers (PostgreSQL none, MySQL 65 digits, SQLite 64 bits);
 * beyond it the query fails.
 * @module
 */
import { type RawBuilder, sql } from "kysely";
import type { DialectName } from "../db/index.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMeta } from "../model/meta.ts";
import type { Expr } from "./expressions.ts";

/** How many places `Avg` of a decimal has beyond its argument's. */
export const AVG_EXTRA_PLACES = 4;

/** How many places a decimal quotient has beyond its dividend's, unless `places` is given. */
export const DIV_EXTRA_PLACES = 6;

/** What a name in an expression reads, for decimal typing. */
export type NumKind =
  | { readonly t: "int" }
  | { readonly t: "float" }
  | { readonly t: "decimal"; readonly scale: number };

const INT_KINDS = new Set(["auto", "bigAuto", "int", "bigint"]);

/** The kind of a field's values, or undefined when it is no number. */
export function fieldKind(f: FieldMeta): NumKind | undefined {
  if (f.spec.kind === "decimal") return { t: "decimal", scale: f.spec.decimalPlaces ?? 0 };
  if (INT_KINDS.has(f.spec.kind)) return { t: "int" };
  if (f.spec.kind === "float") return { t: "float" };
  return undefined;
}

function bad(msg: string): never {
  throw ormError(ERR_ORM_QUERY, msg);
}

type Operand = Expr | number;

/** A number literal as exact decimal text (`0.9`, `12`), or refused when JS wrote an exponent. */
function literal(v: number): { text: string; scale: number } {
  const text = String(v);
  if (/e/i.test(text))
    bad(`F(): the number ${text} is too large or small for a decimal expression; write it plainly`);
  const dot = text.indexOf(".");
  return { text, scale: dot < 0 ? 0 : text.length - dot - 1 };
}

/** Whether an expression reads a decimal (its names' kinds given by `kind`). */
export function readsDecimal(x: Operand, kind: (ref: string) => NumKind | undefined): boolean {
  if (typeof x === "number") return false;
  const t = x.tree;
  if ("ref" in t) return kind(t.ref)?.t === "decimal";
  return readsDecimal(t.l, kind) || readsDecimal(t.r, kind);
}

/** The scale of a decimal expression, refusing what would not be exact. */
export function decimalScale(x: Operand, kind: (ref: string) => NumKind | undefined): number {
  if (typeof x === "number") return literal(x).scale;
  const t = x.tree;
  if ("ref" in t) {
    const k = kind(t.ref);
    if (k === undefined) bad(`F("${t.ref}") is not a number`);
    if (k.t === "float")
      bad(
        `F("${t.ref}") is a float field in an expression with decimals: mixed types are not supported (it would be inexact)`,
      );
    return k.t === "decimal" ? k.scale : 0;
  }
  const l = decimalScale(t.l, kind);
  const r = decimalScale(t.r, kind);
  if (t.op === "/")
    return "places" in t && t.places !== undefined ? t.places : l + DIV_EXTRA_PLACES;
  return t.op === "*" ? l + r : Math.max(l, r);
}

/** 10^n as an SQL integer literal. */
const pow10 = (n: number) => sql.raw(`1${"0".repeat(n)}`);

/**
 * The SQL of a decimal expression: natural on PostgreSQL and MySQL, a scaled integer (value
 * times 10^scale) on SQLite, where `ref` gives each name's SQL in that same form. SQLite turns
 * a 64-bit integer overflow in `+`, `-`, `*` or `/` into a REAL, which then taints the whole
 * result (REAL in, REAL out), so there an expression that computes is checked once, at its
 * top: a REAL result raises SQLite's own "integer overflow" error instead of giving
 * approximate digits. A check in SQL, unlike one on the value read, also covers filters,
 * orderings and aggregates over the expression, and an overflowed value that shrank back below
 * 2^53 (a huge dividend over a huge divisor).
 */
export function decimalExprSql(
  x: Operand,
  dialect: DialectName,
  kind: (ref: string) => NumKind | undefined,
  ref: (name: string) => RawBuilder<unknown>,
): RawBuilder<unknown> {
  const v = exprSql(x, dialect, kind, ref);
  if (dialect !== "sqlite" || typeof x === "number" || "ref" in x.tree) return v;
  return exactOrRaise(v);
}

/**
 * `v`, or SQLite's "integer overflow" error when `v` is a REAL: abs() of the smallest 64-bit
 * integer is the one built-in that raises it. CASE evaluates that branch only when taken.
 */
function exactOrRaise(v: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(case when typeof(${v}) = 'real' then abs(-9223372036854775807 - 1) else ${v} end)`;
}

function exprSql(
  x: Operand,
  dialect: DialectName,
  kind: (ref: string) => NumKind | undefined,
  ref: (name: string) => RawBuilder<unknown>,
): RawBuilder<unknown> {
  if (typeof x === "number") {
    const { text } = literal(x);
    const lit = dialect === "sqlite" ? text.replace(".", "").replace(/^(-?)0+(?=\d)/, "$1") : text;
    return sql.raw(lit.startsWith("-") ? `(${lit})` : lit);
  }
  const t = x.tree;
  if ("ref" in t) return ref(t.ref);
  const l = exprSql(t.l, dialect, kind, ref);
  const r = exprSql(t.r, dialect, kind, ref);
  const ls = decimalScale(t.l, kind);
  const rs = decimalScale(t.r, kind);
  if (t.op === "/") return divSql(l, ls, r, rs, decimalScale(x, kind), dialect);
  if (dialect !== "sqlite" || t.op === "*") return sql`(${l} ${sql.raw(t.op)} ${r})`;
  // Scaled integers add once their scales agree.
  const lx = ls < rs ? sql`${l} * ${pow10(rs - ls)}` : l;
  const rx = rs < ls ? sql`${r} * ${pow10(ls - rs)}` : r;
  return sql`(${lx} ${sql.raw(t.op)} ${rx})`;
}

/**
 * `l / r` rounded half away from zero to `p` places, the same digits on every backend. `l`, `r`
 * have scales `ls`, `rs` (SQLite: as scaled integers; elsewhere natural). With
 * e = max(ls, p + rs) the quotient times 10^p is n / d for the integers n = l * 10^e and
 * d = r * 10^(e - p); rounding is trunc((2n + sign(n) * |d|) / 2d). Each backend does this in
 * its exact integer arithmetic, so the range differs but a result is never clamped or rounded:
 *
 * - PostgreSQL: `numeric`, of any size; `div()` truncates toward zero.
 * - MySQL/MariaDB: DECIMAL (an integer operand made one first, so its scaling cannot overflow
 *   BIGINT). `DIV` would make the quotient a BIGINT, an error beyond 2^63, so the truncated
 *   quotient is `(x - mod(x, y)) / y`: `mod` keeps the dividend's sign and the division is
 *   then exact. DECIMAL is exact to 65 digits; beyond, MariaDB sometimes raises and sometimes
 *   silently gives 0, so `mysqlRangeGuard` refuses operands that could take it there.
 * - SQLite: 64-bit integers (its `/` truncates toward zero); an overflow there becomes a REAL,
 *   which decimalExprSql turns into an error.
 *
 * The result is SQLite's scaled integer, or elsewhere the natural value (times 10^-p, exact).
 */
export function divSql(
  l: RawBuilder<unknown>,
  ls: number,
  r: RawBuilder<unknown>,
  rs: number,
  p: number,
  dialect: DialectName,
): RawBuilder<unknown> {
  const e = Math.max(ls, p + rs);
  const times = (x: RawBuilder<unknown>, k: number) => (k === 0 ? x : sql`${x} * ${pow10(k)}`);
  const mysql = dialect === "mysql" || dialect === "mariadb";
  const exact = (x: RawBuilder<unknown>, scale: number) =>
    dialect === "postgres"
      ? sql`cast(${x} as numeric)`
      : mysql && scale === 0
        ? sql`cast(${x} as decimal(65, 0))`
        : x;
  const n = sql`(${times(exact(l, ls), dialect === "sqlite" ? e - ls : e)})`;
  const d = sql`(${times(exact(r, rs), dialect === "sqlite" ? e - p - rs : e - p)})`;
  const x = sql`(2 * ${n} + sign(${n}) * abs(${d}))`;
  const y = sql`(2 * nullif(${d}, 0))`;
  if (dialect === "sqlite") return sql`(${x} / ${y})`;
  const scaleBack = (q: RawBuilder<unknown>) =>
    p === 0 ? q : sql`${q} * ${sql.raw(`0.${"0".repeat(p - 1)}1`)}`;
  if (!mysql) return sql`(${scaleBack(sql`div(${x}, ${y})`)})`;
  // truncate(): the quotient is whole; its scale 0 keeps later arithmetic's types small.
  const q = scaleBack(sql`truncate((${x} - mod(${x}, ${y})) / ${y}, 0)`);
  // The guards come first: MySQL evaluates `+` left to right and raises before computing q.
  const m = MYSQL_EXACT_DIGITS - Math.max(ls, rs);
  return sql`(${mysqlRangeGuard(l, m - e, ls)} + ${mysqlRangeGuard(r, m - e + p, rs)} + ${q})`;
}

/**
 * The integer digits n and d may have on MySQL: the steps of divSql add at most 2 integer
 * digits, and `/` 4 places (div_precision_increment's default), to the larger scale, and all
 * must stay within DECIMAL's 65.
 */
const MYSQL_EXACT_DIGITS = 59;

/**
 * 0, or MySQL's "BIGINT value is out of range" error (1690) when |v| >= 10^k (v has `scale`
 * places, so below 10^-scale only 0 passes): a BIGINT sum that overflows exactly then.
 */
function mysqlRangeGuard(v: RawBuilder<unknown>, k: number, scale: number): RawBuilder<unknown> {
  const limit = Math.max(k, -scale);
  const lit = limit >= 0 ? `1${"0".repeat(limit)}` : `0.${"0".repeat(-limit - 1)}1`;
  return sql`((9223372036854775807 + (abs(${v}) >= ${sql.raw(lit)})) - 9223372036854775807)`;
}

/** Whether an expression divides (its decimal SQL then differs from the plain one). */
export function hasDivision(x: Operand): boolean {
  if (typeof x === "number") return false;
  const t = x.tree;
  if ("ref" in t) return false;
  return t.op === "/" || hasDivision(t.l) || hasDivision(t.r);
}

/** SQLite's scaled integer with `scale` places as its REAL value (filters and ordering). */
export function realOf(scaled: RawBuilder<unknown>, scale: number): RawBuilder<unknown> {
  return sql`(${scaled} / ${sql.raw(`1${"0".repeat(scale)}.0`)})`;
}

/** A decimal column as SQLite's scaled integer. */
export function scaledColumn(column: RawBuilder<unknown>, scale: number): RawBuilder<unknown> {
  return scale === 0
    ? sql`cast(round(${column}) as integer)`
    : sql`cast(round(${column} * ${pow10(scale)}) as integer)`;
}

/** `Sum` and `Count` of one argument as text `"<sum>/<count>"`, for an exact `Avg`. */
export function sumCountSql(
  arg: RawBuilder<unknown>,
  distinct: boolean,
  dialect: DialectName,
): RawBuilder<unknown> {
  const a = distinct ? sql`distinct ${arg}` : arg;
  if (dialect === "mysql" || dialect === "mariadb") return sql`concat(sum(${a}), '/', count(${a}))`;
  if (dialect === "postgres")
    return sql`(cast(sum(${a}) as text) || '/' || cast(count(${a}) as text))`;
  return sql`(sum(${a}) || '/' || count(${a}))`;
}

/** Decimal text (`"-12.5"`) as an integer count of 10^-scale; exact. */
function toScaled(text: string, scale: number): bigint {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (m === null) bad(`A decimal result "${text}" could not be read`);
  const frac = m[3] ?? "";
  // More places than asked only come from a backend padding with zeros; rounding is safe.
  let digits = BigInt(`${m[2] || "0"}${frac.slice(0, scale).padEnd(scale, "0")}`);
  if (frac.length > scale && frac[scale]! >= "5") digits += 1n;
  return m[1] === "-" ? -digits : digits;
}

/** An integer count of 10^-scale as decimal text with exactly `scale` places. */
export function scaledText(v: bigint, scale: number): string {
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(scale + 1, "0");
  const text = scale === 0 ? s : `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  return neg ? `-${text}` : text;
}

/** A decimal result from the database (scaled integer on SQLite) as text with `scale` places. */
export function readDecimal(v: unknown, scale: number, dialect: DialectName): string {
  if (dialect === "sqlite" && (typeof v === "number" || typeof v === "bigint")) {
    // The driver reads an integer beyond 2^53 as a bigint, so such a number is a REAL: digits
    // an overflow made approximate (decimalExprSql raises first; this guards the rest).
    if (typeof v === "number" && !Number.isSafeInteger(v))
      bad(
        `A decimal result from SQLite (${v}) is not an exact 64-bit integer: its scaled integer arithmetic overflowed`,
      );
    return scaledText(BigInt(v), scale);
  }
  return scaledText(toScaled(String(v), scale), scale);
}

/** `"<sum>/<count>"` (sumCountSql) as the mean with `scale + AVG_EXTRA_PLACES` places. */
export function readDecimalAvg(v: unknown, scale: number, dialect: DialectName): string {
  const [s, n] = String(v).split("/") as [string, string];
  const sum = dialect === "sqlite" ? BigInt(s.replace(/\.0*$/, "")) : toScaled(s, scale);
  const count = BigInt(n);
  const num = sum * 10n ** BigInt(AVG_EXTRA_PLACES);
  // Half away from zero: (2|num| + n) / 2n, truncated.
  const mag = ((num < 0n ? -num : num) * 2n + count) / (2n * count);
  return scaledText(num < 0n ? -mag : mag, scale + AVG_EXTRA_PLACES);
}
