/**
 * QuerySets, typed filters and `Q`, compiled through Kysely's dialects (compile only) with a
 * cache of compiled shapes.
 * @module
 */
export { AggExpr, type AggLeaf, type AggOperand } from "./aggregate-arith.ts";
export { Aggregate, Avg, Count, type FieldTyped, Max, Min, Sum } from "./aggregates.ts";
export {
  Annotated,
  type AnnotatedOrderKey,
  type AnnotationOrder,
  type Having,
  type HavingOps,
} from "./annotate.ts";
export type {
  AggregateValue,
  AnnotatedOf,
  AnnotationsOut,
  AnnotationValue,
} from "./annotate-types.ts";
export type { BulkCreateOptions } from "./bulk.ts";
export { ERR_ORM_BULK_CONFLICT, ERR_ORM_BULK_UPDATE, ERR_ORM_JOINED_REF } from "./errors.ts";
export type { DatePart, DatePartLookups } from "./date-parts.ts";
export { type DivOptions, Expr, F, OrderExpr } from "./expressions.ts";
export {
  type NoQueryset,
  Prefetch,
  type PrefetchOptions,
  type PrefetchSpec,
} from "./prefetch-lookup.ts";
export { Q } from "./q.ts";
export { QuerySet } from "./queryset.ts";
export { ManyRelatedManager, RelatedManager, type RelatedRef } from "./related-manager.ts";
export { RelatedObject } from "./related-object.ts";
export { type CompiledStatement, shapeCacheMisses } from "./shape-cache.ts";
export type {
  ForwardKey,
  Lookups,
  OpValue,
  OrderKey,
  PrefetchKey,
  PrefetchPath,
  RelatedOrderKey,
  RelatedOrderPath,
  RelationKey,
  ReverseOneKey,
  SelectKey,
  Where,
} from "./where-types.ts";
export type {
  Joined,
  ParentPath,
  PrefetchArg,
  SelectPath,
  ToAttr,
  WithJoined,
} from "./related-paths.ts";
export { detectNPlusOne, type NPlusOneOptions, type WarnLogger } from "./n-plus-one.ts";
