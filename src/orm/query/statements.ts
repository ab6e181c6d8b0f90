/**
 * The statements a queryset runs, each compiled through the shape cache: SELECT (rows, count,
 * exists), UPDATE, DELETE and INSERT. Every builder here runs only on a cache miss.
 * @module
 */
import { type Compilable, type SelectQueryBuilder, sql } from "kysely";
import type { DialectName } from "../db/index.ts";
import { toDb } from "../model/convert.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import { builderFor } from "./kysely-seam.ts";
import { build, type Collected, collect, type Slot } from "./lower.ts";
import type { Node } from "./node.ts";
import { type CompiledStatement, compileShape } from "./shape-cache.ts";

export interface SelectSpec {
  readonly meta: ModelMeta;
  readonly where: Node;
  /** Row properties, `-` first for descending. */
  readonly order: readonly string[];
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  readonly columns: readonly FieldMeta[];
}

function isEmpty(n: Node): boolean {
  return n.t === "and" && n.items.length === 0;
}

function collected(where: Node, dialect: DialectName, prefix: string): Collected {
  const out: Collected = { key: prefix, values: [] };
  if (!isEmpty(where)) collect(where, dialect, out);
  return out;
}

type AnySelect = SelectQueryBuilder<any, any, any>;

function withWhere<Q>(q: Q, where: Node, dialect: DialectName, slot: () => Slot): Q {
  if (isEmpty(where)) return q;
  return (q as any).where((eb: any) => build(where, eb, dialect, slot));
}

function orderColumn(meta: ModelMeta, key: string): [FieldMeta, boolean] {
  const desc = key.startsWith("-");
  const f = meta.byAttr.get(desc ? key.slice(1) : key)!;
  return [f, desc];
}

function selectBody(spec: SelectSpec, dialect: DialectName, slot: () => Slot): AnySelect {
  const { meta } = spec;
  let q: AnySelect = builderFor(dialect)
    .selectFrom(meta.table)
    .select(spec.columns.map((f) => `${meta.table}.${f.column}`));
  q = withWhere(q, spec.where, dialect, slot);
  for (const key of spec.order) {
    const [f, desc] = orderColumn(meta, key);
    q = q.orderBy(`${meta.table}.${f.column}`, desc ? "desc" : "asc");
  }
  return q;
}

function sliced(q: AnySelect, spec: SelectSpec, dialect: DialectName, slot: () => Slot) {
  if (spec.limit !== undefined) q = q.limit(slot() as unknown as number);
  else if (spec.offset !== undefined && dialect !== "postgres")
    // MySQL and SQLite accept OFFSET only after a LIMIT: use each one's "no limit".
    q = q.limit(dialect === "sqlite" ? sql<number>`-1` : sql<number>`18446744073709551615`);
  if (spec.offset !== undefined) q = q.offset(slot() as unknown as number);
  return q;
}

function selectKey(kind: string, spec: SelectSpec, dialect: DialectName): Collected {
  const cols = spec.columns.map((c) => c.column).join(",");
  const prefix = `${dialect}|${kind}|${spec.meta.table}|${cols}|${spec.order.join(",")}|${spec.limit !== undefined}|${spec.offset !== undefined}|`;
  const c = collected(spec.where, dialect, prefix);
  if (spec.limit !== undefined) c.values.push(spec.limit);
  if (spec.offset !== undefined) c.values.push(spec.offset);
  return c;
}

export function compileSelect(spec: SelectSpec, dialect: DialectName): CompiledStatement {
  const { key, values } = selectKey("select", spec, dialect);
  return compileShape(key, values, (slot) =>
    sliced(selectBody(spec, dialect, slot), spec, dialect, slot),
  );
}

/** `count(*)`; a sliced queryset is counted through a subquery so the slice applies. */
export function compileCount(spec: SelectSpec, dialect: DialectName): CompiledStatement {
  const s = { ...spec, order: [], columns: [spec.meta.pk] };
  const { key, values } = selectKey("count", s, dialect);
  return compileShape(key, values, (slot) => {
    const b = builderFor(dialect);
    if (s.limit === undefined && s.offset === undefined)
      return selectBody(s, dialect, slot).clearSelect().select(sql<number>`count(*)`.as("n"));
    const inner = sliced(selectBody(s, dialect, slot), s, dialect, slot);
    return b.selectFrom(inner.as("flagon_sub")).select(sql<number>`count(*)`.as("n"));
  });
}

export function compileExists(spec: SelectSpec, dialect: DialectName): CompiledStatement {
  const s = { ...spec, order: [], columns: [spec.meta.pk], limit: 1 };
  const { key, values } = selectKey("exists", s, dialect);
  return compileShape(key, values, (slot) =>
    sliced(selectBody(s, dialect, slot), s, dialect, slot),
  );
}

/** `UPDATE table SET ... WHERE ...`; `set` maps fields to JS values. */
export function compileUpdate(
  meta: ModelMeta,
  where: Node,
  set: ReadonlyArray<readonly [FieldMeta, unknown]>,
  dialect: DialectName,
): CompiledStatement {
  const prefix = `${dialect}|update|${meta.table}|${set.map(([f]) => f.column).join(",")}|`;
  const c: Collected = { key: prefix, values: set.map(([f, v]) => toDb(f, v, dialect)) };
  if (!isEmpty(where)) collect(where, dialect, c);
  return compileShape(c.key, c.values, (slot) => {
    const values: Record<string, unknown> = {};
    for (const [f] of set) values[f.column] = slot();
    const q = builderFor(dialect).updateTable(meta.table).set(values);
    return withWhere(q, where, dialect, slot) as Compilable;
  });
}

export function compileDelete(
  meta: ModelMeta,
  where: Node,
  dialect: DialectName,
): CompiledStatement {
  const c = collected(where, dialect, `${dialect}|delete|${meta.table}|`);
  return compileShape(
    c.key,
    c.values,
    (slot) =>
      withWhere(builderFor(dialect).deleteFrom(meta.table), where, dialect, slot) as Compilable,
  );
}

/** `INSERT`, returning the primary key where the dialect can. */
export function compileInsert(
  meta: ModelMeta,
  row: ReadonlyArray<readonly [FieldMeta, unknown]>,
  returning: boolean,
  dialect: DialectName,
): CompiledStatement {
  const key = `${dialect}|insert|${meta.table}|${row.map(([f]) => f.column).join(",")}|${returning}`;
  const values = row.map(([f, v]) => toDb(f, v, dialect));
  return compileShape(key, values, (slot) => {
    const b = builderFor(dialect);
    const cols: Record<string, unknown> = {};
    for (const [f] of row) cols[f.column] = slot();
    const q =
      row.length === 0
        ? b.insertInto(meta.table).defaultValues()
        : b.insertInto(meta.table).values(cols);
    return returning ? q.returning(meta.pk.column) : q;
  });
}
