/**
 * QuerySets: lazy, immutable, chainable. Every method returns a new queryset; SQL runs only when
 * one is awaited or a terminal method (`get`, `count`, `update` ...) is called. Awaiting the same
 * queryset twice runs it twice (no result cache: immutability is the simpler contract).
 * @module
 */
import type { Database, DialectName } from "../db/index.ts";
import { DoesNotExist, ERR_ORM_QUERY, MultipleObjectsReturned, ormError } from "../model/errors.ts";
import type { FieldMap } from "../model/field.ts";
import { build } from "../model/instance.ts";
import type { AnyModel } from "../model/model.ts";
import type { CreateInput, Instance, RowOf, UpdateInput } from "../model/types.ts";
import { type Aggregate, compileAggregate, plan, readAggregate } from "./aggregates.ts";
import { Annotated, aggregateAcross, crossesRelations } from "./annotate.ts";
import type {
  AggregateValue,
  AnnotatedOf,
  AnnotationsOut,
  AnnotationValue,
  CheckedAnnotations,
} from "./annotate-types.ts";
import { annotateSource } from "./annotate-source.ts";
import { type BulkCreateOptions, bulkInsert } from "./bulk.ts";
import { bulkUpdateRows } from "./bulk-update.ts";
import type { OrderExpr } from "./expressions.ts";
import { explainRows, fetchProbed, fetchRows } from "./fetch-rows.ts";
import { probeOf } from "./fast-lookup.ts";
import { getOrCreate, updateOrCreate } from "./get-or-create.ts";
import { iterate } from "./iterate.ts";
import { isPlainObject, type Node, parseWhere } from "./node.ts";
import { deferColumns, onlyColumns } from "./only-defer.ts";
import { type NullsOrder, orderKey, reverseKey } from "./ordering.ts";
import {
  checkUnsliced,
  columnsFor,
  firstSpec,
  getSpec,
  orderOrPk,
  rootState,
  type State,
  selectSpec,
  slicePatch,
  stateDb,
  targetMeta,
} from "./query-state.ts";
import { deleteRows, updateRows } from "./queryset-writes.ts";
import type { RowLock } from "./row-locks.ts";
import { planJoins } from "./select-related.ts";
import type { CompiledStatement } from "./shape-cache.ts";
import { compileCount, compileExists, compileSelect, type SelectSpec } from "./statements.ts";
import { lookupOf, type PrefetchSpec } from "./prefetch-lookup.ts";
import type { ParentPath, PrefetchArg, SelectPath, ToAttr, WithJoined } from "./related-paths.ts";
import type {
  OrderKey,
  PrefetchPath,
  RelatedOrderKey,
  RelatedOrderPath,
  Where,
} from "./where-types.ts";

export class QuerySet<F extends FieldMap, R = Instance<F>> implements PromiseLike<R[]> {
  #s: State;

  /** Internal: use `Model.objects`. */
  constructor(state: State) {
    this.#s = state;
  }

  /** The root queryset of a model (its `objects`). */
  static root(model: AnyModel): QuerySet<FieldMap, unknown> {
    return new QuerySet(rootState(model));
  }

  get #meta() {
    return this.#s.model.meta;
  }

  #with<R2 = R>(patch: Partial<State>): QuerySet<F, R2> {
    return new QuerySet<F, R2>({ ...this.#s, prefilled: undefined, probe: undefined, ...patch });
  }

  #parse(where: Where<F>): Node {
    return parseWhere(this.#meta, where, targetMeta);
  }

  /** A copy (querysets are immutable, so this only reads well). */
  all(): QuerySet<F, R> {
    return this.#with({});
  }

  /** Rows matching every filter (each filter's keys are ANDed too). */
  filter(...where: Where<F>[]): QuerySet<F, R> {
    const s = this.#s;
    checkUnsliced(s, "filter");
    const next = this.#with<R>({ where: [...s.where, ...where.map((w) => this.#parse(w))] });
    const probe = probeOf(s, where);
    if (probe !== undefined) next.#s = { ...next.#s, probe };
    return next;
  }

  /**
   * Internal: a related manager's queryset over this model, made in one step rather than
   * through `using` and `whereNode` plus the prefetched rows (three copies of the state per
   * `parent.children.all()`, which a loop over prefetched parents pays once per parent).
   */
  related(using: Database, node: Node, prefilled: readonly unknown[] | undefined): QuerySet<F, R> {
    return new QuerySet<F, R>(rootState(this.#s.model, using, [node], prefilled));
  }

  /** Internal: add an already-resolved condition (related managers use it). */
  whereNode(node: Node): QuerySet<F, R> {
    return this.#with({ where: [...this.#s.where, node] });
  }

  /** Rows matching none of the filters' conjunction. */
  exclude(...where: Where<F>[]): QuerySet<F, R> {
    checkUnsliced(this.#s, "filter");
    if (where.length === 0) return this.#with({});
    const item: Node = { t: "and", items: where.map((w) => this.#parse(w)) };
    return this.#with({ where: [...this.#s.where, { t: "not", item }] });
  }

  /**
   * Replace the ordering: row properties, `-` first for descending; `{ by, nulls: "first" |
   * "last" }` to place NULLs the same on every backend; `"?"` for a random order. No keys:
   * unordered. A dotted path orders across relations with LEFT JOINs (`"author.name"`); across
   * a reverse or many-to-many relation (`"choices.votes"`) a row comes once per related row.
   */
  orderBy(
    ...keys: (
      | OrderKey<RowOf<F>>
      | RelatedOrderKey<F>
      | NullsOrder<(keyof RowOf<F> & string) | RelatedOrderPath<F>>
      | OrderExpr<(keyof RowOf<F> & string) | RelatedOrderPath<F>>
      | "?"
    )[]
  ): QuerySet<F, R> {
    return this.#with({ order: keys.map((k) => orderKey(this.#meta, k)) });
  }

  /**
   * Lock the selected rows until the transaction ends (`SELECT ... FOR UPDATE`), waiting for
   * other locks, or with `{ nowait: true }` failing at once, or with `{ skipLocked: true }`
   * skipping locked rows. PostgreSQL and MySQL/MariaDB only; SQLite ignores it, as in Django.
   * Evaluating it outside `atomic()` on those is a `FLG_ERR_ORM_STATE` error: autocommit would
   * release the locks at once.
   */
  selectForUpdate(
    options: { readonly nowait?: boolean; readonly skipLocked?: boolean } = {},
  ): QuerySet<F, R> {
    if (options.nowait === true && options.skipLocked === true)
      throw ormError(ERR_ORM_QUERY, "selectForUpdate(): nowait and skipLocked exclude each other");
    const lock: RowLock =
      options.nowait === true ? "nowait" : options.skipLocked === true ? "skipLocked" : "update";
    return this.#with({ lock });
  }

  /** Drop duplicate rows (`SELECT DISTINCT`), useful with `values()`/`valuesList()`. */
  distinct(): QuerySet<F, R> {
    return this.#with({ distinct: true });
  }

  /** Rows `start` to `end` (exclusive), like `Array.slice` without negative indexes. */
  slice(start: number, end?: number): QuerySet<F, R> {
    return this.#with(slicePatch(this.#s, start, end));
  }

  limit(n: number): QuerySet<F, R> {
    return this.slice(0, n);
  }

  offset(n: number): QuerySet<F, R> {
    return this.slice(n);
  }

  /** Run on this database (an alias or a `Database`) instead of the routed one. */
  using(db: string | Database): QuerySet<F, R> {
    return this.#with({ using: db });
  }

  /**
   * Load only these fields (and the primary key) into the instances; the others are absent
   * until `refreshFromDb()`, and `save()` writes only the loaded ones. Replaces an earlier
   * `only`/`defer`.
   */
  only<K extends keyof RowOf<F> & string>(
    ...keys: K[]
  ): QuerySet<F, Omit<R, Exclude<keyof RowOf<F>, K | "id">>> {
    if (this.#s.mode !== "instances")
      throw ormError(ERR_ORM_QUERY, "only() is for instances; values() already picks fields");
    return this.#with({ columns: onlyColumns(this.#meta, keys) });
  }

  /** Leave these fields out of the instances (see `only`); repeated calls add up. */
  defer<K extends Exclude<keyof RowOf<F>, "id"> & string>(...keys: K[]): QuerySet<F, Omit<R, K>> {
    if (this.#s.mode !== "instances")
      throw ormError(ERR_ORM_QUERY, "defer() is for instances; values() already picks fields");
    const current = this.#s.columns ?? this.#meta.fields;
    return this.#with({ columns: deferColumns(this.#meta, current, keys) });
  }

  /** Plain objects with these row properties (all when none given). */
  values<K extends keyof RowOf<F> & string = keyof RowOf<F> & string>(
    ...keys: K[]
  ): QuerySet<F, Pick<RowOf<F>, K>> {
    return this.#with({ mode: "values", columns: columnsFor(this.#meta, keys) });
  }

  /** Tuples of these row properties, or with `{ flat: true }` and one key, bare values. */
  valuesList<K extends keyof RowOf<F> & string>(
    key: K,
    options: { readonly flat: true },
  ): QuerySet<F, RowOf<F>[K]>;
  valuesList<const K extends readonly (keyof RowOf<F> & string)[]>(
    ...keys: K
  ): QuerySet<F, { -readonly [I in keyof K]: RowOf<F>[K[I]] }>;
  valuesList(...args: unknown[]): QuerySet<F, unknown> {
    const last = args[args.length - 1];
    if (isPlainObject(last)) {
      const keys = args.slice(0, -1) as string[];
      if (last.flat === true && keys.length !== 1)
        throw ormError(ERR_ORM_QUERY, "valuesList(key, { flat: true }) takes exactly one key");
      return this.#with({ mode: "flat", columns: columnsFor(this.#meta, keys) });
    }
    return this.#with({ mode: "list", columns: columnsFor(this.#meta, args as string[]) });
  }

  /** The SQL and parameters this queryset would run, for a dialect (for tests and debugging). */
  toSql(dialect: DialectName): CompiledStatement {
    return compileSelect(selectSpec(this.#s), dialect);
  }

  /**
   * The database's plan for this queryset, as text: `EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` on
   * PostgreSQL and MySQL. For reading, not parsing: its form is each backend's own.
   */
  explain(): Promise<string> {
    return explainRows(this.#s, selectSpec(this.#s));
  }

  /**
   * The rows in chunks of `chunkSize` queries (default 2000), for tables too large to hold:
   * `for await (const row of qs.iterator({ chunkSize: 500 }))`. Instances in the default order
   * page by primary key (`WHERE pk > last`), which stays exact while rows are added; otherwise
   * by LIMIT/OFFSET over the ordering plus the key, where rows written meanwhile can shift a page.
   * `prefetchRelated` runs per chunk. Not in one snapshot: wrap it in `atomic()` for that.
   */
  iterator(options: { readonly chunkSize?: number } = {}): AsyncGenerator<R, void> {
    return iterate<R>(this.#s, options.chunkSize, (patch) => this.#with(patch));
  }

  /** Evaluate: awaiting a queryset gives its rows. */
  // biome-ignore lint/suspicious/noThenProperty: a queryset is awaited to run it, by design
  then<A = R[], B = never>(
    onfulfilled?: ((value: R[]) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    const known = this.#s.prefilled;
    const rows = known !== undefined ? Promise.resolve(known.slice() as R[]) : this.#fetch();
    return rows.then(onfulfilled, onrejected);
  }

  #fetch(spec: SelectSpec = selectSpec(this.#s)): Promise<R[]> {
    return fetchRows(this.#s, spec) as Promise<R[]>;
  }

  /**
   * After the rows, load these relations, each with one query for all rows (two for a
   * many-to-many: the links, then the rows), whatever the number of rows. A dotted path
   * (`"choices.tags"`, `"author.books"`) goes on from the related rows. A reverse foreign key's
   * or many-to-many's manager then gives the loaded rows from `all()` without a query
   * (`filter()` on it queries); a forward foreign key (or either side of a one-to-one) puts the
   * related instance, or `null`, under its name, as `selectRelated` does: `book.author.name`.
   *
   * `Prefetch(path, { queryset, toAttr })` in place of a path loads its last relation with that
   * queryset, and with `toAttr` under that name instead (typed when it is the call's only
   * argument and its path has one segment: chain calls for several).
   */
  prefetchRelated<P extends PrefetchPath<F>, R2, A extends string>(
    lookup: PrefetchSpec<PrefetchArg<F, P>, R2, A>,
  ): QuerySet<F, WithJoined<R, F, ParentPath<P>> & ToAttr<F, P, R2, A>>;
  prefetchRelated<P extends PrefetchPath<F> = never>(
    ...paths: (PrefetchArg<F, P> | PrefetchSpec<PrefetchArg<F, P>, any, undefined>)[]
  ): QuerySet<F, WithJoined<R, F, P>>;
  prefetchRelated(...paths: unknown[]): QuerySet<F, any> {
    if (paths.length === 0) return this.#with({ prefetch: [] });
    const added = paths.map((p) =>
      lookupOf(p, (q) => (q instanceof QuerySet ? q.#s : undefined), Annotated.prefetchOf),
    );
    return this.#with({ prefetch: [...this.#s.prefetch, ...added] });
  }

  /**
   * Fetch the rows these forward foreign keys point at in the same query (a LEFT JOIN each);
   * a dotted path goes on from the joined model. Each instance then has the related instance
   * (or `null`) under the field's name: `book.author.name`. The reverse side of a one-to-one
   * joins the same way: `place.restaurant` is then the restaurant or `null`.
   */
  selectRelated<P extends SelectPath<F> = never>(
    // The union spelled out anew (not `P[]`): a refused path's message lists the accepted ones.
    ...paths: { [K in P]: K }[P][]
  ): QuerySet<F, WithJoined<R, F, P>> {
    planJoins(this.#meta, paths);
    return this.#with({ related: [...this.#s.related, ...paths] });
  }

  /** The one row matching the filters; `DoesNotExist` or `MultipleObjectsReturned` otherwise. */
  get(...where: Where<F>[]): Promise<R> {
    try {
      // `get({ id })`: no filtered copy is needed on the fast path, and no async frame either
      // (a pending query keeps its frames alive; see fetchProbed).
      const probe = where.length > 0 ? probeOf(this.#s, where) : this.#s.probe;
      if (probe !== undefined) {
        return fetchProbed(this.#s, probe, "get", getSpec).then((rows) => this.#one(rows as R[]));
      }
      const qs = where.length > 0 ? this.filter(...where) : this;
      return qs.#fetch(getSpec(qs.#s)).then((rows) => this.#one(rows));
    } catch (err) {
      // A bad filter is a rejection, as from any query method, never a synchronous throw.
      return Promise.reject(err);
    }
  }

  #one(rows: R[]): R {
    if (rows.length === 0) throw new DoesNotExist(this.#meta.label);
    if (rows.length > 1) throw new MultipleObjectsReturned(this.#meta.label, rows.length);
    return rows[0]!;
  }

  /** The first row by the ordering (by primary key when unordered), or `undefined`. */
  async first(): Promise<R | undefined> {
    const probe = this.#s.probe;
    if (probe !== undefined) return (await fetchProbed(this.#s, probe, "first", firstSpec))[0] as R;
    const rows = await this.#with({ order: orderOrPk(this.#s) })
      .slice(0, 1)
      .#fetch();
    return rows[0];
  }

  /** The last row by the ordering (by primary key when unordered), or `undefined`. */
  async last(): Promise<R | undefined> {
    const reversed = orderOrPk(this.#s).map(reverseKey);
    const rows = await this.#with({ order: reversed }).slice(0, 1).#fetch();
    return rows[0];
  }

  async count(): Promise<number> {
    const conn = await stateDb(this.#s, false).connection();
    const { sql, params } = compileCount(selectSpec(this.#s), conn.dialect.name);
    const { rows } = await conn.query(sql, params);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Compute aggregates over the matching rows in one query:
   * `await Book.objects.aggregate({ n: Count(), pages: Sum("pages") })` → `{ n: 3, pages: 1200 }`.
   * Paths across relations and `F` expressions join, as in annotate.ts.
   */
  async aggregate<const A extends Readonly<Record<string, AggregateValue>>>(
    aggregates: A & CheckedAnnotations<F, A, never>,
  ): Promise<AnnotationsOut<F, A>> {
    checkUnsliced(this.#s, "aggregate");
    if (crossesRelations(aggregates, this.#meta)) {
      const s = this.#s;
      const where = selectSpec(s).where;
      const src = { model: s.model, where, groupBy: [], db: () => stateDb(s, false), order: [] };
      return (await aggregateAcross(src, aggregates)) as AnnotationsOut<F, A>;
    }
    const planned = plan(this.#meta, aggregates as Record<string, Aggregate<unknown>>);
    const conn = await stateDb(this.#s, false).connection();
    const d = conn.dialect.name;
    const where = selectSpec(this.#s).where;
    const { sql, params } = compileAggregate(this.#meta, where, planned, d);
    const { rows } = await conn.query(sql, params);
    return readAggregate(rows[0], planned, d) as AnnotationsOut<F, A>;
  }

  /**
   * Aggregates (across any number of relations, or of `F` expressions) and `F` expressions per
   * row, or per group after `values(...)` (see annotate.ts):
   * `Author.objects.annotate({ n: Count("books") }).filter({ n: { gte: 2 } }).orderBy("-n")`.
   */
  annotate<const A extends Readonly<Record<string, AnnotationValue>>>(
    annotations: A & CheckedAnnotations<F, A, keyof A & string>,
  ): AnnotatedOf<F, R, AnnotationsOut<F, A>> {
    return Annotated.start(annotateSource(this.#s), annotations);
  }

  async exists(): Promise<boolean> {
    const conn = await stateDb(this.#s, false).connection();
    const { sql, params } = compileExists(selectSpec(this.#s), conn.dialect.name);
    return (await conn.query(sql, params)).rows.length > 0;
  }

  /** UPDATE every matching row; returns how many matched. */
  update(values: UpdateInput<F>): Promise<number> {
    return updateRows(this.#s, values as Record<string, unknown>);
  }

  /**
   * DELETE every matching row, applying the onDelete rules of the foreign keys that point at
   * them (and sending delete signals); returns how many of this model's rows went.
   */
  delete(): Promise<number> {
    return deleteRows(this.#s, () =>
      this.#with({ mode: "instances", columns: undefined, order: [], prefetch: [], related: [] }),
    );
  }

  /**
   * A new instance that is not saved yet, as Django's `Book(title="...")`: the fields not given
   * take their defaults, and nothing is written until `save()`, which picks the database as for
   * any new instance (`save({ using })`, else the router). For `fullClean()` or `validate()`
   * before the first save.
   */
  build(values: CreateInput<F>): Instance<F> {
    return build(this.#meta, values as Record<string, unknown>) as unknown as Instance<F>;
  }

  /** INSERT one row and return it as an instance. */
  async create(values: CreateInput<F>): Promise<Instance<F>> {
    const obj = build(this.#meta, values as Record<string, unknown>);
    await (obj as unknown as Instance<F>).save({
      using: stateDb(this.#s, true),
      forceInsert: true,
    });
    return obj as unknown as Instance<F>;
  }

  /**
   * INSERT many rows, `batchSize` per statement (default 500), in one transaction; returns the
   * instances, with database-generated keys except on MySQL (no RETURNING there) and with
   * `ignoreConflicts`. Sends no save signals. `ignoreConflicts: true` skips rows that break a
   * unique constraint; `updateConflicts: true` with `uniqueFields` (the conflict target;
   * required on SQLite and PostgreSQL, unused by MySQL) and `updateFields` writes those fields
   * into the existing row instead (an upsert).
   */
  async bulkCreate(
    values: readonly CreateInput<F>[],
    options: BulkCreateOptions<keyof RowOf<F> & string> = {},
  ): Promise<Instance<F>[]> {
    const rows = values as readonly Record<string, unknown>[];
    const objs = await bulkInsert(this.#meta, rows, stateDb(this.#s, true), options);
    return objs as unknown as Instance<F>[];
  }

  /**
   * UPDATE `fields` of saved objects by primary key, one statement per `batchSize` objects
   * (default 500, several batches in one transaction); returns how many rows matched. Values
   * are converted as `save()` converts them; no save signals are sent.
   */
  bulkUpdate(
    objs: readonly Partial<RowOf<F>>[],
    fields: readonly Exclude<keyof RowOf<F> & string, "id">[],
    options: { readonly batchSize?: number } = {},
  ): Promise<number> {
    const rows = objs as readonly Record<string, unknown>[];
    return bulkUpdateRows(this.#meta, rows, fields, stateDb(this.#s, true), options.batchSize);
  }

  /** The row matching `where`, or a new one made from its exact values plus `defaults`. */
  getOrCreate(where: Where<F>, defaults: UpdateInput<F> = {}): Promise<[Instance<F>, boolean]> {
    const [w, d] = [where as Record<string, unknown>, defaults as Record<string, unknown>];
    return getOrCreate(this.#instances(), this.#meta, stateDb(this.#s, true), w, d);
  }

  /** Update the row matching `where` with `defaults`, or create it; in one transaction. */
  updateOrCreate(where: Where<F>, defaults: UpdateInput<F> = {}): Promise<[Instance<F>, boolean]> {
    const [w, d] = [where as Record<string, unknown>, defaults as Record<string, unknown>];
    return updateOrCreate(this.#instances(), this.#meta, stateDb(this.#s, true), w, d);
  }

  #instances(): QuerySet<F, Instance<F>> {
    return this.#with<Instance<F>>({ mode: "instances", columns: undefined });
  }
}
