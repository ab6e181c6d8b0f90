/**
 * Field values between a model's rows and Django's JSON fixture format: datetimes as ISO 8601
 * text, decimals as strings, 64-bit integers as numbers (strings past 2^53), binary as base64,
 * durations as ISO 8601 (`PT1H30M`), foreign keys as the target's key. Reading checks each
 * value's type and names the field when it is wrong.
 * @module
 */
import { Buffer } from "node:buffer";
import { Duration, type FieldMeta } from "../orm/index.ts";

/** A row value as JSON. */
export function toFixtureValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint")
    return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Duration.isDuration(value)) return value.toString();
  return value;
}

const NUMBER_KINDS = new Set(["auto", "bigAuto", "int", "float"]);
const TEXT_KINDS = new Set(["string", "text", "email", "url", "slug", "uuid", "date", "time"]);

/** A JSON value as a row value for `field`; a string naming the problem when it does not fit. */
export function fromFixtureValue(
  field: FieldMeta,
  value: unknown,
): { ok: unknown } | { error: string } {
  if (value === null) return { ok: null };
  const kind = field.spec.kind;
  const bad = (want: string) => ({ error: `expected ${want}, got ${JSON.stringify(value)}` });
  if (kind === "foreignKey" || kind === "json") return { ok: value };
  if (NUMBER_KINDS.has(kind)) return typeof value === "number" ? { ok: value } : bad("a number");
  if (TEXT_KINDS.has(kind)) return typeof value === "string" ? { ok: value } : bad("a string");
  switch (kind) {
    case "boolean":
      return typeof value === "boolean" ? { ok: value } : bad("true or false");
    case "decimal":
      return typeof value === "string" || typeof value === "number"
        ? { ok: String(value) }
        : bad("a decimal string");
    case "bigint":
      if (typeof value === "number" && Number.isInteger(value)) return { ok: BigInt(value) };
      return typeof value === "string" && /^-?\d+$/.test(value)
        ? { ok: BigInt(value) }
        : bad("an integer");
    case "datetime": {
      const d = typeof value === "string" ? new Date(value) : undefined;
      return d !== undefined && !Number.isNaN(d.getTime())
        ? { ok: d }
        : bad("an ISO 8601 datetime");
    }
    case "binary":
      return typeof value === "string" ? { ok: Buffer.from(value, "base64") } : bad("base64 text");
    case "duration":
      if (typeof value !== "string") return bad("an ISO 8601 duration");
      try {
        return { ok: Duration.parse(value) };
      } catch {
        return bad("an ISO 8601 duration");
      }
    default:
      return { ok: value };
  }
}
