/**
 * What `QuerySet.annotate()` hands to `Annotated`: the queryset's filters, grouping and
 * ordering, after refusing what a grouped query would silently drop.
 * @module
 */
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { AnnotateSource } from "./annotate.ts";
import { checkUnsliced, type State, selectSpec, stateDb } from "./query-state.ts";

export function annotateSource(s: State): AnnotateSource {
  checkUnsliced(s, "annotate");
  if (s.order?.some((k) => k.includes(".")))
    throw ormError(ERR_ORM_QUERY, "annotate(): order across relations after annotate, not before");
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
  return {
    model: s.model,
    where: selectSpec(s).where,
    groupBy: s.mode === "values" ? s.columns : undefined,
    db: () => stateDb(s, false),
    // As Django: a model's default ordering does not apply to a values() grouping.
    order: s.order ?? (s.mode === "values" ? [] : s.model.meta.ordering),
  };
}
