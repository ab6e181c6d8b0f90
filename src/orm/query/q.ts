/**
 * `Q.or`, `Q.and`, `Q.not`: combine filters. They build the same `OR`/`AND`/`NOT` keys a filter
 * object may hold; the filters keep their literal types here and are checked against the model
 * where the result is passed to `filter()`/`exclude()`, so a wrong field or lookup inside a `Q`
 * is still a compile error (a `Q` knows no model of its own).
 *
 * @example
 * Book.objects.filter(Q.or({ pages: { gte: 500 } }, Q.not({ title: { startswith: "Draft" } })));
 * @module
 */

export const Q = {
  /** Rows matching any of the filters. */
  or: <const W extends readonly object[]>(...filters: W): { readonly OR: W } => ({ OR: filters }),
  /** Rows matching all of the filters. */
  and: <const W extends readonly object[]>(...filters: W): { readonly AND: W } => ({
    AND: filters,
  }),
  /** Rows not matching the filter. */
  not: <const W extends object>(filter: W): { readonly NOT: W } => ({ NOT: filter }),
};
