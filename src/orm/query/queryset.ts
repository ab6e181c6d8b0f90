/**
 * QuerySets: lazy, immutable, chainable. Every method returns a new queryset; SQL runs only when
 * one is awaited or a terminal method (`get`, `count`, `update` ...) is called. Awaiting the same
 * queryset twice runs it twice (no result cache: immutability is the simpler contract).
 * @module
 */
import { atomic, type Database, IntegrityError } from "../db/index.ts";
import {
  DoesNotExist,
  ERR_ORM_QUERY,
  ERR_ORM_STATE,
  MultipleObjectsReturned,
  ormError,
} from "../model/errors.ts";
import type { FieldMap } from "../model/field.ts";
import { build, hydrate } from "../model/instance.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import type { AnyModel } from "../model/model.ts";
import type { CreateInput, Instance, RowOf, UpdateInput } from "../model/types.ts";
import { fromDb } from "../model/convert.ts";
import { isPlainObject, type Node, parseWhere } from "./node.ts";
import {
  compileCount,
  compileDelete,
  compileExists,
  compileSelect,
  compileUpdate,
  type SelectSpec,
} from "./statements.ts";
import type { CompiledStatement } from "./shape-cache.ts";
import { resolveDatabase, type Using } from "./using.ts";
import type {
  ForwardKey,
  Joined,
  OrderKey,
  PrefetchPath,
  RelatedOrderKey,
  Where,
} from "./where-types.ts";
import { type Aggregate, compileAggregate, plan, readAggregate } from "./aggregates.ts";
import { Annotated } from "./annotate.ts";
import { bulkInsert } from "./bulk.ts";
import { deleteCollected, needsCollector } from "./deletion.ts";
import { Computed, Expr, resolve } from "./expressions.ts";
import { prefetch } from "./prefetch.ts";
import { type NullsOrder, orderKey, reverseKey } from "./ordering.ts";
import { deferColumns, onlyColumns } from "./only-defer.ts";
import type { RowLock } from "./row-locks.ts";
import { attachJoined, planJoins } from "./select-related.ts";

type Mode = "instances" | "values" | "list" | "flat";

interface State {
  readonly model: AnyModel;
  readonly where: readonly Node[];
  /** `undefined`: the model's default ordering. */
  readonly order: readonly string[] | undefined;
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  readonly using: Using;
  readonly mode: Mode;
  readonly columns: readonly FieldMeta[] | undefined;
  /** Relation paths loaded after the rows, one query per relation (`prefetchRelated`). */
  readonly prefetch: readonly string[];
  /** Forward foreign keys joined into the query (`selectRelated`). */
  readonly related: readonly string[];
  readonly distinct: boolean;
  /** `selectForUpdate()`. */
  readonly lock: RowLock | undefined;
  /** Rows already known (a related manager's prefetched rows); dropped by any change. */
  readonly prefilled: readonly unknown[] | undefined;
}

/** Django's trick: fetch up to this many rows in `get()` to say how many matched. */
const GET_LIMIT = 21;

function targetMeta(f: FieldMeta): ModelMeta {
  return (f.spec.target!() as AnyModel).meta;
}

export class QuerySet<F extends FieldMap, R = Instance<F>> implements PromiseLike<R[]> {
  readonly #s: State;

  /** Internal: use `Model.objects`. */
  constructor(state: State) {
    this.#s = state;
  }

  /** The root queryset of a model (its `objects`). */
  static root(model: AnyModel): QuerySet<FieldMap, unknown> {
    return new QuerySet({
      model,
      where: [],
      order: undefined,
      limit: undefined,
      offset: undefined,
      using: undefined,
      mode: "instances",
      columns: undefined,
      prefetch: [],
      related: [],
      distinct: false,
      lock: undefined,
      prefilled: undefined,
    });
  }

  get #meta(): ModelMeta {
    return this.#s.model.meta;
  }

  #with<R2 = R>(patch: Partial<State>): QuerySet<F, R2> {
    return new QuerySet<F, R2>({ ...this.#s, prefilled: undefined, ...patch });
  }

  #parse(where: Where<F>): Node {
    return parseWhere(this.#meta, where, targetMeta);
  }

  #checkUnsliced(what: string): void {
    if (this.#s.limit !== undefined || this.#s.offset !== undefined)
      throw ormError(ERR_ORM_QUERY, `Cannot ${what} a sliced queryset`);
  }

  /** A copy (querysets are immutable, so this only reads well). */
  all(): QuerySet<F, R> {
    return this.#with({});
  }

  /** Rows matching every filter (each filter's keys are ANDed too). */
  filter(...where: Where<F>[]): QuerySet<F, R> {
    this.#checkUnsliced("filter");
    return this.#with({ where: [...this.#s.where, ...where.map((w) => this.#parse(w))] });
  }

  /** Internal: add an already-resolved condition (related managers use it). */
  whereNode(node: Node): QuerySet<F, R> {
    return this.#with({ where: [...this.#s.where, node] });
  }

  /** Rows matching none of the filters' conjunction. */
  exclude(...where: Where<F>[]): QuerySet<F, R> {
    this.#checkUnsliced("filter");
    if (where.length === 0) return this.#with({});
    const item: Node = { t: "and", items: where.map((w) => this.#parse(w)) };
    return this.#with({ where: [...this.#s.where, { t: "not", item }] });
  }

  /**
   * Replace the ordering: row properties, `-` first for descending; `{ by, nulls: "first" |
   * "last" }` to place NULLs the same on every backend; `"?"` for a random order. No keys:
   * unordered.
   */
  orderBy(
    ...keys: (OrderKey<RowOf<F>> | RelatedOrderKey<F> | NullsOrder<keyof RowOf<F> & string> | "?")[]
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
    const ok = (n: number | undefined) => n === undefined || (Number.isSafeInteger(n) && n >= 0);
    if (!ok(start) || !ok(end) || (end !== undefined && end < start))
      throw ormError(ERR_ORM_QUERY, "slice() takes 0 <= start <= end, whole numbers");
    const off0 = this.#s.offset ?? 0;
    const offset = off0 + start;
    let limit = end === undefined ? undefined : end - start;
    if (this.#s.limit !== undefined) {
      const cap = off0 + this.#s.limit;
      limit = Math.max(0, Math.min(limit === undefined ? cap : offset + limit, cap) - offset);
    }
    return this.#with({ offset: offset === 0 ? undefined : offset, limit });
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
    return this.#with({ mode: "values", columns: this.#columns(keys) });
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
      return this.#with({ mode: "flat", columns: this.#columns(keys) });
    }
    return this.#with({ mode: "list", columns: this.#columns(args as string[]) });
  }

  #columns(keys: readonly string[]): readonly FieldMeta[] {
    if (keys.length === 0) return this.#meta.fields;
    return keys.map((k) => {
      const f = this.#meta.byAttr.get(k);
      if (f === undefined) throw ormError(ERR_ORM_QUERY, `${this.#meta.label} has no field "${k}"`);
      return f;
    });
  }

  #spec(patch: Partial<SelectSpec> = {}): SelectSpec {
    const s = this.#s;
    const order = s.order ?? this.#meta.ordering;
    return {
      meta: this.#meta,
      where: { t: "and", items: s.where },
      order,
      limit: s.limit,
      offset: s.offset,
      columns: s.columns ?? this.#meta.fields,
      distinct: s.distinct,
      lock: s.lock,
      joins:
        s.mode === "instances" && s.related.length > 0
          ? planJoins(this.#meta, s.related)
          : undefined,
      ...patch,
    };
  }

  #db(write: boolean): Database {
    return resolveDatabase(this.#s.using, this.#meta.label, write);
  }

  /** The SQL and parameters this queryset would run, for a dialect (for tests and debugging). */
  toSql(dialect: import("../db/index.ts").DialectName): CompiledStatement {
    return compileSelect(this.#spec(), dialect);
  }

  async #fetch(spec: SelectSpec): Promise<R[]> {
    const db = this.#db(false);
    const conn = await db.connection();
    const dialect = conn.dialect.name;
    if (spec.lock !== undefined && dialect !== "sqlite" && !db.inAtomicBlock)
      throw ormError(ERR_ORM_STATE, "selectForUpdate() runs only inside atomic()");
    const { sql, params } = compileSelect(spec, dialect);
    const { rows } = await conn.query(sql, params);
    const mode = this.#s.mode;
    if (mode === "instances") {
      const objs = rows.map((r) => hydrate(this.#meta, r, dialect, db, spec.columns));
      const joins = spec.joins ?? [];
      if (joins.length > 0)
        for (let i = 0; i < objs.length; i++) attachJoined(objs[i]!, rows[i]!, joins, dialect, db);
      if (this.#s.prefetch.length > 0) await prefetch(this.#s.model, objs, this.#s.prefetch, db);
      return objs as R[];
    }
    const cols = spec.columns;
    return rows.map((r) => {
      if (mode === "flat") return fromDb(cols[0]!, r[cols[0]!.column], dialect) as R;
      if (mode === "list") return cols.map((c) => fromDb(c, r[c.column], dialect)) as R;
      const o: Record<string, unknown> = {};
      for (const c of cols) o[c.attr] = fromDb(c, r[c.column], dialect);
      return o as R;
    });
  }

  /**
   * The database's plan for this queryset, as text: `EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` on
   * PostgreSQL and MySQL. For reading, not parsing: its form is each backend's own.
   */
  async explain(): Promise<string> {
    const db = this.#db(false);
    const conn = await db.connection();
    const { sql, params } = compileSelect(this.#spec(), conn.dialect.name);
    const prefix = conn.dialect.name === "sqlite" ? "explain query plan " : "explain ";
    const { rows } = await conn.query(prefix + sql, params);
    return rows
      .map((r) =>
        Object.values(r)
          .map((v) => (v === null ? "" : String(v)))
          .join(" "),
      )
      .join("\n");
  }

  /**
   * The rows in chunks of `chunkSize` queries (default 2000), for tables too large to hold:
   * `for await (const row of qs.iterator({ chunkSize: 500 }))`. Instances in the default order
   * page by primary key (`WHERE pk > last`), which stays exact while rows are added; otherwise
   * by LIMIT/OFFSET over the ordering plus the key, where rows written meanwhile can shift a page.
   * `prefetchRelated` runs per chunk. Not in one snapshot: wrap it in `atomic()` for that.
   */
  async *iterator(options: { readonly chunkSize?: number } = {}): AsyncGenerator<R, void> {
    const size = options.chunkSize ?? 2000;
    if (!Number.isSafeInteger(size) || size < 1)
      throw ormError(ERR_ORM_QUERY, "iterator(): chunkSize is a positive whole number");
    const s = this.#s;
    const pk = this.#meta.pk;
    const order = s.order ?? this.#meta.ordering;
    const sliced = s.limit !== undefined || s.offset !== undefined;
    if (s.mode === "instances" && order.length === 0 && !sliced && !s.distinct) {
      let last: unknown;
      for (;;) {
        let qs = this.#with({ order: [pk.attr] });
        if (last !== undefined)
          qs = qs.whereNode({ t: "cmp", table: this.#meta.table, f: pk, op: "gt", v: last });
        const rows = await qs.slice(0, size).#fetchAll();
        yield* rows;
        if (rows.length < size) return;
        last = (rows[rows.length - 1] as Record<string, unknown>)[pk.attr];
      }
    }
    const keyed = order.some((k) => k.split("|")[0]!.replace(/^-/, "") === pk.attr);
    const stable = this.#with({
      order: keyed || order.includes("?") ? order : [...order, pk.attr],
    });
    for (let at = 0; ; at += size) {
      const rows = await stable.slice(at, at + size).#fetchAll();
      yield* rows;
      if (rows.length < size) return;
    }
  }

  /** Evaluate: awaiting a queryset gives its rows. */
  // biome-ignore lint/suspicious/noThenProperty: a queryset is awaited to run it, by design
  then<A = R[], B = never>(
    onfulfilled?: ((value: R[]) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    const known = this.#s.prefilled;
    const rows = known !== undefined ? Promise.resolve([...known] as R[]) : this.#fetchAll();
    return rows.then(onfulfilled, onrejected);
  }

  /**
   * After the rows, load these relations (reverse foreign keys, many-to-many), each with one
   * query for all rows (two for a many-to-many: the links, then the rows), whatever the number
   * of rows. A dotted path (`"choices.tags"`) goes on from the related rows. The related
   * manager's `all()` then gives the loaded rows without a query; `filter()` on it queries.
   */
  prefetchRelated(...paths: PrefetchPath<F>[]): QuerySet<F, R> {
    if (paths.length === 0) return this.#with({ prefetch: [] });
    return this.#with({ prefetch: [...this.#s.prefetch, ...paths] });
  }

  /**
   * Fetch the rows these forward foreign keys point at in the same query (a LEFT JOIN each);
   * a dotted path goes on from the joined model. Each instance then has the related instance
   * (or `null`) under the field's name: `book.author.name`.
   */
  selectRelated<K extends ForwardKey<F>>(
    ...paths: (K | `${K}.${string}`)[]
  ): QuerySet<F, R & Joined<F, K>> {
    planJoins(this.#meta, paths);
    return this.#with({ related: [...this.#s.related, ...paths] });
  }

  /** Internal: a queryset whose rows are already known (a related manager's prefetched rows). */
  prefilled(rows: readonly unknown[]): QuerySet<F, R> {
    return this.#with({ prefilled: rows });
  }

  /** The one row matching the filters; `DoesNotExist` or `MultipleObjectsReturned` otherwise. */
  async get(...where: Where<F>[]): Promise<R> {
    const qs = where.length > 0 ? this.filter(...where) : this;
    const rows = await qs.#fetch(qs.#spec({ limit: GET_LIMIT, order: [] }));
    if (rows.length === 0) throw new DoesNotExist(this.#meta.label);
    if (rows.length > 1) throw new MultipleObjectsReturned(this.#meta.label, rows.length);
    return rows[0]!;
  }

  #orderOrPk(): readonly string[] {
    const order = this.#s.order ?? this.#meta.ordering;
    return order.length > 0 ? order : [this.#meta.pk.attr];
  }

  /** The first row by the ordering (by primary key when unordered), or `undefined`. */
  async first(): Promise<R | undefined> {
    const rows = await this.#with({ order: this.#orderOrPk() }).slice(0, 1).#fetchAll();
    return rows[0];
  }

  /** The last row by the ordering (by primary key when unordered), or `undefined`. */
  async last(): Promise<R | undefined> {
    const reversed = this.#orderOrPk().map(reverseKey);
    const rows = await this.#with({ order: reversed }).slice(0, 1).#fetchAll();
    return rows[0];
  }

  #fetchAll(): Promise<R[]> {
    return this.#fetch(this.#spec());
  }

  async count(): Promise<number> {
    const db = this.#db(false);
    const conn = await db.connection();
    const { sql, params } = compileCount(this.#spec(), conn.dialect.name);
    const { rows } = await conn.query(sql, params);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Compute aggregates over the matching rows in one query:
   * `await Book.objects.aggregate({ n: Count(), pages: Sum("pages") })` → `{ n: 3, pages: 1200 }`.
   */
  async aggregate<const A extends Readonly<Record<string, Aggregate<unknown>>>>(
    aggregates: A,
  ): Promise<{ -readonly [K in keyof A]: A[K]["__out"] }> {
    this.#checkUnsliced("aggregate");
    const planned = plan(this.#meta, aggregates as Record<string, Aggregate<unknown>>);
    const db = this.#db(false);
    const conn = await db.connection();
    const d = conn.dialect.name;
    const { sql, params } = compileAggregate(this.#meta, this.#spec().where, planned, d);
    const { rows } = await conn.query(sql, params);
    return readAggregate(rows[0], planned, d) as { -readonly [K in keyof A]: A[K]["__out"] };
  }

  /**
   * One aggregate per row, or per group after `values(...)` (see annotate.ts):
   * `Author.objects.annotate({ n: Count("books") }).filter({ n: { gte: 2 } }).orderBy("-n")`.
   */
  annotate<const A extends Readonly<Record<string, Aggregate<unknown>>>>(
    aggregates: A,
  ): Annotated<
    R & { -readonly [K in keyof A]: A[K]["__out"] },
    { -readonly [K in keyof A]: A[K]["__out"] }
  > {
    this.#checkUnsliced("annotate");
    const s = this.#s;
    if (s.order?.some((k) => k.includes(".")))
      throw ormError(
        ERR_ORM_QUERY,
        "annotate(): order across relations after annotate, not before",
      );
    if (s.mode === "list" || s.mode === "flat")
      throw ormError(ERR_ORM_QUERY, "annotate() goes before valuesList(), or after values()");
    // Each would be silently dropped by the grouped query: refuse rather than surprise.
    if (
      s.related.length > 0 ||
      s.prefetch.length > 0 ||
      s.distinct ||
      (s.columns !== undefined && s.mode === "instances")
    )
      throw ormError(
        ERR_ORM_QUERY,
        "annotate() does not combine with selectRelated/prefetchRelated/distinct/only/defer yet",
      );
    return Annotated.start(
      {
        model: s.model,
        where: this.#spec().where,
        groupBy: s.mode === "values" ? s.columns : undefined,
        db: () => this.#db(false),
        // As Django: a model's default ordering does not apply to a values() grouping.
        order: s.order ?? (s.mode === "values" ? [] : this.#meta.ordering),
      },
      aggregates,
    );
  }

  async exists(): Promise<boolean> {
    const db = this.#db(false);
    const conn = await db.connection();
    const { sql, params } = compileExists(this.#spec(), conn.dialect.name);
    return (await conn.query(sql, params)).rows.length > 0;
  }

  /** UPDATE every matching row; returns how many matched. */
  async update(values: UpdateInput<F>): Promise<number> {
    this.#checkUnsliced("update");
    const set = Object.entries(values as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => {
        const f = this.#meta.byAttr.get(k) ?? this.#meta.byName.get(k);
        if (f === undefined)
          throw ormError(ERR_ORM_QUERY, `${this.#meta.label} has no field "${k}"`);
        return [f, v instanceof Expr ? new Computed(resolve(this.#meta, v)) : v] as const;
      });
    if (set.length === 0) return 0;
    const db = this.#db(true);
    const conn = await db.connection();
    const { sql, params } = compileUpdate(this.#meta, this.#spec().where, set, conn.dialect.name);
    return (await conn.query(sql, params)).rowCount;
  }

  /**
   * DELETE every matching row, applying the onDelete rules of the foreign keys that point at
   * them (and sending delete signals); returns how many of this model's rows went.
   */
  async delete(): Promise<number> {
    this.#checkUnsliced("delete");
    const db = this.#db(true);
    if (needsCollector(this.#s.model)) {
      const objs = await this.#with({
        mode: "instances",
        columns: undefined,
        order: [],
        prefetch: [],
        related: [],
      });
      if (objs.length === 0) return 0;
      return deleteCollected(this.#s.model, objs as Record<string, unknown>[], db);
    }
    const conn = await db.connection();
    const { sql, params } = compileDelete(this.#meta, this.#spec().where, conn.dialect.name);
    return (await conn.query(sql, params)).rowCount;
  }

  /** INSERT one row and return it as an instance. */
  async create(values: CreateInput<F>): Promise<Instance<F>> {
    const obj = build(this.#meta, values as Record<string, unknown>);
    await (obj as unknown as Instance<F>).save({ using: this.#db(true), forceInsert: true });
    return obj as unknown as Instance<F>;
  }

  /**
   * INSERT many rows, `batchSize` per statement (default 500), in one transaction; returns the
   * instances, with database-generated keys except on MySQL (no RETURNING there). Sends no save
   * signals.
   */
  async bulkCreate(
    values: readonly CreateInput<F>[],
    options: { readonly batchSize?: number } = {},
  ): Promise<Instance<F>[]> {
    const objs = await bulkInsert(
      this.#meta,
      values as readonly Record<string, unknown>[],
      this.#db(true),
      options.batchSize,
    );
    return objs as unknown as Instance<F>[];
  }

  /** The row matching `where`, or a new one made from its exact values plus `defaults`. */
  async getOrCreate(
    where: Where<F>,
    defaults: UpdateInput<F> = {},
  ): Promise<[Instance<F>, boolean]> {
    const qs = this.#instances();
    try {
      return [await qs.get(where), false];
    } catch (err) {
      if (!(err instanceof DoesNotExist)) throw err;
    }
    try {
      // A savepoint, so a lost race (a unique violation) leaves an enclosing transaction usable.
      const created = await atomic(() => qs.create(this.#createValues(where, defaults)), {
        using: this.#db(true),
      });
      return [created, true];
    } catch (err) {
      if (!(err instanceof IntegrityError)) throw err;
      return [await qs.get(where), false];
    }
  }

  /** Update the row matching `where` with `defaults`, or create it; in one transaction. */
  async updateOrCreate(
    where: Where<F>,
    defaults: UpdateInput<F> = {},
  ): Promise<[Instance<F>, boolean]> {
    const qs = this.#instances();
    return atomic(
      async (): Promise<[Instance<F>, boolean]> => {
        let obj: Instance<F>;
        try {
          obj = await qs.get(where);
        } catch (err) {
          if (!(err instanceof DoesNotExist)) throw err;
          return [await qs.create(this.#createValues(where, defaults)), true];
        }
        Object.assign(obj, defaults);
        await obj.save();
        return [obj, false];
      },
      { using: this.#db(true) },
    );
  }

  #instances(): QuerySet<F, Instance<F>> {
    return this.#with<Instance<F>>({ mode: "instances", columns: undefined });
  }

  /** The exact (non-lookup) values of a filter, as row properties, plus defaults. */
  #createValues(where: Where<F>, defaults: UpdateInput<F>): CreateInput<F> {
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(where as Record<string, unknown>)) {
      if (k === "OR" || k === "AND" || k === "NOT" || isPlainObject(v)) continue;
      const f = this.#meta.byName.get(k) ?? this.#meta.byAttr.get(k);
      if (f !== undefined) values[f.attr] = v;
    }
    return { ...values, ...defaults } as CreateInput<F>;
  }
}
