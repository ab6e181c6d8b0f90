/**
 * What `QuerySet.annotate()` hands to `Annotated`: the queryset's filters, grouping, ordering,
 * `selectRelated`/`prefetchRelated` paths, `only()`/`defer()` columns and `distinct()`.
 * @module
 */
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { AnnotateSource } from "./annotate.ts";
import { checkUnsliced, type State, selectSpec, stateDb } from "./query-state.ts";

export function annotateSource(s: State): AnnotateSource {
  checkUnsliced(s, "annotate");
  // Expression keys (`F:(a*0.9)`) may hold dots in their numbers; their paths are checked later.
  if (s.order?.some((k) => !k.replace(/^-/, "").startsWith("F:") && k.includes(".")))
    throw ormError(ERR_ORM_QUERY, "annotate(): order across relations after annotate, not before");
  if (s.mode === "list" || s.mode === "flat")
    throw ormError(ERR_ORM_QUERY, "annotate() goes before valuesList(), or after values()");
  const instances = s.mode === "instances";
  return {
    model: s.model,
    where: selectSpec(s).where,
    groupBy: instances ? undefined : s.columns,
    db: () => stateDb(s, false),
    named: s.using !== undefined,
    // As Django: a model's default ordering does not apply to a values() grouping.
    order: s.order ?? (s.mode === "values" ? [] : s.model.meta.ordering),
    // As a plain queryset: joins, prefetches and only()/defer() shape instances, not values().
    related: instances ? s.related : [],
    prefetch: instances ? s.prefetch : [],
    columns: instances ? s.columns : undefined,
    distinct: s.distinct,
  };
}
