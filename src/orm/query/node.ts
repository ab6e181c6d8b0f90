/**
 * The query AST: what `filter()`/`exclude()` become once field names are resolved. Values stay
 * JS values here; the compiler converts them per dialect.
 * @module
 */
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import { modelOf } from "../model/registry.ts";
import { DATE_PARTS } from "./date-parts.ts";
import { Computed, EXPR_LOOKUPS, Expr, resolve } from "./expressions.ts";
import { type RelationMeta, relationsOf } from "../model/relations.ts";

export type Node =
  | { readonly t: "and" | "or"; readonly items: readonly Node[] }
  | { readonly t: "not"; readonly item: Node }
  | {
      readonly t: "cmp";
      readonly table: string;
      readonly f: FieldMeta;
      readonly op: string;
      readonly v: unknown;
    }
  | {
      readonly t: "sub";
      readonly table: string;
      readonly f: FieldMeta;
      readonly target: ModelMeta;
      readonly where: Node;
    }
  | {
      /** `table.col in (select innerCol from inner where ...)`: a multi-valued relation. */
      readonly t: "rsub";
      readonly table: string;
      readonly col: string;
      readonly inner: string;
      readonly innerCol: string;
      readonly where: Node;
    };

/** The lookups each field kind allows at run time (mirrors the typed `Lookups`). */
const TEXT = new Set([
  "exact",
  "iexact",
  "contains",
  "icontains",
  "in",
  "gt",
  "gte",
  "lt",
  "lte",
  "startswith",
  "istartswith",
  "endswith",
  "iendswith",
  "regex",
  "iregex",
  "range",
  "isnull",
]);
const ORDERED = new Set(["exact", "in", "gt", "gte", "lt", "lte", "range", "isnull"]);
const DATE = new Set([...ORDERED, "year", "month", "day", "week_day"]);
const DATETIME = new Set([...DATE, "hour"]);
const EQUALITY = new Set(["exact", "in", "isnull"]);
const NULL_ONLY = new Set(["isnull"]);

export function lookupsFor(f: FieldMeta): ReadonlySet<string> {
  switch (f.spec.kind) {
    case "string":
    case "text":
    case "email":
    case "url":
    case "slug":
      return TEXT;
    case "boolean":
    case "uuid":
    case "foreignKey":
      return EQUALITY;
    case "json":
    case "binary":
      return NULL_ONLY;
    case "date":
      return DATE;
    case "datetime":
      return DATETIME;
    default:
      return ORDERED;
  }
}

/** A plain `{...}` literal (not a Date, a Buffer, an array). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The model a foreign key points at, resolved on first use. */
export type MetaOfTarget = (f: FieldMeta) => ModelMeta;

/** Resolve a filter object on `meta` into a node (its keys ANDed). */
export function parseWhere(meta: ModelMeta, where: unknown, target: MetaOfTarget): Node {
  if (!isPlainObject(where))
    throw ormError(ERR_ORM_QUERY, `A filter on ${meta.label} must be a plain object`);
  const items: Node[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === "OR" || key === "AND") {
      if (!Array.isArray(value)) throw ormError(ERR_ORM_QUERY, `${key} takes an array of filters`);
      items.push({
        t: key === "OR" ? "or" : "and",
        items: value.map((w) => parseWhere(meta, w, target)),
      });
      continue;
    }
    if (key === "NOT") {
      items.push({ t: "not", item: parseWhere(meta, value, target) });
      continue;
    }
    const f = meta.byName.get(key) ?? meta.byAttr.get(key);
    const rel = f === undefined ? relationOf(meta, key) : undefined;
    if (rel !== undefined) {
      items.push(relationNode(meta, rel, value, target));
      continue;
    }
    if (f === undefined)
      throw ormError(
        ERR_ORM_QUERY,
        `${meta.label} has no field "${key}"; fields: ${meta.fields.map((x) => x.name).join(", ")}`,
      );
    items.push(parseField(meta, f, value, target));
  }
  return { t: "and", items };
}

function relationOf(meta: ModelMeta, name: string): RelationMeta | undefined {
  const model = modelOf(meta);
  return model === undefined ? undefined : relationsOf(model).get(name);
}

/**
 * Rows with at least one related row matching `value` (a filter on the other model, or its
 * key). One subquery per filter key, so the conditions inside it hold for the same related row,
 * as in one Django `filter()` call.
 */
export function relationNode(
  meta: ModelMeta,
  rel: RelationMeta,
  value: unknown,
  target: MetaOfTarget,
): Node {
  const through = rel.through.meta;
  const other = rel.target.meta;
  let where: Node;
  if (rel.dst !== undefined) {
    where = isPlainObject(value)
      ? {
          t: "sub",
          table: through.table,
          f: rel.dst,
          target: other,
          where: parseWhere(other, value, target),
        }
      : cmp(through.table, rel.dst, "exact", value);
  } else {
    where = isPlainObject(value)
      ? parseWhere(other, value, target)
      : cmp(other.table, other.pk, "exact", value);
  }
  return {
    t: "rsub",
    table: meta.table,
    col: meta.pk.column,
    inner: through.table,
    innerCol: rel.src.column,
    where,
  };
}

/** An `F()` value becomes a resolved expression; only comparisons with one operand take one. */
function operand(meta: ModelMeta, f: FieldMeta, op: string, v: unknown): unknown {
  if (!(v instanceof Expr)) return v;
  if (!EXPR_LOOKUPS.has(op))
    throw ormError(
      ERR_ORM_QUERY,
      `"${op}" on ${meta.label}.${f.name} cannot take an F() expression`,
    );
  return new Computed(resolve(meta, v));
}

function parseField(meta: ModelMeta, f: FieldMeta, value: unknown, target: MetaOfTarget): Node {
  const table = meta.table;
  if (!isPlainObject(value)) return cmp(table, f, "exact", operand(meta, f, "exact", value));
  const allowed = lookupsFor(f);
  const keys = Object.keys(value);
  // A foreign key given an object whose keys are not lookups filters on the target's fields.
  if (f.spec.kind === "foreignKey" && keys.some((k) => !allowed.has(k))) {
    const t = target(f);
    return { t: "sub", table, f, target: t, where: parseWhere(t, value, target) };
  }
  const items: Node[] = [];
  for (const op of keys) {
    const v = value[op];
    if (v === undefined) continue;
    if (!allowed.has(op))
      throw ormError(
        ERR_ORM_QUERY,
        `Unknown lookup "${op}" on ${meta.label}.${f.name} (${f.spec.kind}); allowed: ${[...allowed].join(", ")}`,
      );
    items.push(cmp(table, f, op, operand(meta, f, op, v)));
  }
  return items.length === 1 ? items[0]! : { t: "and", items };
}

export function cmp(table: string, f: FieldMeta, op: string, v: unknown): Node {
  if (op === "in" && !Array.isArray(v))
    throw ormError(ERR_ORM_QUERY, `"in" on ${f.name} takes an array`);
  if (op === "range" && (!Array.isArray(v) || v.length !== 2))
    throw ormError(ERR_ORM_QUERY, `"range" on ${f.name} takes [low, high]`);
  if (DATE_PARTS.has(op) && !Number.isInteger(v))
    throw ormError(ERR_ORM_QUERY, `"${op}" on ${f.name} takes a whole number`);
  if (op === "isnull" && typeof v !== "boolean")
    throw ormError(ERR_ORM_QUERY, `"isnull" on ${f.name} takes true or false`);
  if (v === null && op !== "exact")
    throw ormError(ERR_ORM_QUERY, `"${op}" on ${f.name} cannot take null; use { isnull: true }`);
  return { t: "cmp", table, f, op, v };
}
