/**
 * `Prefetch(path, { queryset, toAttr })`, Django's `Prefetch` object, and the form a queryset
 * keeps a `prefetchRelated` argument in (`PrefetchLookup`).
 * @module
 */
import type { FieldMap } from "../model/field.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { State } from "./query-state.ts";
import type { QuerySet } from "./queryset.ts";

type AnyQs = QuerySet<FieldMap, any>;

/** The rows of a `Prefetch` given no queryset: the relation's model's instances (types only). */
export interface NoQueryset {
  readonly __noQueryset: true;
}

/** What `Prefetch(path, options)` takes. */
export interface PrefetchOptions<R2, A extends string | undefined> {
  /** Fetch the related rows with this queryset, plus the relation's own condition. */
  readonly queryset?: QuerySet<any, R2>;
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
  readonly queryset: QuerySet<any, R2> | undefined;
  readonly toAttr: A;
}

/** Every spec `Prefetch()` made, so `prefetchRelated` knows one from a look-alike. */
const made = new WeakSet<object>();

/**
 * Django's `Prefetch`: load the last relation of `path` with `options.queryset` (its filters,
 * ordering, `selectRelated`, `only`/`defer`, its own `prefetchRelated`) instead of the model's
 * default one, and, with `options.toAttr`, put the result under that name rather than in the
 * relation's own place (`owner.books.all()`, `book.author`):
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
 * queryset's state (the queryset reads it: a state is private to its queryset). A `Prefetch`
 * with neither a queryset nor `toAttr` is kept as its plain path.
 */
export class Lookup {
  readonly path: string;
  readonly toAttr: string | undefined;
  readonly qs: AnyQs | undefined;
  readonly state: State | undefined;

  constructor(path: string, toAttr: string | undefined, qs: AnyQs | undefined, state?: State) {
    this.path = path;
    this.toAttr = toAttr;
    this.qs = qs;
    this.state = state;
  }

  /** The same lookup, one level down: `rest` is its path after the first segment. */
  after(rest: string): Lookup {
    return new Lookup(rest, this.toAttr, this.qs, this.state);
  }
}

/** A `prefetchRelated` lookup as a queryset keeps it. */
export type PrefetchLookup = string | Lookup;

/**
 * A `prefetchRelated` argument as the queryset keeps it; `stateOf` gives a queryset's state, or
 * `undefined` for anything else (an annotated query among them). A queryset that gives no
 * instances (`values()`, `valuesList()`) or only some of the related rows (sliced) is refused
 * at once, as Django refuses it when the `Prefetch` is made. Its model is checked when the
 * relation is known, when the queryset runs.
 */
export function lookupOf(
  arg: unknown,
  stateOf: (qs: unknown) => State | undefined,
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
  if (s === undefined)
    throw ormError(
      ERR_ORM_QUERY,
      `${at}: the queryset must be a model's QuerySet (an annotate()d one is not supported)`,
    );
  if (s.mode !== "instances")
    throw ormError(ERR_ORM_QUERY, `${at}: the queryset must give instances, not values() rows`);
  if (s.limit !== undefined || s.offset !== undefined)
    throw ormError(ERR_ORM_QUERY, `${at}: the queryset cannot be sliced`);
  return new Lookup(spec.path, spec.toAttr, qs, s);
}

/** The queryset a lookup brings, if any. */
export function querysetOf(l: PrefetchLookup | undefined): AnyQs | undefined {
  return typeof l === "object" ? l.qs : undefined;
}
