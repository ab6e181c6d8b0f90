/**
 * Python semantics for template operators: truthiness, arithmetic (int/float typing, floor
 * division and modulo signs, `str * int`, list concatenation), equality, ordering and `in`.
 * Type mismatches raise TypeError, as Python does, instead of JS coercions.
 * @module
 */
import { TemplateError, typeError } from "./errors.ts";
import { escapeText, isMarkup, Markup } from "./markup.ts";
import { pyFixed } from "./py-round.ts";
import { pyRepr, pyStr } from "./py-str.ts";
import { StrictUndefined, Undefined } from "./undefined.ts";
import {
  isFloat,
  isInt,
  isMapping,
  isNumber,
  isTuple,
  mappingEntries,
  mkFloat,
  normInt,
  num,
  PyFloat,
  toBig,
  tuple,
} from "./values.ts";

export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
  if (v === true || typeof v === "number" || typeof v === "string") return true;
  if (v instanceof Undefined) {
    if (v instanceof StrictUndefined) throw v.fail();
    return false;
  }
  if (v instanceof PyFloat) return v.value !== 0;
  if (typeof v === "bigint") return v !== 0n;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  if (isMarkup(v)) return v.__html__() !== "";
  if (isMapping(v)) return Object.keys(v).length > 0;
  return true;
}

/** Python's type name, for error messages. */
export function typeName(v: unknown): string {
  if (v === null) return "NoneType";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "bigint") return "int";
  if (v instanceof PyFloat) return "float";
  if (typeof v === "string" || isMarkup(v)) return "str";
  if (Array.isArray(v)) return isTuple(v) ? "tuple" : "list";
  if (isMapping(v)) return "dict";
  if (v instanceof Undefined || v === undefined) return "Undefined";
  if (typeof v === "function") return "function";
  return "object";
}

function checkUndef(v: unknown): void {
  if (v instanceof Undefined) throw v.fail();
}

function unsupported(op: string, a: unknown, b: unknown): TemplateError {
  checkUndef(a);
  checkUndef(b);
  return typeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** Bits a BigInt result may have; beyond this an operation is refused (the sandbox's limit). */
export const MAX_INT_BITS = 100_000;

function bitLength(v: bigint): number {
  return (v < 0n ? -v : v).toString(16).length * 4;
}

/**
 * A numeric operation with Python typing: a float operand makes a float result; ints stay exact,
 * moving to BigInt when a result leaves the safe-integer range (`2 ** 100`).
 */
function arith(
  op: string,
  a: unknown,
  b: unknown,
  f: (x: number, y: number) => number,
  big?: (x: bigint, y: bigint) => bigint,
): number | bigint | PyFloat {
  if (!isNumber(a) || !isNumber(b)) throw unsupported(op, a, b);
  if (isFloat(a) || isFloat(b)) return mkFloat(f(num(a), num(b)));
  if (typeof a !== "bigint" && typeof b !== "bigint") {
    const r = f(num(a), num(b));
    if (Number.isSafeInteger(r) || !big) return r;
  }
  if (!big) return f(num(a), num(b));
  const r = big(toBig(a as number), toBig(b as number));
  if (bitLength(r) > MAX_INT_BITS)
    throw new TemplateError("OverflowError", "integer result too large");
  return normInt(r);
}

function isStr(v: unknown): v is string {
  return typeof v === "string" || v instanceof Markup;
}

export function add(a: unknown, b: unknown): unknown {
  if (typeof a === "number" && typeof b === "number" && Number.isInteger(a) && Number.isInteger(b))
    return a + b;
  if (isStr(a) && isStr(b)) {
    if (isMarkup(a) || isMarkup(b)) return new Markup(markupStr(a) + markupStr(b));
    return (a as string) + (b as string);
  }
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    const r = [...a, ...b];
    return isTuple(a) ? tuple(r) : r;
  }
  return arith(
    "+",
    a,
    b,
    (x, y) => x + y,
    (x, y) => x + y,
  );
}

function markupStr(v: unknown): string {
  return isMarkup(v) ? v.__html__() : escapeText(pyStr(v));
}

export function sub(a: unknown, b: unknown): unknown {
  return arith(
    "-",
    a,
    b,
    (x, y) => x - y,
    (x, y) => x - y,
  );
}

export function mul(a: unknown, b: unknown): unknown {
  if (isStr(a) && isNumber(b) && !isFloat(b)) return repeatStr(a, num(b));
  if (isStr(b) && isNumber(a) && !isFloat(a)) return repeatStr(b, num(a));
  if (Array.isArray(a) && isNumber(b) && !isFloat(b)) return repeatList(a, num(b));
  if (Array.isArray(b) && isNumber(a) && !isFloat(a)) return repeatList(b, num(a));
  return arith(
    "*",
    a,
    b,
    (x, y) => x * y,
    (x, y) => x * y,
  );
}

function repeatStr(s: string | Markup, n: number): string | Markup {
  // JS strings stop near 2^29 code units; fail as Python fails on memory, with a coded error.
  if (String(s).length * n > 2 ** 28)
    throw new TemplateError("OverflowError", "repeated string is too long");
  const r = String(s).repeat(Math.max(0, n));
  return s instanceof Markup ? new Markup(r) : r;
}

function repeatList(a: unknown[], n: number): unknown[] {
  const r: unknown[] = [];
  for (let i = 0; i < n; i++) r.push(...a);
  return isTuple(a) ? tuple(r) : r;
}

function zeroCheck(b: unknown, what: string): void {
  if (isNumber(b) && num(b) === 0) throw new TemplateError("ZeroDivisionError", what);
}

export function div(a: unknown, b: unknown): unknown {
  if (!isNumber(a) || !isNumber(b)) throw unsupported("/", a, b);
  zeroCheck(b, "division by zero");
  return mkFloat(num(a) / num(b));
}

export function floordiv(a: unknown, b: unknown): unknown {
  if (!isNumber(a) || !isNumber(b)) throw unsupported("//", a, b);
  zeroCheck(
    b,
    isFloat(a) || isFloat(b)
      ? "float floor division by zero"
      : "integer division or modulo by zero",
  );
  return arith(
    "//",
    a,
    b,
    (x, y) => Math.floor(x / y),
    (x, y) => (x % y !== 0n && x < 0n !== y < 0n ? x / y - 1n : x / y),
  );
}

export function mod(a: unknown, b: unknown): unknown {
  if (isStr(a)) return percentFormat(a, b);
  if (!isNumber(a) || !isNumber(b)) throw unsupported("%", a, b);
  zeroCheck(b, isFloat(a) || isFloat(b) ? "float modulo" : "integer division or modulo by zero");
  return arith(
    "%",
    a,
    b,
    (x, y) => {
      const r = x % y;
      // A zero result takes the divisor's sign, as Python's float modulo does.
      if (r === 0) return y < 0 ? -0 : 0;
      return r < 0 !== y < 0 ? r + y : r;
    },
    (x, y) => {
      const r = x % y;
      return r !== 0n && r < 0n !== y < 0n ? r + y : r;
    },
  );
}

export function pow(a: unknown, b: unknown): unknown {
  if (!isNumber(a) || !isNumber(b)) throw unsupported("** or pow()", a, b);
  const x = num(a);
  const y = num(b);
  if (!isFloat(a) && !isFloat(b) && y < 0) return mkFloat(x ** y);
  if (x === 0 && y < 0)
    throw new TemplateError("ZeroDivisionError", "0.0 cannot be raised to a negative power");
  return arith(
    "**",
    a,
    b,
    (p, q) => p ** q,
    (p, q) => {
      // Refuse before computing: BigInt ** would happily allocate gigabytes.
      if (bitLength(p) * Number(q) > MAX_INT_BITS)
        throw new TemplateError("OverflowError", "integer result too large");
      return p ** q;
    },
  );
}

export function neg(a: unknown): unknown {
  if (!isNumber(a)) {
    checkUndef(a);
    throw typeError(`bad operand type for unary -: '${typeName(a)}'`);
  }
  if (typeof a === "bigint") return normInt(-a);
  const r = -num(a);
  return isFloat(a) ? mkFloat(r) : r === 0 ? 0 : r;
}

export function pos(a: unknown): unknown {
  if (!isNumber(a)) {
    checkUndef(a);
    throw typeError(`bad operand type for unary +: '${typeName(a)}'`);
  }
  return typeof a === "boolean" ? num(a) : a;
}

/** `a ~ b ~ c`: string concatenation; with autoescape, Markup-aware. */
export function concat(parts: unknown[], autoescape: boolean): string | Markup {
  if (autoescape && parts.some(isMarkup)) return new Markup(parts.map(markupStr).join(""));
  return parts.map(pyStr).join("");
}

export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isNumber(a) && isNumber(b)) {
    if ((typeof a === "bigint" || typeof b === "bigint") && isInt(a) && isInt(b))
      return toBig(a) === toBig(b);
    return num(a) === num(b);
  }
  if (isStr(a) && isStr(b)) return String(a) === String(b);
  if (a instanceof Undefined && b instanceof Undefined) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isTuple(a) !== isTuple(b) || a.length !== b.length) return false;
    return a.every((x, i) => eq(x, b[i]));
  }
  if (isMapping(a) && isMapping(b)) {
    const ea = mappingEntries(a);
    const eb = mappingEntries(b);
    if (ea.length !== eb.length) return false;
    return ea.every(([k, v]) => {
      const other = eb.find(([k2]) => eq(k, k2));
      return other !== undefined && eq(v, other[1]);
    });
  }
  return false;
}

/** Python ordering: `-1`, `0` or `1`; TypeError across types. */
export function cmp(a: unknown, b: unknown, op: string): number {
  if (isNumber(a) && isNumber(b)) {
    if ((typeof a === "bigint" || typeof b === "bigint") && isInt(a) && isInt(b)) {
      const x = toBig(a);
      const y = toBig(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const x = num(a);
    const y = num(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (isStr(a) && isStr(b)) {
    const x = String(a);
    const y = String(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!eq(a[i], b[i])) return cmp(a[i], b[i], op);
    }
    return a.length - b.length;
  }
  checkUndef(a);
  checkUndef(b);
  throw typeError(
    `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`,
  );
}

export function compare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case "==":
      return eq(a, b);
    case "!=":
      return !eq(a, b);
    case "<":
      return cmp(a, b, op) < 0;
    case "<=":
      return cmp(a, b, op) <= 0;
    case ">":
      return cmp(a, b, op) > 0;
    case ">=":
      return cmp(a, b, op) >= 0;
    case "in":
      return contains(b, a);
    case "notin":
      return !contains(b, a);
  }
  throw typeError(`unknown operator ${op}`);
}

/** Python's `item in container`. */
export function contains(container: unknown, item: unknown): boolean {
  if (isStr(container)) {
    if (!isStr(item))
      throw typeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return String(container).includes(String(item));
  }
  if (Array.isArray(container)) return container.some((x) => eq(x, item));
  if (container instanceof Map) {
    for (const k of container.keys()) if (eq(k, item)) return true;
    return false;
  }
  if (container instanceof Set) return [...container].some((x) => eq(x, item));
  if (isMapping(container)) return typeof item === "string" && Object.hasOwn(container, item);
  checkUndef(container);
  throw typeError(`argument of type '${typeName(container)}' is not iterable`);
}

/** Python's `'%s' % args`, the common conversions only. */
export function percentFormat(fmt: string | Markup, args: unknown): string | Markup {
  const isM = fmt instanceof Markup;
  const list = Array.isArray(args) && isTuple(args) ? args : [args];
  let i = 0;
  const next = (): unknown => {
    if (i >= list.length) throw typeError("not enough arguments for format string");
    return list[i++];
  };
  const out = String(fmt).replace(
    /%(\(([^)]*)\))?([-+ #0]*)(\d+|\*)?(?:\.(\d+|\*))?([diouxXeEfFgGcrsa%])/g,
    (_m, _k, key, flags, width, prec, conv) => {
      if (conv === "%") return "%";
      // `*` takes the width (or precision) from the arguments, before the value.
      if (width === "*") {
        const w = num(next());
        if (w < 0) flags += "-";
        width = String(Math.abs(w));
      }
      if (prec === "*") prec = String(Math.max(0, num(next())));
      const v = key !== undefined ? lookupKey(args, key) : next();
      let s = formatOne(v, flags, prec === undefined ? undefined : Number(prec), conv);
      if (isM && (conv === "s" || conv === "r")) s = isMarkup(v) ? s : escapeText(s);
      const w = width === undefined ? 0 : Number(width);
      if (s.length < w) {
        if (flags.includes("-")) s = s.padEnd(w);
        else if (flags.includes("0") && /[diouxXeEfFgG]/.test(conv)) {
          const sign = /^[-+ ]/.test(s) ? s[0]! : "";
          s = sign + s.slice(sign.length).padStart(w - sign.length, "0");
        } else s = s.padStart(w);
      }
      return s;
    },
  );
  if (i < list.length && !(isMapping(args) && i === 0))
    throw typeError("not all arguments converted during string formatting");
  return isM ? new Markup(out) : out;
}

function lookupKey(args: unknown, key: string): unknown {
  if (args instanceof Map) return args.get(key);
  if (isMapping(args)) return (args as Record<string, unknown>)[key];
  throw typeError("format requires a mapping");
}

function formatOne(v: unknown, flags: string, prec: number | undefined, conv: string): string {
  if (conv === "s") return prec === undefined ? pyStr(v) : pyStr(v).slice(0, prec);
  if (conv === "r" || conv === "a") return pyRepr(v);
  if (conv === "c") return typeof v === "number" ? String.fromCodePoint(v) : pyStr(v);
  if (!isNumber(v))
    throw typeError(`%${conv} format: a real number is required, not ${typeName(v)}`);
  const x = num(v);
  const sign =
    x < 0 || Object.is(x, -0) ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
  const ax = Math.abs(x);
  let body: string;
  switch (conv) {
    case "d":
    case "i":
    case "u":
      body = typeof v === "bigint" ? (v < 0n ? -v : v).toString() : String(Math.trunc(ax));
      break;
    case "o":
      body = Math.trunc(ax).toString(8);
      break;
    case "x":
      body = Math.trunc(ax).toString(16);
      break;
    case "X":
      body = Math.trunc(ax).toString(16).toUpperCase();
      break;
    case "e":
    case "E":
      body = expForm(ax, prec ?? 6);
      if (conv === "E") body = body.toUpperCase();
      break;
    case "f":
    case "F":
      body = pyFixed(ax, prec ?? 6);
      break;
    default: {
      const p = prec === 0 ? 1 : (prec ?? 6);
      const exp = ax === 0 ? 0 : Math.floor(Math.log10(ax));
      body = exp < -4 || exp >= p ? expForm(ax, p - 1) : ax.toFixed(Math.max(0, p - 1 - exp));
      if (!flags.includes("#")) body = body.replace(/\.?0+(?=e|$)/, "");
      if (conv === "G") body = body.toUpperCase();
    }
  }
  return sign + body;
}

function expForm(x: number, prec: number): string {
  const [m, e] = x.toExponential(prec).split("e") as [string, string];
  const n = Number(e);
  return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
}
