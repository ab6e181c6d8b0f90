/**
 * Printing values as Python does: `str()` for output and `repr()` inside containers. This is
 * where `None`, `True`, `3.0`, `1e-07` and `[1, 'a']` come from.
 * @module
 */
import { isMarkup } from "./markup.ts";
import { StrictUndefined, Undefined } from "./undefined.ts";
import { isPlainObject, isTuple, mappingEntries, PyFloat } from "./values.ts";

/** Python's `repr(float)`: shortest round-trip digits, exponent form outside 1e-4 <= |x| < 1e16. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Number.POSITIVE_INFINITY) return "inf";
  if (x === Number.NEGATIVE_INFINITY) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expPart] = x.toExponential().split("e") as [string, string];
  const exp = Number(expPart);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  const sign = neg ? "-" : "";
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${e}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${"0".repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** Python's `str(int)`: every digit, never exponent form. */
export function intStr(x: number): string {
  return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
}

function numStr(x: number): string {
  return Number.isInteger(x) ? intStr(x) : floatRepr(x);
}

/** Python's `str()`. Undefined prints as "" (strict undefined raises). */
export function pyStr(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return numStr(v);
  if (v === null) return "None";
  if (v === undefined) return "";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (v instanceof Undefined) {
    if (v instanceof StrictUndefined) throw v.fail();
    return "";
  }
  if (isMarkup(v)) return v.__html__();
  if (typeof v === "bigint") return v.toString();
  // Never print a function's JS source into a page.
  if (typeof v === "function") return `<function ${v.name || "anonymous"}>`;
  if (Array.isArray(v) || v instanceof Map || v instanceof Set || isPlainObject(v))
    return pyRepr(v);
  return String(v);
}

const STR_ESC: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Python's `repr(str)`: single quotes unless the text has a ' and no ". */
export function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (STR_ESC[ch] !== undefined) out += STR_ESC[ch];
    else if (ch === q) out += `\\${q}`;
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + q;
}

/** Python's `repr()`. */
export function pyRepr(v: unknown, seen: Set<unknown> = new Set()): string {
  if (typeof v === "string") return strRepr(v);
  if (v instanceof Undefined || v === undefined) return "Undefined";
  if (isMarkup(v)) return `Markup(${strRepr(v.__html__())})`;
  if (typeof v === "object" && v !== null) {
    if (seen.has(v)) return Array.isArray(v) ? "[...]" : "{...}";
    seen.add(v);
    try {
      if (Array.isArray(v)) {
        const items = v.map((x) => pyRepr(x, seen));
        if (isTuple(v)) return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
        return `[${items.join(", ")}]`;
      }
      if (v instanceof Set)
        return v.size === 0 ? "set()" : `{${[...v].map((x) => pyRepr(x, seen)).join(", ")}}`;
      if (v instanceof Map || isPlainObject(v)) {
        const parts = mappingEntries(v).map(([k, x]) => `${pyRepr(k, seen)}: ${pyRepr(x, seen)}`);
        return `{${parts.join(", ")}}`;
      }
    } finally {
      seen.delete(v);
    }
  }
  return pyStr(v);
}
