/**
 * Exact decimals in `annotate()` and `aggregate()`: `Sum`/`Avg`/`Min`/`Max` of a decimal field
 * and `F` arithmetic that reads one. A decimal is a string with a fixed number of places
 * (convert.ts), so these results are too, equal on every backend:
 *
 * - PostgreSQL (`numeric`) and MySQL (`DECIMAL`) add, subtract and multiply decimals exactly;
 *   their results come back as text and only get their places fixed here.
 * - SQLite stores a decimal as a REAL, so there it is computed as a scaled integer:
 *   `cast(round(price * 100) as integer)` (exact for the 15 significant digits a REAL keeps),
 *   summed and multiplied as 64-bit integers, and the places put back here.
 *
 * Scales follow the SQL standard: `a + b`/`a - b` keep the larger scale, `a * b` adds them, a
 * `Sum`/`Min`/`Max` keeps its argument's. Number literals in such an expression are exact
 * decimals as written (`0.9` has one place). Division is refused (it has no exact result), and
 * so is mixing a decimal with a float field (as Django does). `Avg` is `Sum / Count` divided
 * here with integers and rounded half away from zero to `AVG_EXTRA_PLACES` more places than its
 * argument, the same digits on all three backends.
 * @module
 */
import { type RawBuilder, sql } from "kysely";
import type { DialectName } from "../db/index.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMeta } from "../model/meta.ts";
import type { Expr } from "./expressions.ts";

/** How many places `Avg` of a decimal has beyond its argument's. */
export const AVG_EXTRA_PLACES = 4;

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
  if (t.op === "/")
    bad("Division in an expression with decimals is not supported (it has no exact result)");
  const l = decimalScale(t.l, kind);
  const r = decimalScale(t.r, kind);
  return t.op === "*" ? l + r : Math.max(l, r);
}

/** 10^n as an SQL integer literal. */
const pow10 = (n: number) => sql.raw(`1${"0".repeat(n)}`);

/**
 * The SQL of a decimal expression: natural on PostgreSQL and MySQL, a scaled integer (value
 * times 10^scale) on SQLite, where `ref` gives each name's SQL in that same form.
 */
export function decimalExprSql(
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
  const l = decimalExprSql(t.l, dialect, kind, ref);
  const r = decimalExprSql(t.r, dialect, kind, ref);
  if (dialect !== "sqlite" || t.op === "*") return sql`(${l} ${sql.raw(t.op)} ${r})`;
  // Scaled integers add once their scales agree.
  const ls = decimalScale(t.l, kind);
  const rs = decimalScale(t.r, kind);
  const lx = ls < rs ? sql`${l} * ${pow10(rs - ls)}` : l;
  const rx = rs < ls ? sql`${r} * ${pow10(ls - rs)}` : r;
  return sql`(${lx} ${sql.raw(t.op)} ${rx})`;
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
  if (dialect === "sqlite" && (typeof v === "number" || typeof v === "bigint"))
    return scaledText(BigInt(v), scale);
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
