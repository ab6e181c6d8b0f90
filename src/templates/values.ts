/**
 * The Python value model the engine keeps on top of JS values. JS numbers are Python ints when
 * integral and floats otherwise; an integral float (`1.0`, `6 / 2`) is boxed as `PyFloat` so it
 * prints as Python would. Tuples are arrays carrying a hidden mark. Dict literals are `Map`s, so
 * key order is insertion order even for integer-like keys.
 * @module
 */

/** A float whose value happens to be integral (`3.0`). Non-integral floats stay plain numbers. */
export class PyFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
  valueOf(): number {
    return this.value;
  }
}

/** Box a float result: integral values become `PyFloat`, the rest stay numbers. */
export function mkFloat(x: number): number | PyFloat {
  return Number.isInteger(x) || Object.is(x, -0) ? new PyFloat(x) : x;
}

export function isNumber(v: unknown): v is number | PyFloat | boolean | bigint {
  return (
    typeof v === "number" || v instanceof PyFloat || typeof v === "boolean" || typeof v === "bigint"
  );
}

/** A Python int: an integral JS number, a bool, or a BigInt (ints beyond 2^53). */
export function isInt(v: unknown): v is number | boolean | bigint {
  return (
    (typeof v === "number" && Number.isInteger(v)) ||
    typeof v === "boolean" ||
    typeof v === "bigint"
  );
}

/** An int as a BigInt, for exact arithmetic past 2^53. */
export function toBig(v: number | boolean | bigint): bigint {
  return typeof v === "bigint" ? v : BigInt(typeof v === "boolean" ? Number(v) : v);
}

/** A BigInt result back to a JS number when that is exact. */
export function normInt(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(v)
    : v;
}

/** True when `v` is a Python float: a boxed float or a non-integral/non-finite JS number. */
export function isFloat(v: unknown): boolean {
  return v instanceof PyFloat || (typeof v === "number" && !Number.isInteger(v));
}

/** The JS number behind a Python number (booleans count as 0 and 1, as in Python). */
export function num(v: unknown): number {
  if (typeof v === "number") return v;
  if (v instanceof PyFloat) return v.value;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "bigint") return Number(v);
  return Number.NaN;
}

const TUPLE = Symbol("flagon.tuple");

/** Mark an array as a Python tuple (printed with parentheses). */
export function tuple<T>(items: T[]): T[] {
  Object.defineProperty(items, TUPLE, { value: true });
  return items;
}

export function isTuple(v: unknown): boolean {
  return Array.isArray(v) && (v as unknown as Record<symbol, unknown>)[TUPLE] === true;
}

/** A plain object (not a class instance): one of the ways a context gives a dict. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** A Python mapping: a `Map` or a plain object. */
export function isMapping(v: unknown): v is Map<unknown, unknown> | Record<string, unknown> {
  return v instanceof Map || isPlainObject(v);
}

/** The (key, value) pairs of a mapping, in order. */
export function mappingEntries(
  v: Map<unknown, unknown> | Record<string, unknown>,
): [unknown, unknown][] {
  return v instanceof Map ? [...v.entries()] : Object.entries(v);
}

const FIELDS = Symbol("flagon.namedFields");

/** A tuple whose items are also readable by name (`group.grouper`, `group.list`). */
export function namedTuple(items: unknown[], fields: readonly string[]): unknown[] {
  const t = tuple(items);
  Object.defineProperty(t, FIELDS, { value: fields });
  return t;
}

/** The named field of a named tuple, or undefined. */
export function namedField(v: unknown, name: string): { value: unknown } | undefined {
  if (!Array.isArray(v)) return undefined;
  const fields = (v as unknown as Record<symbol, readonly string[] | undefined>)[FIELDS];
  const i = fields ? fields.indexOf(name) : -1;
  return i === -1 ? undefined : { value: v[i] };
}
