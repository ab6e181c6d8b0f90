/**
 * The fast path of the commonest read: one row by one column's value, `get({ id })` or
 * `filter({ id }).first()`. The general path parses the filter, copies the state, builds the
 * shape key (a long string, hashed on every lookup) and walks the tree for values. Here the
 * first call per (queryset, column, terminal, dialect) compiles the statement through that same
 * path with a marker in place of the value and remembers where the marker landed among the
 * parameters; later calls copy the parameters, put the value there and run. The SQL is exactly
 * what the general path gives. A model's root queryset (any database) shares the model's
 * entries. Only field kinds whose values bind unconverted qualify.
 * @module
 */
import type { DialectName } from "../db/index.ts";
import type { FieldMeta } from "../model/meta.ts";
import { countShape } from "./n-plus-one.ts";
import { cmp } from "./node.ts";
import type { State } from "./query-state.ts";
import type { CompiledStatement } from "./shape-cache.ts";
import { compileSelect, compileSelectKeyed, type SelectSpec } from "./statements.ts";

/** A filter of one column by one scalar value, as `filter()` saw it. */
export interface Probe {
  /** The state `filter()` was called on. */
  readonly base: State;
  readonly f: FieldMeta;
  readonly value: unknown;
}

interface Entry {
  readonly sql: string;
  readonly key: string;
  readonly params: readonly unknown[];
  readonly at: number;
}

/** Field kinds whose values `toDb` passes through unchanged (numbers and strings). */
const PLAIN = new Set([
  "auto",
  "bigAuto",
  "int",
  "string",
  "text",
  "email",
  "url",
  "slug",
  "uuid",
  "foreignKey",
]);

class Marker {}
const MARK = new Marker();

/** Per owner (see `owner`), terminal, column, dialect: the entry (`null`: not eligible). */
const cache = new WeakMap<object, Map<string, Map<FieldMeta, Map<string, Entry | null>>>>();

function slot(base: State, op: string, f: FieldMeta): Map<string, Entry | null> {
  const key = owner(base);
  let byOp = cache.get(key);
  if (byOp === undefined) {
    byOp = new Map();
    cache.set(key, byOp);
  }
  let byField = byOp.get(op);
  if (byField === undefined) {
    byField = new Map();
    byOp.set(op, byField);
  }
  let byDialect = byField.get(f);
  if (byDialect === undefined) {
    byDialect = new Map();
    byField.set(f, byDialect);
  }
  return byDialect;
}

/** The probe for `filter(where)` on `s`, when `where` is `{ column: number | string }`. */
export function probeOf(s: State, where: readonly unknown[]): Probe | undefined {
  if (where.length !== 1 || s.lock !== undefined || s.mode !== "instances") return undefined;
  if (s.limit !== undefined || s.offset !== undefined) return undefined;
  if (s.related.length > 0 || s.prefetch.length > 0) return undefined;
  const w = where[0] as Record<string, unknown>;
  let key: string | undefined;
  for (const k in w) {
    if (key !== undefined) return undefined;
    key = k;
  }
  if (key === undefined) return undefined;
  const value = w[key];
  const t = typeof value;
  if (t !== "number" && t !== "string") return undefined;
  const meta = s.model.meta;
  const f = meta.byName.get(key) ?? meta.byAttr.get(key);
  if (f === undefined || !PLAIN.has(f.spec.kind)) return undefined;
  return { base: s, f, value };
}

function compileEntry(
  p: Probe,
  spec: (s: State) => SelectSpec,
  dialect: DialectName,
): Entry | null {
  const b = p.base;
  const where = [...b.where, cmp(b.model.meta.table, p.f, "exact", MARK)];
  // Not counted: this compiles the template; the run is counted in `probeStatement`.
  const { sql, params, key } = compileSelectKeyed(spec({ ...b, where }), dialect, false);
  const at = params.indexOf(MARK);
  if (at < 0 || params.lastIndexOf(MARK) !== at) return null;
  return { sql, key, params, at };
}

/**
 * Whose entries a state uses: a model's root queryset (whatever its database) shares the
 * model's; any other state has its own, living as long as it does.
 */
function owner(s: State): object {
  const plain =
    s.where.length === 0 &&
    s.order === undefined &&
    s.columns === undefined &&
    !s.distinct &&
    s.mode === "instances" &&
    s.lock === undefined &&
    s.limit === undefined &&
    s.offset === undefined &&
    s.related.length === 0 &&
    s.prefetch.length === 0;
  return plain ? s.model.meta : s;
}

/**
 * The statement of terminal `op` (`spec` makes its SELECT from a state) for the probe's value
 * on `dialect`: from the cache after the first call.
 */
export function probeStatement(
  p: Probe,
  op: string,
  dialect: DialectName,
  spec: (s: State) => SelectSpec,
): CompiledStatement {
  const entries = slot(p.base, op, p.f);
  let entry = entries.get(dialect);
  if (entry === undefined) {
    entry = compileEntry(p, spec, dialect);
    entries.set(dialect, entry);
  }
  if (entry === null) {
    const b = p.base;
    const where = [...b.where, cmp(b.model.meta.table, p.f, "exact", p.value)];
    return compileSelect(spec({ ...b, where }), dialect);
  }
  const params = entry.params.slice();
  params[entry.at] = p.value;
  countShape(entry.key, entry.sql);
  return { sql: entry.sql, params };
}
