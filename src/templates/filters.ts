/**
 * The built-in filter table: numbers (abs, int, float, round), `default`, `attr`, and the text
 * and sequence filters from their files.
 * @module
 */
import { attrOnly } from "./access.ts";
import { type FilterFn, filterDef, wrapUserFilter } from "./filter-def.ts";
import { SEQ_FILTERS } from "./filters-seq.ts";
import { TEXT_FILTERS } from "./filters-text.ts";
import { isMarkup } from "./markup.ts";
import { neg, truthy, typeName } from "./operators.ts";
import { pyRound } from "./py-round.ts";
import { pyStr } from "./py-str.ts";
import { TemplateError, typeError } from "./errors.ts";
import { Undefined } from "./undefined.ts";
import { isFloat, isNumber, mkFloat, normInt, num, PyFloat, toBig } from "./values.ts";

export type { FilterFn };
export { wrapUserFilter };

const FLOAT_RE =
  /^\s*[+-]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.)\s*$/;

/** Python's `float(str)`, or undefined when it would raise ValueError. */
function parseFloatPy(s: string): number | undefined {
  const t = s.trim().toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(t)) return Number.NaN;
  return FLOAT_RE.test(s) ? Number(s.replaceAll("_", "")) : undefined;
}

/** Python's `int(str, base)`, or undefined when it would raise ValueError. */
function parseIntPy(s: string, base: number): number | bigint | undefined {
  let t = s.trim().replaceAll("_", "").toLowerCase();
  let sign = 1;
  if (t.startsWith("-") || t.startsWith("+")) {
    if (t[0] === "-") sign = -1;
    t = t.slice(1);
  }
  const prefixes: Record<number, string> = { 16: "0x", 8: "0o", 2: "0b" };
  if (base === 0) {
    // Base 0 reads the prefix, as Python's int(s, 0) does; a bare number must be decimal.
    const found = Object.entries(prefixes).find(([, p]) => t.startsWith(p));
    if (found) {
      base = Number(found[0]);
      t = t.slice(2);
    } else if (/^0+[0-9]/.test(t)) return undefined;
    else base = 10;
  } else if (prefixes[base] && t.startsWith(prefixes[base]!)) t = t.slice(2);
  if (base < 2 || base > 36) return undefined;
  const digits = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, base);
  if (!t || [...t].some((c) => !digits.includes(c))) return undefined;
  const n = Number.parseInt(t, base);
  if (Number.isSafeInteger(n)) return sign * n;
  // Past 2^53 the digits are exact only as a BigInt (Python ints have no limit).
  let big = 0n;
  for (const c of t) big = big * BigInt(base) + BigInt(digits.indexOf(c));
  return normInt(sign < 0 ? -big : big);
}

/** Python's `int(float)`: NaN is a ValueError (so the default), infinity an OverflowError. */
function floatToInt(f: number | undefined, dflt: unknown): unknown {
  if (f === undefined || Number.isNaN(f)) return dflt;
  if (!Number.isFinite(f))
    throw new TemplateError("OverflowError", "cannot convert float infinity to integer");
  return Math.trunc(f) || 0;
}

function toInt(_fc: unknown, v: unknown, dflt: unknown = 0, base: unknown = 10): unknown {
  if (typeof v === "string" || isMarkup(v)) {
    const s = pyStr(v);
    const i = parseIntPy(s, num(base));
    if (i !== undefined) return i;
    return floatToInt(parseFloatPy(s), dflt);
  }
  if (typeof v === "bigint") return v;
  if (isNumber(v)) return floatToInt(num(v), dflt);
  return dflt;
}

function toFloat(_fc: unknown, v: unknown, dflt: unknown = new PyFloat(0)): unknown {
  if (typeof v === "string" || isMarkup(v)) {
    const f = parseFloatPy(pyStr(v));
    return f === undefined ? dflt : mkFloat(f);
  }
  if (isNumber(v)) return mkFloat(num(v));
  return dflt;
}

function round(
  _fc: unknown,
  v: unknown,
  precision: unknown = 0,
  method: unknown = "common",
): unknown {
  if (!isNumber(v)) throw typeError(`type ${typeName(v)} doesn't define __round__ method`);
  const p = num(precision);
  if (method === "common") {
    if (!isFloat(v)) return p < 0 ? roundIntHalfEven(toBig(v as number | bigint | boolean), p) : v;
    return mkFloat(pyRound(num(v), p));
  }
  const f = method === "ceil" ? Math.ceil : method === "floor" ? Math.floor : null;
  if (!f) throw new TemplateError("TemplateRuntimeError", "method must be common, ceil or floor");
  return mkFloat(f(num(v) * 10 ** p) / 10 ** p);
}

/** Python's `round(int, -n)`: to a multiple of 10**n, ties to the even multiple. */
function roundIntHalfEven(v: bigint, precision: number): number | bigint {
  const unit = 10n ** BigInt(-precision);
  const neg = v < 0n;
  const a = neg ? -v : v;
  let q = a / unit;
  const r = a % unit;
  if (r * 2n > unit || (r * 2n === unit && q % 2n === 1n)) q += 1n;
  return normInt(neg ? -(q * unit) : q * unit);
}

const NUM_FILTERS: [string, FilterFn][] = [
  [
    "abs",
    filterDef("abs", [], (_f, v) =>
      isNumber(v) && (num(v) < 0 || Object.is(num(v), -0))
        ? neg(v)
        : typeof v === "boolean"
          ? num(v)
          : v,
    ),
  ],
  ["int", filterDef("int", ["default", "base"], toInt)],
  ["float", filterDef("float", ["default"], toFloat)],
  ["round", filterDef("round", ["precision", "method"], round)],
];

const defaultFilter = filterDef(
  "default",
  ["default_value", "boolean"],
  (_f, v, d = "", boolean = false) => (v instanceof Undefined || (boolean && !truthy(v)) ? d : v),
);

export const BUILTIN_FILTERS: Map<string, FilterFn> = new Map([
  ...NUM_FILTERS,
  ...TEXT_FILTERS,
  ...SEQ_FILTERS,
  ["default", defaultFilter],
  ["d", defaultFilter],
  ["attr", filterDef("attr", ["name"], (fc, obj, name) => attrOnly(obj, pyStr(name), fc.ctx.u))],
]);
