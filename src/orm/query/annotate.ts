/**
 * `annotate()`: one aggregate value per row (or per group), computed by the database with a
 * LEFT JOIN to a multi-valued relation and a GROUP BY. An aggregate names a field of this model
 * (`Sum("pages")`), a relation (`Count("books")` counts related rows) or a field across one
 * relation (`Max("books.pages")`): reverse foreign keys and many-to-many, either side.
 *
 * Grouping follows Django: on a plain queryset each row is its own group (GROUP BY every selected
 * column, primary key included); after `values("a", "b")` the rows are grouped by those columns.
 * `filter()` on the result tests the annotations (HAVING), `orderBy()` may name them.
 *
 * Like Django, two annotations over two different multi-valued relations multiply each other's
 * rows (both joins fan out); use `Count(path, { distinct: true })` or two queries there.
 * @module
 */
import { type SqlBool, sql } from "kysely";
import type { Database, DialectName } from "../db/index.ts";
import { fromDb } from "../model/convert.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import { hydrate } from "../model/instance.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import type { AnyModel } from "../model/model.ts";
import { type RelationMeta, relationsOf } from "../model/relations.ts";
import { Aggregate } from "./aggregates.ts";
import { builderFor } from "./kysely-seam.ts";
import { build, type Collected, collect, isEmptyNode, type Slot } from "./lower.ts";
import type { Node } from "./node.ts";
import { orderTerms } from "./ordering.ts";
import { type CompiledStatement, compileShape } from "./shape-cache.ts";

/** The lookups a HAVING condition allows on an annotation. */
export type HavingOps<T> = {
  readonly exact?: NonNullable<T>;
  readonly gt?: NonNullable<T>;
  readonly gte?: NonNullable<T>;
  readonly lt?: NonNullable<T>;
  readonly lte?: NonNullable<T>;
  readonly isnull?: boolean;
};

/** A filter on annotations: a value (exact) or lookups, keys ANDed. */
export type Having<A> = { readonly [K in keyof A]?: A[K] | HavingOps<A[K]> };

/** Annotation names, `-` first for descending. */
export type AnnotationOrder<K extends string> = K | `-${K}`;

const OPS: Record<string, string> = { exact: "=", gt: ">", gte: ">=", lt: "<", lte: "<=" };
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Planned {
  readonly name: string;
  readonly agg: Aggregate<unknown>;
  /** The relation joined (undefined: a field of this model). */
  readonly rel: RelationMeta | undefined;
  /** The field aggregated; undefined with `rel`: count the related rows. */
  readonly f: FieldMeta | undefined;
}

interface Cond {
  readonly name: string;
  readonly op: string;
  readonly value: unknown;
}

/** Where a queryset's state comes in: what `annotate()` needs of it. */
export interface AnnotateSource {
  readonly model: AnyModel;
  readonly where: Node;
  /** `values(...)` columns to group by; undefined: instances, one group per row. */
  readonly groupBy: readonly FieldMeta[] | undefined;
  readonly db: () => Database;
  /** The queryset's ordering keys (internal form), kept until `orderBy()` replaces them. */
  readonly order: readonly string[];
}

/** Internal: an annotated query's state. */
export interface AnnotatedState {
  readonly src: AnnotateSource;
  readonly planned: readonly Planned[];
  readonly having: readonly Cond[];
  readonly order: readonly string[];
  readonly limit: number | undefined;
}

function planOne(model: AnyModel, name: string, agg: unknown): Planned {
  const meta = model.meta;
  if (!(agg instanceof Aggregate))
    throw ormError(ERR_ORM_QUERY, `annotate(): "${name}" is not Count/Sum/Avg/Min/Max`);
  if (!NAME.test(name) || meta.byAttr.has(name) || meta.byName.has(name))
    throw ormError(ERR_ORM_QUERY, `annotate(): "${name}" is not a usable name (or is a field)`);
  const [head, rest, ...more] = agg.field.split(".");
  const own = meta.byAttr.get(head!) ?? meta.byName.get(head!);
  if (own !== undefined && rest === undefined) return check({ name, agg, rel: undefined, f: own });
  const rel = relationsOf(model).get(head!);
  if (rel === undefined || more.length > 0)
    throw ormError(
      ERR_ORM_QUERY,
      `annotate(): ${meta.label} has no field or multi-valued relation "${agg.field}"`,
    );
  if (rest === undefined) {
    if (agg.fn !== "count")
      throw ormError(ERR_ORM_QUERY, `annotate(): ${agg.fn}("${agg.field}") needs a field`);
    return { name, agg, rel, f: undefined };
  }
  const tm = rel.target.meta;
  const f = tm.byAttr.get(rest) ?? tm.byName.get(rest);
  if (f === undefined)
    throw ormError(ERR_ORM_QUERY, `annotate(): ${tm.label} has no field "${rest}"`);
  return check({ name, agg, rel, f });
}

function check(p: Planned): Planned {
  // A sum or mean of decimals would come back as a JS float: not until it can stay exact.
  if ((p.agg.fn === "sum" || p.agg.fn === "avg") && p.f?.spec.kind === "decimal")
    throw ormError(
      ERR_ORM_QUERY,
      `${p.agg.fn}() of the decimal field ${p.f.name} is not supported`,
    );
  return p;
}

/** Join aliases: `a<i>` for the table holding the key back here, `a<i>t` for a m2m target. */
function throughAlias(rels: RelationMeta[], rel: RelationMeta): string {
  return `a${rels.indexOf(rel)}`;
}

function columnOf(p: Planned, meta: ModelMeta, rels: RelationMeta[]): string {
  if (p.rel === undefined) return `${meta.table}.${p.f!.column}`;
  const a = throughAlias(rels, p.rel);
  if (p.f === undefined)
    return p.rel.dst !== undefined
      ? `${a}.${p.rel.dst.column}`
      : `${a}.${p.rel.target.meta.pk.column}`;
  return p.rel.dst !== undefined ? `${a}t.${p.f.column}` : `${a}.${p.f.column}`;
}

/** The SQL and parameters of an annotated query. */
function compile(s: AnnotatedState, dialect: DialectName): CompiledStatement {
  const meta = s.src.model.meta;
  const rels: RelationMeta[] = [];
  for (const p of s.planned) if (p.rel !== undefined && !rels.includes(p.rel)) rels.push(p.rel);
  const group = s.src.groupBy ?? meta.fields;
  const c: Collected = {
    key: [
      dialect,
      "annotate",
      meta.table,
      group.map((f) => f.column).join(","),
      s.planned.map((p) => `${p.name}=${p.agg.fn}${p.agg.distinct ? "d" : ""}(${p.agg.field})`),
      s.order.join(","),
      s.limit === undefined ? "" : "L",
      "",
    ].join("|"),
    values: [],
  };
  const empty = isEmptyNode(s.src.where);
  if (!empty) collect(s.src.where, dialect, c);
  c.key += "|H:";
  for (const h of s.having) {
    c.key += `${h.name} ${h.op};`;
    if (h.op !== "isnull") c.values.push(h.value);
  }
  if (s.limit !== undefined) c.values.push(s.limit);
  const exprOf = (p: Planned) => {
    const ref = sql.ref(columnOf(p, meta, rels));
    return sql`${sql.raw(p.agg.fn)}(${p.agg.distinct ? sql`distinct ${ref}` : ref})`;
  };
  return compileShape(c.key, c.values, (slot: () => Slot) => {
    let q = builderFor(dialect)
      .selectFrom(meta.table)
      .select(group.map((f) => `${meta.table}.${f.column}`));
    for (const rel of rels) {
      const a = throughAlias(rels, rel);
      q = q.leftJoin(
        `${rel.through.meta.table} as ${a}`,
        `${a}.${rel.src.column}`,
        `${meta.table}.${meta.pk.column}`,
      );
      if (rel.dst !== undefined && s.planned.some((p) => p.rel === rel && p.f !== undefined))
        q = q.leftJoin(
          `${rel.target.meta.table} as ${a}t`,
          `${a}t.${rel.target.meta.pk.column}`,
          `${a}.${rel.dst.column}`,
        );
    }
    q = q.select(s.planned.map((p) => exprOf(p).as(p.name)));
    if (!empty) q = q.where((eb) => build(s.src.where, eb as never, dialect, slot));
    q = q.groupBy(group.map((f) => `${meta.table}.${f.column}`));
    for (const h of s.having) {
      const p = s.planned.find((x) => x.name === h.name)!;
      q =
        h.op === "isnull"
          ? q.having(sql<SqlBool>`${exprOf(p)} ${sql.raw(h.value ? "is null" : "is not null")}`)
          : q.having(sql<SqlBool>`${exprOf(p)} ${sql.raw(OPS[h.op]!)} ${slot()}`);
    }
    for (const key of s.order) {
      const desc = key.startsWith("-");
      const p = s.planned.find((x) => x.name === (desc ? key.slice(1) : key));
      if (p !== undefined) q = q.orderBy(exprOf(p), desc ? "desc" : "asc");
      else
        for (const t of orderTerms(meta, key, dialect))
          q =
            t.desc === undefined
              ? q.orderBy(t.expr as never)
              : q.orderBy(t.expr as never, t.desc ? "desc" : "asc");
    }
    if (s.limit !== undefined) q = q.limit(slot() as unknown as number);
    return q;
  });
}

function readValue(p: Planned, v: unknown, dialect: DialectName): unknown {
  if (p.agg.fn === "count") return Number(v ?? 0);
  if (v === null || v === undefined) return null;
  if (p.agg.fn === "min" || p.agg.fn === "max") return fromDb(p.f!, v, dialect);
  return Number(v);
}

/**
 * The result of `annotate()`: awaited, rows with the annotations (instances, or plain objects
 * after `values()`). Immutable like a queryset.
 */
export class Annotated<R, A> implements PromiseLike<R[]> {
  readonly #s: AnnotatedState;

  /** Internal: use `QuerySet.annotate`. */
  constructor(state: AnnotatedState) {
    this.#s = state;
  }

  /** Internal: plan the aggregates and start an annotated query over `src`. */
  static start<R, A>(src: AnnotateSource, aggs: Record<string, unknown>): Annotated<R, A> {
    const planned = Object.entries(aggs).map(([n, a]) => planOne(src.model, n, a));
    if (planned.length === 0) throw ormError(ERR_ORM_QUERY, "annotate() needs an aggregate");
    return new Annotated({ src, planned, having: [], order: src.order, limit: undefined });
  }

  #with(patch: Partial<AnnotatedState>): Annotated<R, A> {
    return new Annotated<R, A>({ ...this.#s, ...patch });
  }

  /** Keep the groups whose annotations pass (SQL HAVING); several calls are ANDed. */
  filter(having: Having<A>): Annotated<R, A> {
    const conds = [...this.#s.having];
    for (const [name, v] of Object.entries(having as Record<string, unknown>)) {
      if (v === undefined) continue;
      if (!this.#s.planned.some((p) => p.name === name))
        throw ormError(ERR_ORM_QUERY, `filter(): "${name}" is not an annotation here`);
      const ops = typeof v === "object" && v !== null ? Object.entries(v) : [["exact", v]];
      for (const [op, value] of ops as [string, unknown][]) {
        if (op !== "isnull" && OPS[op] === undefined)
          throw ormError(ERR_ORM_QUERY, `filter(): "${op}" is not a lookup for annotations`);
        if (op !== "isnull" && (value === null || value === undefined))
          throw ormError(ERR_ORM_QUERY, `filter(): "${name}.${op}" needs a value; use isnull`);
        conds.push({ name, op, value: op === "isnull" ? value === true : value });
      }
    }
    return this.#with({ having: conds });
  }

  /** Order by annotations or this model's fields, `-` first for descending. */
  orderBy(...keys: AnnotationOrder<(keyof A | keyof R) & string>[]): Annotated<R, A> {
    const meta = this.#s.src.model.meta;
    for (const k of keys as string[]) {
      const by = k.startsWith("-") ? k.slice(1) : k;
      if (!this.#s.planned.some((p) => p.name === by) && !meta.byAttr.has(by))
        throw ormError(ERR_ORM_QUERY, `orderBy(): "${by}" is neither an annotation nor a field`);
    }
    return this.#with({ order: keys as string[] });
  }

  /** At most `n` rows. */
  limit(n: number): Annotated<R, A> {
    if (!Number.isSafeInteger(n) || n < 0)
      throw ormError(ERR_ORM_QUERY, "limit() takes a whole number >= 0");
    return this.#with({ limit: n });
  }

  /** The SQL and parameters for a dialect (tests, debugging). */
  toSql(dialect: DialectName): CompiledStatement {
    return compile(this.#s, dialect);
  }

  async #run(): Promise<R[]> {
    const s = this.#s;
    const db = s.src.db();
    const conn = await db.connection();
    const dialect = conn.dialect.name;
    const { sql: text, params } = compile(s, dialect);
    const { rows } = await conn.query(text, params);
    const meta = s.src.model.meta;
    return rows.map((r) => {
      let o: Record<string, unknown>;
      if (s.src.groupBy === undefined) o = hydrate(meta, r, dialect, db);
      else {
        o = {};
        for (const f of s.src.groupBy) o[f.attr] = fromDb(f, r[f.column], dialect);
      }
      for (const p of s.planned) o[p.name] = readValue(p, r[p.name], dialect);
      return o as R;
    });
  }

  // biome-ignore lint/suspicious/noThenProperty: awaited to run it, like a queryset
  then<T = R[], E = never>(
    onfulfilled?: ((value: R[]) => T | PromiseLike<T>) | null,
    onrejected?: ((reason: unknown) => E | PromiseLike<E>) | null,
  ): Promise<T | E> {
    return this.#run().then(onfulfilled, onrejected);
  }
}
