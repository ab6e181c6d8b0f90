/**
 * `annotate()`: values computed by the database per row, or per group after `values(...)`. An
 * annotation is an aggregate (`Count`/`Sum`/`Avg`/`Min`/`Max`) of a field, of a path across any
 * number of relations (`Sum("books.chapters.pages")`, `Count("books.tags")`) or of an `F`
 * expression (`Sum(F("price").mul(F("qty")))`), or a plain `F` expression of the row
 * (`F("price").mul(0.9)`, `F("author.name")`, or of earlier annotations). See annotate-plan.ts.
 *
 * Grouping follows Django. On a plain queryset each row is its own group, and each aggregate is
 * a correlated subquery of its own (`(select count(..) from author as q0 left join book ...
 * where q0.id = author.id)`): two aggregates over different multi-valued relations never
 * multiply each other's rows, which Django's joins do. After `values("a", "b")` the rows are
 * grouped by those columns: every path is a LEFT JOIN of the one grouped query, as in Django,
 * so there two multi-valued relations do multiply (use `Count(path, { distinct: true })`).
 * `filter()` on the result tests the annotations (HAVING; WHERE on the subqueries when each row
 * is its own group), `orderBy()` names them, fields or `F` expressions; `values()` after
 * `annotate` picks the output (it does not regroup: Django's order rule), `slice()` pages.
 * `selectRelated`/`prefetchRelated`/`only`/`defer`/`distinct` before `annotate` shape the
 * instances as on a plain queryset (joins stay single-valued, so rows are not multiplied).
 * Decimals stay exact (decimal-sql.ts).
 * @module
 */
import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Database, DialectName } from "../db/index.ts";
import { fromDb } from "../model/convert.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMap } from "../model/field.ts";
import { hydrate } from "../model/instance.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import type { AnyModel } from "../model/model.ts";
import { AggExpr } from "./aggregate-arith.ts";
import { Aggregate } from "./aggregates.ts";
import { planArith } from "./annotate-arith.ts";
import { annotationSql, type Planned, planOne, type ReadAs } from "./annotate-plan.ts";
import { PathPlanner } from "./annotate-paths.ts";
import type { AnnotationsOut, AnnotationValue, CheckedAnnotations } from "./annotate-types.ts";
import { readDecimal, readDecimalAvg } from "./decimal-sql.ts";
import { EXPR_KEY, exprSqlWith, exprText, parseExprText, refsOf } from "./expr-text.ts";
import { OrderExpr } from "./expressions.ts";
import { builderFor } from "./kysely-seam.ts";
import { build, type Collected, collect, isEmptyNode, type Slot } from "./lower.ts";
import { cmp, type Node } from "./node.ts";
import { slicePatch } from "./query-state.ts";
import { nullsTerms, type OrderTerm, orderTerms } from "./ordering.ts";
import { prefetch } from "./prefetch.ts";
import type { AnnotatedPrefetch, PrefetchLookup } from "./prefetch-lookup.ts";
import { attachJoined, type Join, planJoins } from "./select-related.ts";
import { type CompiledStatement, compileShape } from "./shape-cache.ts";
import { limitOffset } from "./statements.ts";

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

/** An ordering key of an annotated query: a name, with NULL placement, or an `F` expression. */
export type AnnotatedOrderKey<K extends string> =
  | AnnotationOrder<K>
  | { readonly by: AnnotationOrder<K>; readonly nulls: "first" | "last" }
  | OrderExpr<K>
  | "?";

const OPS: Record<string, string> = { exact: "=", gt: ">", gte: ">=", lt: "<", lte: "<=" };

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
  /** Whether the queryset named its database (`using()`): else a `Prefetch` uses the rows'. */
  readonly named?: boolean;
  /** The queryset's ordering keys (internal form), kept until `orderBy()` replaces them. */
  readonly order: readonly string[];
  /** `selectRelated` paths, joined and attached to each instance. */
  readonly related?: readonly string[];
  /** `prefetchRelated` paths, loaded for the instances after the query. */
  readonly prefetch?: readonly PrefetchLookup[];
  /** `only()`/`defer()`: the instances' columns (undefined: all). */
  readonly columns?: readonly FieldMeta[] | undefined;
  /** `distinct()`: SELECT DISTINCT. */
  readonly distinct?: boolean;
}

/** Internal: an annotated query's state. */
export interface AnnotatedState {
  readonly src: AnnotateSource;
  readonly planned: readonly Planned[];
  readonly having: readonly Cond[];
  readonly order: readonly string[];
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  /** `values(...)` after annotate: the keys output (`[]`: every field and annotation). */
  readonly pick: readonly string[] | undefined;
}

/** The annotations a caller sees: not the aggregates inside arithmetic (annotate-arith.ts). */
const visible = (s: AnnotatedState) => s.planned.filter((p) => p.hidden !== true);

/** Whether rows come back as instances (no `values()` before or after `annotate`). */
const asInstances = (s: AnnotatedState) => s.src.groupBy === undefined && s.pick === undefined;

/** The `selectRelated` joins of an annotated query: only instances carry them. */
function relatedJoins(s: AnnotatedState): readonly Join[] {
  const paths = s.src.related ?? [];
  return asInstances(s) && paths.length > 0 ? planJoins(s.src.model.meta, paths) : [];
}

/** The columns selected: the grouping, the picked fields, `only()`'s, or every field. */
function selected(s: AnnotatedState): readonly FieldMeta[] {
  const meta = s.src.model.meta;
  if (s.src.groupBy !== undefined) return s.src.groupBy;
  if (s.pick === undefined) return s.src.columns ?? meta.fields;
  if (s.pick.length === 0) return meta.fields;
  const own = s.pick.map((k) => meta.byAttr.get(k)).filter((f) => f !== undefined);
  return own.length > 0 ? own : [meta.pk];
}

/** The SQL and parameters of an annotated query. */
function compile(s: AnnotatedState, dialect: DialectName): CompiledStatement {
  const model = s.src.model;
  const meta = model.meta;
  const grouped = s.src.groupBy !== undefined;
  const cols = selected(s);
  const related = relatedJoins(s);
  const c: Collected = {
    key: [
      dialect,
      "annotate",
      meta.table,
      grouped ? "G" : "R",
      cols.map((f) => f.column).join(","),
      s.planned.map((p) => `${p.name}:${p.key}`).join(","),
      s.order.join(","),
      s.limit === undefined ? "" : "L",
      s.offset === undefined ? "" : "O",
      related.map((j) => j.alias).join(","),
      s.src.distinct === true ? "D" : "",
      "",
    ].join("|"),
    values: [],
  };
  const empty = isEmptyNode(s.src.where);
  if (!empty) collect(s.src.where, dialect, c);
  c.key += "|H:";
  for (const h of s.having) {
    c.key += `${h.name} ${h.op};`;
    if (h.op === "isnull") continue;
    // SQLite compares a computed REAL with a text parameter as text: pass a decimal as a number.
    const p = s.planned.find((q) => q.name === h.name);
    const decimal = p?.num?.t === "decimal" || p?.read.k === "avgDecimal";
    c.values.push(decimal && dialect === "sqlite" ? Number(h.value) : h.value);
  }
  if (s.limit !== undefined) c.values.push(s.limit);
  if (s.offset !== undefined) c.values.push(s.offset);
  return compileShape(c.key, c.values, (slot: () => Slot) => {
    // Every annotation and ordering first: they add the joins the query starts with.
    const main = new PathPlanner(model, meta.table, "a");
    const done = new Map<string, RawBuilder<unknown>>();
    const out = new Map<string, RawBuilder<unknown>>();
    const planned = new Map(s.planned.map((p) => [p.name, p]));
    const ctx = { model, dialect, main, perRow: !grouped, done, out, planned };
    for (const p of s.planned) {
      const w = annotationSql(p, ctx);
      done.set(p.name, w.value);
      out.set(p.name, w.out);
    }
    const aggregated = new Set(s.planned.filter((p) => p.aggregated).map((p) => p.name));
    const column = (ref: string) => main.resolve(ref, `orderBy("${ref}")`).column;
    const terms: OrderTerm[] = [];
    const extraGroup: (RawBuilder<unknown> | string)[] = [];
    for (const key of s.order) {
      if (key === "?") {
        terms.push(...orderTerms(meta, key, dialect));
        continue;
      }
      const [by, nulls] = key.split("|") as [string, "first" | "last" | undefined];
      const desc = by.startsWith("-");
      const bare = desc ? by.slice(1) : by;
      let e: RawBuilder<unknown> | string;
      let agg: boolean;
      if (bare.startsWith(EXPR_KEY)) {
        const x = parseExprText(bare.slice(EXPR_KEY.length));
        e = exprSqlWith(x, (ref) => done.get(ref) ?? sql.ref(column(ref)));
        agg = refsOf(x).some((r) => aggregated.has(r));
      } else {
        agg = aggregated.has(bare);
        // An aggregate by its output name: written once, not a second (sub)query. MySQL's NULL
        // placement wraps it in `is null`, where only the expression itself is portable.
        // A decimal mean is selected as its sum and count (decimal-sql.ts): order by its value.
        const alias =
          agg &&
          !((dialect === "mysql" || dialect === "mariadb") && nulls !== undefined) &&
          planned.get(bare)?.read.k !== "avgDecimal";
        e = alias ? sql.ref(bare) : (done.get(bare) ?? column(bare));
      }
      // As in Django, a grouped query also groups by what it orders by.
      if (grouped && !agg) extraGroup.push(e);
      terms.push(...nullsTerms(e, desc, nulls, dialect));
    }
    let q = builderFor(dialect).selectFrom(meta.table);
    for (const j of main.joins)
      q = q.leftJoin(`${j.table} as ${j.alias}`, `${j.alias}.${j.col}`, `${j.from}.${j.fromCol}`);
    // selectRelated: single-valued joins (select-related.ts), so one row per instance still.
    for (const j of related)
      q = q.leftJoin(
        `${j.meta.table} as ${j.alias}`,
        `${j.alias}.${j.col}`,
        `${j.from}.${j.fromCol}`,
      );
    const colRefs = cols.map((f) => `${meta.table}.${f.column}`);
    const joinedRefs = related.flatMap((j) =>
      j.meta.fields.map((f) => `${j.alias}.${f.column} as ${j.alias}__${f.column}`),
    );
    // `aggregate()` across relations groups by nothing: one row over the whole join.
    let sq = (colRefs.length > 0 ? q.select([...colRefs, ...joinedRefs] as never) : q).select(
      visible(s).map((p) => out.get(p.name)!.as(p.name)),
    );
    if (s.src.distinct === true) sq = sq.distinct();
    if (!empty) sq = sq.where((eb) => build(s.src.where, eb as never, dialect, slot));
    if (grouped) {
      const group: (RawBuilder<unknown> | string)[] = [...colRefs];
      for (const p of s.planned) if (!p.aggregated) group.push(out.get(p.name)!);
      for (const e of extraGroup) if (!group.includes(e)) group.push(e);
      if (group.length > 0) sq = sq.groupBy(group as never);
    }
    for (const h of s.having) {
      const e = done.get(h.name)!;
      const cond =
        h.op === "isnull"
          ? sql<SqlBool>`${e} ${sql.raw(h.value ? "is null" : "is not null")}`
          : sql<SqlBool>`${e} ${sql.raw(OPS[h.op]!)} ${slot()}`;
      // One group per row: the aggregates are subqueries, tested per row.
      sq = grouped ? sq.having(cond) : sq.where(cond);
    }
    for (const t of terms)
      sq =
        t.desc === undefined
          ? sq.orderBy(t.expr as never)
          : sq.orderBy(t.expr as never, t.desc ? "desc" : "asc");
    return limitOffset(sq, s.limit, s.offset, dialect, slot);
  });
}

function readValue(read: ReadAs, v: unknown, dialect: DialectName): unknown {
  if (read.k === "count") return Number(v ?? 0);
  if (v === null || v === undefined) return null;
  if (read.k === "field") return fromDb(read.f, v, dialect);
  if (read.k === "decimal") return readDecimal(v, read.scale, dialect);
  if (read.k === "avgDecimal") return readDecimalAvg(v, read.scale, dialect);
  return Number(v);
}

/** Check an ordering key of an annotated query; return its internal form (see ordering.ts). */
function annotatedOrderKey(s: AnnotatedState, key: unknown): string {
  if (key === "?") return key;
  const names = new Set(visible(s).map((p) => p.name));
  const paths = new PathPlanner(s.src.model, "t", "j");
  const check = (ref: string) => {
    if (names.has(ref)) return;
    const what = `orderBy("${ref}")`;
    if (paths.resolve(ref, what).many)
      throw ormError(
        ERR_ORM_QUERY,
        `${what} crosses a multi-valued relation: order by an aggregate of it instead`,
      );
  };
  if (key instanceof OrderExpr && "ref" in key.expr.tree) {
    // A lone F("x") orders as "x" does (an aggregate then by its output name).
    const by = `${key.desc ? "-" : ""}${key.expr.tree.ref}`;
    return annotatedOrderKey(s, key.nulls === undefined ? by : { by, nulls: key.nulls });
  }
  if (key instanceof OrderExpr) {
    for (const ref of refsOf(key.expr)) check(ref);
    const nulls = key.nulls === undefined ? "" : `|${key.nulls}`;
    return `${key.desc ? "-" : ""}${EXPR_KEY}${exprText(key.expr)}${nulls}`;
  }
  const o =
    typeof key === "object" && key !== null ? (key as { by: unknown; nulls: unknown }) : undefined;
  const by = o !== undefined ? o.by : key;
  if (typeof by !== "string" || by === "" || by === "-")
    throw ormError(ERR_ORM_QUERY, "orderBy() takes annotation or field names, or F() orderings");
  if (o !== undefined && o.nulls !== "first" && o.nulls !== "last")
    throw ormError(ERR_ORM_QUERY, `orderBy(): nulls is "first" or "last"`);
  const bare = by.startsWith("-") ? by.slice(1) : by;
  if (!names.has(bare) && !bare.includes(".") && !s.src.model.meta.byAttr.has(bare))
    throw ormError(ERR_ORM_QUERY, `orderBy(): "${bare}" is neither an annotation nor a field`);
  check(bare);
  return o !== undefined ? `${by}|${o.nulls}` : by;
}

/**
 * The result of `annotate()`: awaited, rows with the annotations (instances, or plain objects
 * after `values()`, before or after `annotate`). Immutable like a queryset. `R` is a row, `A`
 * the annotations, `V` what `values()` may pick, `F` the model's fields (for the type checks).
 */
export class Annotated<R, A, V = R, F extends FieldMap = FieldMap> implements PromiseLike<R[]> {
  readonly #s: AnnotatedState;

  /** Internal: use `QuerySet.annotate`. */
  constructor(state: AnnotatedState) {
    this.#s = state;
  }

  /** Internal: plan the annotations and start an annotated query over `src`. */
  static start<R, A, V, F extends FieldMap>(
    src: AnnotateSource,
    annotations: Record<string, unknown>,
  ): Annotated<R, A, V, F> {
    const planned = plan(src.model, [], annotations, src.groupBy);
    return new Annotated({
      src,
      planned,
      having: [],
      order: src.order,
      limit: undefined,
      offset: undefined,
      pick: undefined,
    });
  }

  /**
   * Internal (`QuerySet.prefetchRelated`): what a `Prefetch` needs of `q` if it is an annotated
   * query (prefetch-lookup.ts), else undefined.
   */
  static prefetchOf(q: unknown): AnnotatedPrefetch | undefined {
    if (!(q instanceof Annotated)) return undefined;
    const s: AnnotatedState = q.#s;
    return {
      model: s.src.model,
      prefetch: s.src.prefetch ?? [],
      instances: asInstances(s),
      sliced: s.limit !== undefined || s.offset !== undefined,
      rows: (on, keys, db, rest) => prefetchRows(s, on, keys, db, rest),
    };
  }

  #with<R2 = R, A2 = A, V2 = V>(patch: Partial<AnnotatedState>): Annotated<R2, A2, V2, F> {
    return new Annotated<R2, A2, V2, F>({ ...this.#s, ...patch });
  }

  #unsliced(what: string): void {
    if (this.#s.limit !== undefined || this.#s.offset !== undefined)
      throw ormError(ERR_ORM_QUERY, `Cannot ${what} a sliced annotated query`);
  }

  /**
   * More annotations, which may name the earlier ones in `F` expressions:
   * `.annotate({ n: Count("books"), pages: Sum("books.pages") }).annotate({ avg: F("pages").div(F("n")) })`.
   */
  annotate<const A2 extends Readonly<Record<string, AnnotationValue>>>(
    annotations: A2 & CheckedAnnotations<F, A2, (keyof A | keyof A2) & string>,
  ): Annotated<
    R & AnnotationsOut<F, A2, A>,
    A & AnnotationsOut<F, A2, A>,
    V & AnnotationsOut<F, A2, A>,
    F
  > {
    this.#unsliced("annotate");
    const s = this.#s;
    const planned = plan(
      s.src.model,
      s.planned,
      annotations as Record<string, unknown>,
      s.src.groupBy,
    );
    return this.#with({ planned });
  }

  /** Keep the groups whose annotations pass (SQL HAVING); several calls are ANDed. */
  filter(having: Having<A>): Annotated<R, A, V, F> {
    this.#unsliced("filter");
    const conds = [...this.#s.having];
    for (const [name, v] of Object.entries(having as Record<string, unknown>)) {
      if (v === undefined) continue;
      if (!visible(this.#s).some((p) => p.name === name))
        throw ormError(ERR_ORM_QUERY, `filter(): "${name}" is not an annotation here`);
      const ops =
        typeof v === "object" && v !== null && !(v instanceof Date)
          ? Object.entries(v)
          : [["exact", v]];
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

  /**
   * Order by annotations or fields (`-` first for descending, `{ by, nulls }` to place NULLs),
   * by `F` expressions of them (`F("pages").div(F("n")).desc({ nulls: "last" })`), or `"?"`.
   * A forward foreign key path (`"publisher.name"`) joins; no keys: unordered.
   */
  orderBy(...keys: AnnotatedOrderKey<(keyof A | keyof V) & string>[]): Annotated<R, A, V, F> {
    return this.#with({ order: keys.map((k) => annotatedOrderKey(this.#s, k)) });
  }

  /**
   * Plain objects with these fields and annotations (all when none given). After `annotate` it
   * only picks the output, as in Django: the grouping stays the one `annotate` had.
   */
  values<K extends keyof V & string = keyof V & string>(
    ...keys: K[]
  ): Annotated<Pick<V, K>, A, Pick<V, K>, F> {
    const s = this.#s;
    const meta = s.src.model.meta;
    for (const k of keys) {
      const ann = visible(s).some((p) => p.name === k);
      const f = meta.byAttr.get(k);
      if (!ann && (f === undefined || (s.src.groupBy !== undefined && !s.src.groupBy.includes(f))))
        throw ormError(
          ERR_ORM_QUERY,
          `values(): "${k}" is neither an annotation nor a field${s.src.groupBy !== undefined ? " of the values() grouping" : ""}`,
        );
    }
    return this.#with({ pick: keys });
  }

  /** Rows `start` to `end` (exclusive), like `QuerySet.slice`. */
  slice(start: number, end?: number): Annotated<R, A, V, F> {
    return this.#with(slicePatch(this.#s, start, end));
  }

  /** At most `n` rows. */
  limit(n: number): Annotated<R, A, V, F> {
    if (!Number.isSafeInteger(n) || n < 0)
      throw ormError(ERR_ORM_QUERY, "limit() takes a whole number >= 0");
    return this.slice(0, n);
  }

  /** Skip the first `n` rows. */
  offset(n: number): Annotated<R, A, V, F> {
    return this.slice(n);
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
    const cols = selected(s);
    const instances = asInstances(s);
    const related = relatedJoins(s);
    const out = rows.map((r) => {
      let o: Record<string, unknown>;
      if (instances) {
        o = hydrate(meta, r, dialect, db, s.src.columns);
        if (related.length > 0) attachJoined(o, r, related, dialect, db);
      } else {
        o = {};
        for (const f of cols) o[f.attr] = fromDb(f, r[f.column], dialect);
      }
      for (const p of visible(s)) o[p.name] = readValue(p.read, r[p.name], dialect);
      if (s.pick === undefined || s.pick.length === 0) return o as R;
      const picked: Record<string, unknown> = {};
      for (const k of s.pick) picked[k] = o[k];
      return picked as R;
    });
    const paths = s.src.prefetch ?? [];
    if (instances && paths.length > 0) await prefetch(s.src.model, out as never, paths, db);
    return out;
  }

  // biome-ignore lint/suspicious/noThenProperty: awaited to run it, like a queryset
  then<T = R[], E = never>(
    onfulfilled?: ((value: R[]) => T | PromiseLike<T>) | null,
    onrejected?: ((reason: unknown) => E | PromiseLike<E>) | null,
  ): Promise<T | E> {
    return this.#run().then(onfulfilled, onrejected);
  }
}

/**
 * The rows of `s` a `Prefetch` loads: those whose `on` is in `keys`, a WHERE condition beside the
 * source's filters (before the annotations, as `relatedRows` adds it to a queryset), with `on`
 * loaded even if `only()` left it out (the rows are matched to their owners by it) and `rest`
 * prefetched from them; on `db`, the owners' database, unless the query named its own.
 */
function prefetchRows(
  s: AnnotatedState,
  on: FieldMeta,
  keys: readonly unknown[],
  db: Database,
  rest: readonly PrefetchLookup[],
): Promise<Record<string, unknown>[]> {
  const src = s.src;
  const where = cmp(src.model.meta.table, on, "in", keys);
  const cols = src.columns;
  const next: AnnotatedState = {
    ...s,
    src: {
      ...src,
      where: isEmptyNode(src.where) ? where : { t: "and", items: [src.where, where] },
      db: src.named === true ? src.db : () => db,
      columns: cols === undefined || cols.some((c) => c.attr === on.attr) ? cols : [...cols, on],
      prefetch: [...(src.prefetch ?? []), ...rest],
    },
  };
  return Promise.resolve(new Annotated<Record<string, unknown>, unknown>(next));
}

/**
 * `aggregate()` of paths across relations or `F` expressions: the aggregates over the filtered
 * rows joined to every path (as Django's `aggregate`, so two multi-valued relations multiply each
 * other; `distinct` helps), in one row.
 */
export async function aggregateAcross(
  src: AnnotateSource,
  aggregates: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  for (const [name, a] of Object.entries(aggregates))
    if (!(a instanceof Aggregate) && !(a instanceof AggExpr))
      throw ormError(
        ERR_ORM_QUERY,
        `aggregate(): "${name}" is not Count/Sum/Avg/Min/Max or arithmetic on them`,
      );
  // Planned under names of its own: the results may be named as fields are
  // (`aggregate({ price: Sum("price") })`), and such a name must not shadow the field in `F`s.
  const names = Object.keys(aggregates);
  const inner = Object.fromEntries(names.map((n, i) => [`flg_agg${i}`, aggregates[n]]));
  const planned = plan(src.model, [], inner, []);
  const rows = await new Annotated<Record<string, unknown>, unknown>({
    src: { ...src, groupBy: [], order: [] },
    planned,
    having: [],
    order: [],
    limit: undefined,
    offset: undefined,
    pick: planned.filter((p) => p.hidden !== true).map((p) => p.name),
  });
  return Object.fromEntries(names.map((n, i) => [n, rows[0]![`flg_agg${i}`]]));
}

/**
 * Whether `aggregate()` needs the planner of annotate: a path across relations, an `F`
 * expression, arithmetic (annotate-arith.ts), or a `Sum`/`Avg` of a decimal field of `meta`
 * (exact, see decimal-sql.ts).
 */
export function crossesRelations(aggregates: Record<string, unknown>, meta?: ModelMeta): boolean {
  return Object.values(aggregates).some(
    (a) =>
      a instanceof AggExpr ||
      (a instanceof Aggregate &&
        (typeof a.field !== "string" ||
          a.field.includes(".") ||
          ((a.fn === "sum" || a.fn === "avg") &&
            (meta?.byAttr.get(a.field) ?? meta?.byName.get(a.field))?.spec.kind === "decimal"))),
  );
}

/** Plan `annotations` after `earlier` (`groupBy`: the grouping, see annotate-arith.ts). */
function plan(
  model: AnyModel,
  earlier: readonly Planned[],
  annotations: Record<string, unknown>,
  groupBy: readonly FieldMeta[] | undefined,
): Planned[] {
  if (typeof annotations !== "object" || annotations === null)
    throw ormError(ERR_ORM_QUERY, "annotate() takes an object of annotations");
  const out = [...earlier];
  for (const [name, value] of Object.entries(annotations))
    if (value instanceof AggExpr) out.push(...planArith(model, name, value, out, groupBy));
    else out.push(planOne(model, name, value, out));
  if (out.length === earlier.length)
    throw ormError(ERR_ORM_QUERY, "annotate() needs an annotation");
  return out;
}
