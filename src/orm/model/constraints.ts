/**
 * Model constraints, as Django's `Meta.constraints`: `check()` (a condition every row must meet)
 * and `unique()` (fields whose combined values are unique, optionally only among the rows a
 * condition selects: a partial unique index). A condition is written as a `filter()` argument
 * (field lookups, `Q`, `F` of the same row) and is checked against the model where the option
 * is given, as `Q` is: an unknown field at the top level fails to compile.
 *
 * @example
 * model("shop.Event", { start: f.date(), end: f.date(), seats: f.int() }, {
 *   constraints: [
 *     check({ name: "event_end_after_start", condition: { end: { gt: F("start") } } }),
 *     check({ name: "event_seats_positive", condition: { seats: { gte: 1 } } }),
 *   ],
 * });
 * @module
 */
import { Expr } from "../query/expressions.ts";
import { ERR_ORM_MODEL, type FieldError, ormError } from "./errors.ts";
import type { FieldMeta } from "./meta.ts";

/** A check constraint as declared; `K`: the condition's top-level keys, for the type check. */
export interface CheckConstraint<W = unknown, K = keyof W> {
  /** Phantom: the condition's own keys (so an unknown field among known ones is refused). */
  readonly __keys?: K;
  readonly kind: "check";
  readonly name: string;
  readonly condition: W;
  /** The message a validation failure reports instead of the default one. */
  readonly violationErrorMessage?: string;
}

/** A unique constraint as declared; with a condition it holds only among the rows it selects. */
export interface UniqueConstraint<Fd extends string = string, W = unknown, K = keyof W> {
  readonly __keys?: K;
  readonly kind: "unique";
  readonly name: string;
  readonly fields: readonly Fd[];
  readonly condition?: W;
  /** The message `validateUnique()` reports instead of the default one. */
  readonly violationErrorMessage?: string;
}

export type AnyConstraint =
  | CheckConstraint<unknown, unknown>
  | UniqueConstraint<string, unknown, unknown>;

/** Rows must meet `condition` (a `filter()` argument). A NULL (unknown) result passes, as in SQL. */
export function check<const W extends object>(spec: {
  readonly name: string;
  readonly condition: W;
  readonly violationErrorMessage?: string;
}): CheckConstraint<W, keyof W> {
  return Object.freeze({
    kind: "check",
    name: spec.name,
    condition: spec.condition,
    ...message(spec.violationErrorMessage),
  });
}

/** The optional message, left out when not given (so a constraint compares as declared). */
function message(m: string | undefined): { violationErrorMessage?: string } {
  return m !== undefined ? { violationErrorMessage: m } : {};
}

/**
 * `fields`' combined values are unique (among the rows `condition` selects, when given). On
 * MariaDB/MySQL, which have no partial indexes, a unique constraint with a condition creates
 * nothing, as in Django: enforce it in code there.
 */
export function unique<const Fd extends string>(spec: {
  readonly name: string;
  readonly fields: readonly Fd[];
  readonly violationErrorMessage?: string;
}): UniqueConstraint<Fd, never, never>;
export function unique<const Fd extends string, const W extends object>(spec: {
  readonly name: string;
  readonly fields: readonly Fd[];
  readonly condition: W;
  readonly violationErrorMessage?: string;
}): UniqueConstraint<Fd, W, keyof W>;
export function unique(spec: {
  readonly name: string;
  readonly fields: readonly string[];
  readonly condition?: object;
  readonly violationErrorMessage?: string;
}): UniqueConstraint {
  return Object.freeze({
    kind: "unique",
    name: spec.name,
    fields: spec.fields,
    ...(spec.condition !== undefined ? { condition: spec.condition } : {}),
    ...message(spec.violationErrorMessage),
  });
}

/** A resolved value in a comparison: a constant, or an expression over the row's own fields. */
export type Operand =
  | { readonly t: "value"; readonly v: unknown }
  | { readonly t: "col"; readonly f: FieldMeta }
  | { readonly t: "num"; readonly v: number }
  | {
      readonly t: "op";
      readonly op: "+" | "-" | "*" | "/";
      readonly l: Operand;
      readonly r: Operand;
    };

/** A condition with its field names resolved: what the DDL writer and `fullClean()` read. */
export type Cond =
  | { readonly t: "and" | "or"; readonly items: readonly Cond[] }
  | { readonly t: "not"; readonly item: Cond }
  | { readonly t: "cmp"; readonly f: FieldMeta; readonly op: string; readonly v: Operand };

/** An AND of nothing (`{}`), however deeply nested. */
export function isEmptyCond(c: Cond): boolean {
  return c.t === "and" && c.items.every(isEmptyCond);
}

export interface CheckConstraintMeta {
  readonly kind: "check";
  readonly name: string;
  /** As declared (migrations keep it in their state). */
  readonly condition: object;
  readonly cond: Cond;
  /** What a validation failure reports instead of the default message (not schema state). */
  readonly violationErrorMessage?: string;
}

export interface UniqueConstraintMeta {
  readonly kind: "unique";
  readonly name: string;
  /** Field names, as declared, and their columns. */
  readonly fields: readonly string[];
  readonly columns: readonly string[];
  readonly condition?: object;
  readonly cond?: Cond;
  readonly violationErrorMessage?: string;
}

export type ConstraintMeta = CheckConstraintMeta | UniqueConstraintMeta;

/** Where `fullClean()` reports a failed constraint: the errors of no one field (Django's key). */
export const NON_FIELD_ERRORS = "__all__";

/** A `fullClean()` failure of a constraint: the code `constraint` and the constraint's name. */
export interface ConstraintError extends FieldError {
  readonly constraint: string;
}

/** Constraint names are plain identifiers that fit every backend's limit unchanged. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,59}$/;

/** The lookups a condition may use: those every backend's CHECK can state the same way. */
const LOOKUPS = new Set([
  "exact",
  "iexact",
  "gt",
  "gte",
  "lt",
  "lte",
  "in",
  "range",
  "isnull",
  "contains",
  "icontains",
  "startswith",
  "istartswith",
  "endswith",
  "iendswith",
]);
const EXPR_LOOKUPS = new Set(["exact", "gt", "gte", "lt", "lte"]);
/** Kinds whose lookups are equality only (mirrors the query layer's rules). */
const EQUALITY = new Set(["boolean", "uuid", "foreignKey"]);
const TEXT = new Set(["string", "text", "email", "url", "slug"]);
const NULL_ONLY = new Set(["json", "binary"]);

export interface FieldsOf {
  readonly label: string;
  readonly byName: ReadonlyMap<string, FieldMeta>;
  readonly byAttr: ReadonlyMap<string, FieldMeta>;
}

function bad(m: FieldsOf, name: string, message: string): Error {
  return ormError(ERR_ORM_MODEL, `${m.label}: constraint "${name}": ${message}`);
}

function isPlain(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function allowed(f: FieldMeta, op: string): boolean {
  const kind = f.spec.kind;
  if (NULL_ONLY.has(kind)) return op === "isnull";
  if (EQUALITY.has(kind)) return op === "exact" || op === "in" || op === "isnull";
  if (TEXT.has(kind)) return LOOKUPS.has(op);
  return ["exact", "gt", "gte", "lt", "lte", "in", "range", "isnull"].includes(op);
}

/** A constant a CHECK can spell the same on every backend. */
function constant(m: FieldsOf, name: string, f: FieldMeta, v: unknown): { t: "value"; v: unknown } {
  const ok =
    typeof v === "string" ||
    typeof v === "boolean" ||
    (typeof v === "number" && Number.isFinite(v)) ||
    typeof v === "bigint";
  if (!ok)
    throw bad(
      m,
      name,
      `${f.name} compares with ${v instanceof Date ? "a Date" : typeof v}; a condition takes strings, numbers, booleans, null and F() of the same row`,
    );
  // Each backend stores these its own way (zones, microseconds): compare them with F() only.
  if (f.spec.kind === "datetime" || f.spec.kind === "duration")
    throw bad(m, name, `${f.name} (${f.spec.kind}) compares only with F() or null in a constraint`);
  return { t: "value", v };
}

/** An `F()` of the row's own fields. */
function expr(m: FieldsOf, name: string, x: unknown): Operand {
  if (typeof x === "number") {
    if (!Number.isFinite(x)) throw bad(m, name, "an F() operand must be a finite number");
    return { t: "num", v: x };
  }
  if (!(x instanceof Expr)) throw bad(m, name, "an F() operand is an F() or a number");
  const tree = x.tree;
  if ("ref" in tree) {
    const f = m.byAttr.get(tree.ref) ?? m.byName.get(tree.ref);
    if (f === undefined)
      throw bad(
        m,
        name,
        `F("${tree.ref}") names no field of the model (no relations in a constraint)`,
      );
    return { t: "col", f };
  }
  return { t: "op", op: tree.op, l: expr(m, name, tree.l), r: expr(m, name, tree.r) };
}

function lookup(m: FieldsOf, name: string, f: FieldMeta, op: string, v: unknown): Cond {
  if (!allowed(f, op))
    throw bad(
      m,
      name,
      `lookup "${op}" on ${f.name} (${f.spec.kind}) cannot be used in a constraint`,
    );
  if (v instanceof Expr) {
    if (!EXPR_LOOKUPS.has(op)) throw bad(m, name, `"${op}" on ${f.name} cannot take an F()`);
    return { t: "cmp", f, op, v: expr(m, name, v) };
  }
  if (op === "isnull") {
    if (typeof v !== "boolean") throw bad(m, name, `"isnull" on ${f.name} takes true or false`);
    return { t: "cmp", f, op, v: { t: "value", v } };
  }
  if (v === null) {
    if (op !== "exact") throw bad(m, name, `"${op}" on ${f.name} cannot take null`);
    return { t: "cmp", f, op: "isnull", v: { t: "value", v: true } };
  }
  if (op === "in" || op === "range") {
    if (!Array.isArray(v) || (op === "range" && v.length !== 2))
      throw bad(m, name, `"${op}" on ${f.name} takes ${op === "in" ? "an array" : "[low, high]"}`);
    return { t: "cmp", f, op, v: { t: "value", v: v.map((x) => constant(m, name, f, x).v) } };
  }
  return { t: "cmp", f, op, v: constant(m, name, f, v) };
}

/** Resolve a condition (a `filter()` argument) on the model's own fields. */
export function resolveCondition(m: FieldsOf, name: string, where: unknown): Cond {
  if (!isPlain(where)) throw bad(m, name, "a condition is a filter object (or a Q)");
  const items: Cond[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === "OR" || key === "AND") {
      if (!Array.isArray(value)) throw bad(m, name, `${key} takes an array of filters`);
      items.push({
        t: key === "OR" ? "or" : "and",
        items: value.map((w) => resolveCondition(m, name, w)),
      });
      continue;
    }
    if (key === "NOT") {
      items.push({ t: "not", item: resolveCondition(m, name, value) });
      continue;
    }
    const f = m.byName.get(key) ?? m.byAttr.get(key);
    if (f === undefined)
      throw bad(m, name, `no field "${key}" on the model (a constraint reads only its own row)`);
    if (!isPlain(value)) {
      items.push(lookup(m, name, f, "exact", value));
      continue;
    }
    for (const [op, v] of Object.entries(value))
      if (v !== undefined) items.push(lookup(m, name, f, op, v));
  }
  return items.length === 1 ? items[0]! : { t: "and", items };
}

/** Interpolate `%(app_label)s`/`%(class)s` in an inherited constraint's name. */
export type Interpolate = (text: string) => string;

/** Check the declared constraints of a model and resolve them. */
export function buildConstraints(
  m: FieldsOf,
  declared: readonly AnyConstraint[],
  interpolate: Interpolate,
): ConstraintMeta[] {
  const seen = new Set<string>();
  return declared.map((c) => {
    if (c === null || typeof c !== "object" || (c.kind !== "check" && c.kind !== "unique"))
      throw ormError(ERR_ORM_MODEL, `${m.label}: constraints take check(...) and unique(...)`);
    if (typeof c.name !== "string" || c.name === "")
      throw ormError(ERR_ORM_MODEL, `${m.label}: every constraint needs a name`);
    const name = interpolate(c.name);
    if (!NAME.test(name))
      throw bad(m, name, "a name is letters, digits and _ (not first), at most 60 characters");
    if (seen.has(name))
      throw ormError(ERR_ORM_MODEL, `${m.label}: two constraints are named "${name}"`);
    seen.add(name);
    const msg = c.violationErrorMessage;
    if (msg !== undefined && (typeof msg !== "string" || msg === ""))
      throw bad(m, name, "violationErrorMessage must be a non-empty string");
    if (c.kind === "check") {
      if (c.condition === undefined) throw bad(m, name, "check() needs a condition");
      const condition = c.condition as object;
      return Object.freeze({
        kind: "check",
        name,
        condition,
        cond: resolveCondition(m, name, condition),
        ...message(msg),
      });
    }
    if (!Array.isArray(c.fields) || c.fields.length === 0)
      throw bad(m, name, "unique() needs at least one field");
    const columns = c.fields.map((n) => {
      const f = m.byName.get(n);
      if (f === undefined) throw bad(m, name, `no field "${n}" on the model`);
      return f.column;
    });
    if (new Set(columns).size !== columns.length) throw bad(m, name, "a field is listed twice");
    const condition = c.condition as object | undefined;
    return Object.freeze({
      kind: "unique",
      name,
      fields: [...c.fields],
      columns,
      ...(condition !== undefined ? { condition, cond: resolveCondition(m, name, condition) } : {}),
      ...message(msg),
    });
  });
}
