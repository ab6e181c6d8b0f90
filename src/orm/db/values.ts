/**
 * Value normalization shared by the drivers. The rule everywhere: never lose precision
 * silently. Integers come back as `number` when they fit in 2^53 and as `bigint` when they do
 * not; exact decimals come back as strings (a model's decimal field turns them into its own
 * type); nothing is ever rounded through a float.
 * @module
 */
import { dbError, ERR_SQL_VALUE } from "./errors.ts";

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const MIN = BigInt(Number.MIN_SAFE_INTEGER);

/** A bigint as a number when that is exact, else unchanged. */
export function exactInteger(v: bigint): number | bigint {
  return v <= MAX && v >= MIN ? Number(v) : v;
}

/** A decimal-integer string (PostgreSQL int8, MySQL BIGINT) as `exactInteger` would give. */
export function parseInteger(s: string): number | bigint {
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : BigInt(s);
}

/**
 * Parameters for SQLite, which binds only numbers, bigints, strings, buffers and null. Booleans
 * become 1/0 and dates ISO-8601 UTC strings (the text form SQLite's date functions read);
 * anything else is refused rather than stringified into "[object Object]".
 */
export function sqliteParams(params: readonly unknown[]): unknown[] {
  return params.map((v, i) => {
    switch (typeof v) {
      case "number":
      case "bigint":
      case "string":
        return v;
      case "boolean":
        return v ? 1 : 0;
      case "object":
        if (v === null || v instanceof Uint8Array) return v;
        if (v instanceof Date) {
          if (Number.isNaN(v.getTime())) throw badParam(i, "an invalid Date");
          return v.toISOString();
        }
        throw badParam(i, Array.isArray(v) ? "an array" : "an object");
      default:
        throw badParam(i, v === undefined ? "undefined" : `a ${typeof v}`);
    }
  });
}

/** PostgreSQL and MySQL bind most values natively; only refuse what can never be right. */
export function checkParams(params: readonly unknown[]): readonly unknown[] {
  params.forEach((v, i) => {
    if (v === undefined) throw badParam(i, "undefined");
    if (typeof v === "function" || typeof v === "symbol") throw badParam(i, `a ${typeof v}`);
    if (v instanceof Date && Number.isNaN(v.getTime())) throw badParam(i, "an invalid Date");
  });
  return params;
}

function badParam(i: number, what: string) {
  return dbError(ERR_SQL_VALUE, `Parameter ${i + 1} is ${what}, which the database cannot bind`);
}
