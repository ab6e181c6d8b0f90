/**
 * `fullClean()`: check every field and report all failures together, each with a stable code
 * (`null`, `blank`, `invalid`, `max_length`, `max_digits`, `decimal_places`, `choice`) so forms
 * and APIs can map them. Then the model's check constraints, evaluated in JS where they can be
 * (see constraint-eval.ts; what cannot be decided is left to the database's CHECK): a violated
 * one is reported under `NON_FIELD_ERRORS` (`"__all__"`) with the code `constraint` and its
 * name (or its `violationErrorMessage`). Uniqueness needs the stored rows: `validateUnique()`
 * (validate-unique.ts) queries them, and the database enforces it at save time.
 * @module
 */
import { evaluate, fieldsOf } from "./constraint-eval.ts";
import { type ConstraintError, NON_FIELD_ERRORS } from "./constraints.ts";
import { Duration } from "./duration.ts";
import { type FieldError, ValidationError } from "./errors.ts";
import type { FieldSpec } from "./field.ts";
import type { FieldMeta, ModelMeta } from "./meta.ts";
import type { CleanOptions } from "./types.ts";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const URL_RE = /^(https?|ftps?):\/\/[^\s/?#]+[^\s]*$/i;
const SLUG = /^[-A-Za-z0-9_]+$/;
const DECIMAL = /^-?(\d+)(?:\.(\d+))?$/;

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (m === null) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** The type check for one kind: a message when `v` is not a value of the field's type. */
function typeError(spec: FieldSpec, v: unknown): FieldError | undefined {
  const bad = (message: string): FieldError => ({ code: "invalid", message });
  switch (spec.kind) {
    case "auto":
    case "bigAuto":
    case "int":
      return Number.isSafeInteger(v) ? undefined : bad("Enter a whole number");
    case "bigint":
      return typeof v === "bigint" ? undefined : bad("Enter a bigint");
    case "float":
      return typeof v === "number" && Number.isFinite(v) ? undefined : bad("Enter a number");
    case "decimal": {
      const m = typeof v === "string" ? DECIMAL.exec(v) : null;
      if (m === null) return bad("Enter a decimal number as a string");
      const whole = m[1]!.replace(/^0+(?=\d)/, "");
      const frac = m[2] ?? "";
      if (frac.length > (spec.decimalPlaces ?? 0))
        return { code: "decimal_places", message: `At most ${spec.decimalPlaces} decimal places` };
      if (whole.length > (spec.maxDigits ?? 0) - (spec.decimalPlaces ?? 0))
        return { code: "max_digits", message: `At most ${spec.maxDigits} digits in total` };
      return undefined;
    }
    case "boolean":
      return typeof v === "boolean" ? undefined : bad("Enter true or false");
    case "date":
      return typeof v === "string" && validDate(v) ? undefined : bad("Enter a date as YYYY-MM-DD");
    case "datetime":
      return v instanceof Date && !Number.isNaN(v.getTime())
        ? undefined
        : bad("Enter a valid Date");
    case "time":
      return typeof v === "string" && TIME.test(v) ? undefined : bad("Enter a time as HH:MM:SS");
    case "duration":
      return v instanceof Duration ? undefined : bad("Enter a Duration");
    case "uuid":
      return typeof v === "string" && UUID.test(v) ? undefined : bad("Enter a valid UUID");
    case "binary":
      return v instanceof Uint8Array ? undefined : bad("Enter bytes (a Uint8Array)");
    case "json":
      try {
        return JSON.stringify(v) === undefined ? bad("Enter a JSON value") : undefined;
      } catch {
        return bad("Enter a JSON value");
      }
    case "foreignKey":
      return typeof v === "number" || typeof v === "string" ? undefined : bad("Enter a key");
    default:
      return text(spec, v);
  }
}

function text(spec: FieldSpec, v: unknown): FieldError | undefined {
  if (typeof v !== "string") return { code: "invalid", message: "Enter a string" };
  const max = spec.maxLength;
  if (max !== undefined && [...v].length > max)
    return { code: "max_length", message: `At most ${max} characters` };
  const re =
    spec.kind === "email"
      ? EMAIL
      : spec.kind === "url"
        ? URL_RE
        : spec.kind === "slug"
          ? SLUG
          : undefined;
  if (re !== undefined && !re.test(v))
    return { code: "invalid", message: `Enter a valid ${spec.kind}` };
  return undefined;
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === "";
}

function checkField(f: FieldMeta, v: unknown): FieldError[] {
  const { spec } = f;
  if (isEmpty(v)) {
    if (spec.blank) return [];
    if (v === "") return [{ code: "blank", message: "This field cannot be blank" }];
    return spec.null ? [] : [{ code: "null", message: "This field cannot be null" }];
  }
  const type = typeError(spec, v);
  if (type !== undefined) return [type];
  const errors: FieldError[] = [];
  if (spec.choices !== undefined) {
    const allowed = spec.choices.map((c) => (Array.isArray(c) ? c[0] : c));
    if (!allowed.includes(v))
      errors.push({ code: "choice", message: `${String(v)} is not a valid choice` });
  }
  for (const validate of spec.validators ?? []) {
    const message = validate(v);
    if (typeof message === "string") errors.push({ code: "invalid", message });
  }
  return errors;
}

/** Throw a `ValidationError` listing every failing field of `obj` (by row property). */
export function fullClean(
  meta: ModelMeta,
  obj: Record<string, unknown>,
  options: CleanOptions = {},
): void {
  const failures: Record<string, FieldError[]> = {};
  for (const f of meta.fields) {
    if (options.exclude?.includes(f.attr)) continue;
    // An auto key is the database's to fill; a multi-table child's link, save()'s.
    if (
      f.primaryKey &&
      (f.spec.kind === "auto" || f.spec.kind === "bigAuto" || f.spec.parentLink) &&
      isEmpty(obj[f.attr])
    )
      continue;
    // Left unset, a database default is the database's to fill.
    if (f.spec.dbDefault !== undefined && obj[f.attr] === undefined) continue;
    const errors = checkField(f, obj[f.attr]);
    if (errors.length > 0) failures[f.attr] = errors;
  }
  const violated = checkConstraints(
    meta,
    obj,
    new Set([...Object.keys(failures), ...(options.exclude ?? [])]),
  );
  if (violated.length > 0) failures[NON_FIELD_ERRORS] = violated;
  if (Object.keys(failures).length > 0) throw new ValidationError(meta.label, failures);
}

/**
 * The check constraints `obj` violates. As Django, a constraint reading a field that is
 * excluded or already failed is not evaluated.
 */
function checkConstraints(
  meta: ModelMeta,
  obj: Record<string, unknown>,
  skip: ReadonlySet<string>,
): ConstraintError[] {
  const out: ConstraintError[] = [];
  for (const c of meta.constraints) {
    if (c.kind !== "check") continue;
    if ([...fieldsOf(c.cond)].some((attr) => skip.has(attr))) continue;
    if (evaluate(c.cond, obj) === false)
      out.push({
        code: "constraint",
        message: c.violationErrorMessage ?? `Constraint "${c.name}" is violated`,
        constraint: c.name,
      });
  }
  return out;
}
