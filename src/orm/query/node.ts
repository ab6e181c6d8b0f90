/**
 * The query AST: what `filter()`/`exclude()` become once field names are resolved. Values stay
 * JS values here; the compiler converts them per dialect.
 * @module
 */
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import { modelOf } from "../model/registry.ts";
import {
  DATE_ONLY_PARTS,
  type DatePart,
  DATE_PARTS,
  partComparisons,
  TIME_PARTS,
} from "./date-parts.ts";
import { Computed, EXPR_LOOKUPS, Expr, type Resolved, resolveWith } from "./expressions.ts";
import { chainNode, freshScope, hopOf, refColumn, type Scope } from "./f-joins.ts";
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
      /** A date part compared instead of the column (`{ year: { gte: 2020 } }`). */
      readonly part?: DatePart;
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
    }
  | {
      /**
       * `from.col in (select alias.key from table as alias where ...)`: a relation an `F()` path
       * walks (see f-joins.ts), aliased because its conditions also read the outer rows.
       */
      readonly t: "join";
      readonly from: string;
      readonly col: string;
      readonly table: string;
      readonly alias: string;
      readonly key: string;
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
const DATE = new Set([...ORDERED, ...DATE_ONLY_PARTS]);
const DATETIME = new Set([...DATE, ...TIME_PARTS]);
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
  return parseIn(freshScope(meta, meta.table, { n: 0 }, target), where, true);
}

/** A filter object in a scope that has a tree of `F()` relations of its own (see f-joins.ts). */
function parseFresh(s: Scope, meta: ModelMeta, self: string, where: unknown): Node {
  return parseIn(freshScope(meta, self, s.aliases, s.target), where, true);
}

/**
 * Resolve a filter object in scope `s`. `owns`: the scope's relation tree ends here, so the
 * conditions that read it are emitted here (a merged relation's scope leaves that to its owner).
 */
function parseIn(s: Scope, where: unknown, owns: boolean): Node {
  const meta = s.meta;
  if (!isPlainObject(where))
    throw ormError(ERR_ORM_QUERY, `A filter on ${meta.label} must be a plain object`);
  // First the relations the object's F() paths walk, so a relation key below that walks the same
  // relation (before or after them) is parsed into the same subquery.
  for (const [key, value] of Object.entries(where)) {
    const f = meta.byName.get(key) ?? meta.byAttr.get(key);
    if (f !== undefined) for (const e of exprsOf(value)) resolveIn(s, e);
  }
  const items: Node[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === "OR" || key === "AND") {
      if (!Array.isArray(value)) throw ormError(ERR_ORM_QUERY, `${key} takes an array of filters`);
      items.push({
        t: key === "OR" ? "or" : "and",
        items: value.map((w) => parseFresh(s, meta, s.self, w)),
      });
      continue;
    }
    if (key === "NOT") {
      items.push({ t: "not", item: parseFresh(s, meta, s.self, value) });
      continue;
    }
    const f = meta.byName.get(key) ?? meta.byAttr.get(key);
    const rel = f === undefined ? relationOf(meta, key) : undefined;
    if (rel !== undefined) {
      if (s.hops.has(key)) s.chain.conds.push(mergedRelation(s, key, value));
      else items.push(relationNode(meta, rel, value, s.target, s));
      continue;
    }
    if (f === undefined)
      throw ormError(
        ERR_ORM_QUERY,
        `${meta.label} has no field "${key}"; fields: ${meta.fields.map((x) => x.name).join(", ")}`,
      );
    parseField(s, f, value, items);
  }
  if (owns && s.hops.size > 0) items.push(chainNode(s));
  return { t: "and", items };
}

/** The `F()` expressions standing as a field's value or as the operands of its lookups. */
function exprsOf(value: unknown): Expr[] {
  if (value instanceof Expr) return [value];
  if (!isPlainObject(value)) return [];
  return Object.entries(value)
    .filter(([op, v]) => EXPR_LOOKUPS.has(op) && v instanceof Expr)
    .map(([, v]) => v as Expr);
}

/** Resolve an expression in `s`; `joined`: it reads a relation of the scope's tree. */
function resolveIn(s: Scope, x: Expr): { e: Resolved; joined: boolean } {
  let joined = false;
  const e = resolveWith(x, (ref) => {
    const c = refColumn(s, ref);
    joined ||= c.joined;
    return c;
  });
  return { e, joined };
}

/** A relation key whose relation an `F()` path of the same object walks: one subquery for both. */
function mergedRelation(s: Scope, key: string, value: unknown): Node {
  const hop = hopOf(s, key)!;
  if (isPlainObject(value)) return parseIn(hop.scope, value, false);
  return cmp(hop.keyTable, hop.keyField, "exact", value);
}

function relationOf(meta: ModelMeta, name: string): RelationMeta | undefined {
  const model = modelOf(meta);
  return model === undefined ? undefined : relationsOf(model).get(name);
}

/**
 * Rows with at least one related row matching `value` (a filter on the other model, or its
 * key). One subquery per filter key, so the conditions inside it hold for the same related row,
 * as in one Django `filter()` call. `s`: the scope the key is in (default: `meta`'s own table).
 */
export function relationNode(
  meta: ModelMeta,
  rel: RelationMeta,
  value: unknown,
  target: MetaOfTarget,
  s: Scope = freshScope(meta, meta.table, { n: 0 }, target),
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
          where: parseFresh(s, other, other.table, value),
        }
      : cmp(through.table, rel.dst, "exact", value);
  } else {
    where = isPlainObject(value)
      ? parseFresh(s, other, other.table, value)
      : cmp(other.table, other.pk, "exact", value);
  }
  return {
    t: "rsub",
    table: s.self,
    col: meta.pk.column,
    inner: through.table,
    innerCol: rel.src.column,
    where,
  };
}

/**
 * An `F()` value becomes a resolved expression; only comparisons with one operand take one. One
 * that walks a relation goes to the scope's chain (it reads the relation's subquery).
 */
function operand(s: Scope, f: FieldMeta, op: string, v: unknown, joined: { v: boolean }): unknown {
  if (!(v instanceof Expr)) return v;
  if (!EXPR_LOOKUPS.has(op))
    throw ormError(
      ERR_ORM_QUERY,
      `"${op}" on ${s.meta.label}.${f.name} cannot take an F() expression`,
    );
  const r = resolveIn(s, v);
  joined.v = r.joined;
  return new Computed(r.e);
}

/** One lookup; into the chain when its `F()` walks a relation, else into `items`. */
function push(s: Scope, items: Node[], f: FieldMeta, op: string, v: unknown): void {
  const joined = { v: false };
  const node = cmp(s.self, f, op, operand(s, f, op, v, joined));
  (joined.v ? s.chain.conds : items).push(node);
}

function parseField(s: Scope, f: FieldMeta, value: unknown, items: Node[]): void {
  const table = s.self;
  if (!isPlainObject(value)) {
    push(s, items, f, "exact", value);
    return;
  }
  const allowed = lookupsFor(f);
  const keys = Object.keys(value);
  // A foreign key given an object whose keys are not lookups filters on the target's fields.
  if (f.spec.kind === "foreignKey" && keys.some((k) => !allowed.has(k))) {
    if (s.hops.has(f.name)) {
      s.chain.conds.push(parseIn(hopOf(s, f.name)!.scope, value, false));
      return;
    }
    const t = s.target(f);
    items.push({ t: "sub", table, f, target: t, where: parseFresh(s, t, t.table, value) });
    return;
  }
  const start = items.length;
  const chained = s.chain.conds.length;
  for (const op of keys) {
    const v = value[op];
    if (v === undefined) continue;
    if (!allowed.has(op))
      throw ormError(
        ERR_ORM_QUERY,
        `Unknown lookup "${op}" on ${s.meta.label}.${f.name} (${f.spec.kind}); allowed: ${[...allowed].join(", ")}`,
      );
    if (DATE_PARTS.has(op)) {
      for (const [cop, cv] of partComparisons(op, f.name, v))
        items.push(partCmp(table, f, op as DatePart, cop, cv));
    } else push(s, items, f, op, v);
  }
  // A field's lookups stay one node (an AND of several, or of none), as the shape key expects.
  const n = items.length - start;
  if (n > 1 || (n === 0 && s.chain.conds.length === chained))
    items.push({ t: "and", items: items.splice(start) });
}

/** A date part of `f` compared (`op` one of `PART_OPS`, already checked). */
export function partCmp(table: string, f: FieldMeta, part: DatePart, op: string, v: unknown): Node {
  return { t: "cmp", table, f, op, v, part };
}

export function cmp(table: string, f: FieldMeta, op: string, v: unknown): Node {
  if (op === "in" && !Array.isArray(v))
    throw ormError(ERR_ORM_QUERY, `"in" on ${f.name} takes an array`);
  if (op === "range" && (!Array.isArray(v) || v.length !== 2))
    throw ormError(ERR_ORM_QUERY, `"range" on ${f.name} takes [low, high]`);
  if (op === "isnull" && typeof v !== "boolean")
    throw ormError(ERR_ORM_QUERY, `"isnull" on ${f.name} takes true or false`);
  if (v === null && op !== "exact")
    throw ormError(ERR_ORM_QUERY, `"${op}" on ${f.name} cannot take null; use { isnull: true }`);
  return { t: "cmp", table, f, op, v };
}
