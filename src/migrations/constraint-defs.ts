/**
 * Declared constraints in the migration state: `{ kind: "check", name, condition }` and
 * `{ kind: "unique", name, fields, condition? }`, beside the untagged `{ name, fields, unique }`
 * entries of unique-together sets. A condition is kept as declared (a `filter()` argument whose
 * `F()` values the writer spells as `F(...)`), so a changed condition is a changed constraint.
 * @module
 */
import { check, type ConstraintMeta, Expr, unique } from "../orm/index.ts";
import type { IndexDef } from "./state.ts";

export interface CheckDef {
  readonly kind: "check";
  readonly name: string;
  readonly condition: object;
}

export interface UniqueDef {
  readonly kind: "unique";
  readonly name: string;
  readonly fields: readonly string[];
  readonly condition?: object;
}

/** A constraint in state: a declared one, or a unique-together set (untagged). */
export type ConstraintDef = IndexDef | CheckDef | UniqueDef;

export function isDeclared(c: ConstraintDef): c is CheckDef | UniqueDef {
  return "kind" in c && (c.kind === "check" || c.kind === "unique");
}

/** A model's declared constraint as state. */
export function constraintDef(c: ConstraintMeta): CheckDef | UniqueDef {
  if (c.kind === "check") return { kind: "check", name: c.name, condition: c.condition };
  return {
    kind: "unique",
    name: c.name,
    fields: c.fields,
    ...(c.condition !== undefined ? { condition: c.condition } : {}),
  };
}

/** The `check()`/`unique()` a historical model declares for a state entry. */
export function declared(c: CheckDef | UniqueDef): object {
  if (c.kind === "check") return check({ name: c.name, condition: c.condition });
  return unique({
    name: c.name,
    fields: c.fields,
    ...(c.condition !== undefined ? { condition: c.condition } : {}),
  });
}

function renameExpr(x: unknown, from: string, to: string): unknown {
  if (!(x instanceof Expr)) return x;
  const t = x.tree;
  if ("ref" in t) return t.ref === from ? new Expr({ ref: to }) : x;
  return new Expr({
    op: t.op,
    l: renameExpr(t.l, from, to) as Expr,
    r: renameExpr(t.r, from, to) as Expr | number,
  });
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;
}

/** `condition` with field `from` (its name, or a key's `fromId`) called `to`. */
export function renameInCondition(condition: object, from: string, to: string): object {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(condition)) {
    if (k === "OR" || k === "AND") {
      out[k] = (v as object[]).map((w) => renameInCondition(w, from, to));
      continue;
    }
    if (k === "NOT") {
      out[k] = renameInCondition(v as object, from, to);
      continue;
    }
    const key = k === from ? to : k === `${from}Id` ? `${to}Id` : k;
    out[key] = isPlain(v)
      ? Object.fromEntries(Object.entries(v).map(([op, x]) => [op, renameExpr(x, from, to)]))
      : renameExpr(v, from, to);
  }
  return out;
}

/** `c` after field `from` was renamed `to`. */
export function renameInConstraint(c: ConstraintDef, from: string, to: string): ConstraintDef {
  const fields = "fields" in c ? c.fields.map((n) => (n === from ? to : n)) : undefined;
  if (!isDeclared(c)) return { ...c, fields: fields! };
  const condition =
    c.condition === undefined ? undefined : renameInCondition(c.condition, from, to);
  return {
    ...c,
    ...(fields ? { fields } : {}),
    ...(condition !== undefined ? { condition } : {}),
  } as ConstraintDef;
}
