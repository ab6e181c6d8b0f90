/**
 * `Prefetch(path, { queryset, toAttr })`, Django's `Prefetch` object, and the form a queryset
 * keeps a `prefetchRelated` argument in (`PrefetchLookup`).
 * @module
 */
import type { Database } from "../db/index.ts";
import type { FieldMap } from "../model/field.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMeta } from "../model/meta.ts";
import type { AnyModel } from "../model/model.ts";
import type { Annotated } from "./annotate.ts";
import type { State } from "./query-state.ts";
import type { QuerySet } from "./queryset.ts";

type AnyQs = QuerySet<FieldMap, any>;

/**
 * What a `Prefetch` needs of an `annotate()`d query (annotate.ts gives it; its state is private
 * to it, and prefetch.ts does not import it, which imports prefetch.ts).
 */
export interface AnnotatedPrefetch {
  readonly model: AnyModel;
  /** Its `prefetchRelated` lookups, given before `annotate()`. */
  readonly prefetch: readonly PrefetchLookup[];
  /** Whether it gives instances (no `values()` before or after `annotate`). */
  readonly instances: boolean;
  readonly sliced: boolean;
  /**
   * Its rows whose `on` is in `keys` (a WHERE condition, before the annotations), with `on`
   * loaded and `rest` prefetched from them, on `db` unless it names its own database.
   */
  rows(
    on: FieldMeta,
    keys: readonly unknown[],
    db: Database,
    rest: readonly PrefetchLookup[],
  ): Promise<Record<string, unknown>[]>;
}

/** The rows of a `Prefetch` given no queryset: the relation's model's instances (types only). */
export interface NoQueryset {
  readonly __noQueryset: true;
}

/** What `Prefetch(path, options)` takes. */
export interface PrefetchOptions<R2, A extends string | undefined> {
  /** Fetch the related rows with this queryset, plus the relation's own condition. */
  readonly queryset?: QuerySet<any, R2> | Annotated<R2, any, any, any>;
  /** Put the related rows (or instance, or `null`) on each instance under this name instead. */
  readonly toAttr?: A;
}

/** A `Prefetch(...)`: a relation path for `prefetchRelated`, its queryset and its target name. */
export interface PrefetchSpec<
  P extends string = string,
  R2 = unknown,
  A extends string | undefined = string | undefined,
> {
  readonly path: P;
  readonly queryset: QuerySet<any, R2> | Annotated<R2, any, any, any> | undefined;
  readonly toAttr: A;
}

/** Every spec `Prefetch()` made, so `prefetchRelated` knows one from a look-alike. */
const made = new WeakSet<object>();

/**
 * Django's `Prefetch`: load the last relation of `path` with `options.queryset` (its filters,
 * ordering, `selectRelated`, `only`/`defer`, its own `prefetchRelated`) instead of the model's
 * default one, and, with `options.toAttr`, put the result under that name rather than in the
 * relation's own place (`owner.books.all()`, `book.author`). The queryset may be `annotate()`d
 * (its instances then carry their annotations):
 * `Author.objects.prefetchRelated(Prefetch("books", { queryset: recent, toAttr: "recentBooks" }))`.
 */
export function Prefetch<
  const P extends string,
  R2 = NoQueryset,
  const A extends string | undefined = undefined,
>(path: P, options: PrefetchOptions<R2, A> = {}): PrefetchSpec<P, R2, A> {
  if (typeof path !== "string" || path === "")
    throw ormError(ERR_ORM_QUERY, "Prefetch() takes a relation path");
  const { queryset, toAttr } = options;
  if (toAttr !== undefined && (typeof toAttr !== "string" || !/^[^.\s]+$/.test(toAttr)))
    throw ormError(ERR_ORM_QUERY, `Prefetch("${path}"): toAttr is a name, without dots`);
  const spec = Object.freeze({ path, queryset, toAttr: toAttr as A });
  made.add(spec);
  return spec;
}

/**
 * A `Prefetch` as a queryset keeps it: its path and target name, its queryset, and that
 * queryset's state (the queryset reads it: a state is private to its queryset), or for an
 * annotated query what a prefetch needs of it. A `Prefetch` with neither a queryset nor
 * `toAttr` is kept as its plain path.
 */
export class Lookup {
  readonly path: string;
  readonly toAttr: string | undefined;
  /** The queryset or annotated query given (compared by identity when lookups combine). */
  readonly qs: object | undefined;
  readonly state: State | undefined;
  readonly annotated: AnnotatedPrefetch | undefined;

  constructor(
    path: string,
    toAttr: string | undefined,
    qs: object | undefined,
    state?: State,
    annotated?: AnnotatedPrefetch,
  ) {
    this.path = path;
    this.toAttr = toAttr;
    this.qs = qs;
    this.state = state;
    this.annotated = annotated;
  }

  /** The same lookup, one level down: `rest` is its path after the first segment. */
  after(rest: string): Lookup {
    return new Lookup(rest, this.toAttr, this.qs, this.state, this.annotated);
  }

  /** The model of its queryset, if it has one. */
  get model(): AnyModel | undefined {
    return this.state?.model ?? this.annotated?.model;
  }

  /** Its queryset's own `prefetchRelated` lookups. */
  get nested(): readonly PrefetchLookup[] {
    return this.state?.prefetch ?? this.annotated?.prefetch ?? [];
  }
}

/** A `prefetchRelated` lookup as a queryset keeps it. */
export type PrefetchLookup = string | Lookup;

/**
 * A `prefetchRelated` argument as the queryset keeps it; `stateOf` gives a queryset's state, or
 * `undefined` for anything else, `annotatedOf` what a prefetch needs of an annotated query, or
 * `undefined`. A queryset that gives no instances (`values()`, `valuesList()`) or only some of
 * the related rows (sliced) is refused at once, as Django refuses it when the `Prefetch` is
 * made. Its model is checked when the relation is known, when the queryset runs.
 */
export function lookupOf(
  arg: unknown,
  stateOf: (qs: unknown) => State | undefined,
  annotatedOf: (qs: unknown) => AnnotatedPrefetch | undefined,
): PrefetchLookup {
  if (typeof arg === "string" || arg instanceof Lookup) return arg;
  if (typeof arg !== "object" || arg === null || !made.has(arg))
    throw ormError(
      ERR_ORM_QUERY,
      "prefetchRelated() takes relation paths and Prefetch(...) objects",
    );
  const spec = arg as PrefetchSpec;
  const qs = spec.queryset as AnyQs | undefined;
  if (qs === undefined)
    return spec.toAttr === undefined ? spec.path : new Lookup(spec.path, spec.toAttr, undefined);
  const at = `Prefetch("${spec.path}")`;
  const s = stateOf(qs);
  if (s === undefined) {
    const a = annotatedOf(qs);
    if (a === undefined)
      throw ormError(
        ERR_ORM_QUERY,
        `${at}: the queryset must be a model's QuerySet or annotate()d query`,
      );
    if (!a.instances)
      throw ormError(
        ERR_ORM_QUERY,
        `${at}: the annotated query must give instances, not values() rows`,
      );
    if (a.sliced) throw ormError(ERR_ORM_QUERY, `${at}: the annotated query cannot be sliced`);
    return new Lookup(spec.path, spec.toAttr, qs, undefined, a);
  }
  if (s.mode !== "instances")
    throw ormError(ERR_ORM_QUERY, `${at}: the queryset must give instances, not values() rows`);
  if (s.limit !== undefined || s.offset !== undefined)
    throw ormError(ERR_ORM_QUERY, `${at}: the queryset cannot be sliced`);
  return new Lookup(spec.path, spec.toAttr, qs, s);
}

/** The queryset a lookup brings, if any. */
export function querysetOf(l: PrefetchLookup | undefined): object | undefined {
  return typeof l === "object" ? l.qs : undefined;
}
