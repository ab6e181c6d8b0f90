/**
 * QuerySets, typed filters and `Q`, compiled through Kysely's dialects (compile only) with a
 * cache of compiled shapes.
 * @module
 */
export { Q } from "./q.ts";
export { QuerySet } from "./queryset.ts";
export { type CompiledStatement, shapeCacheMisses } from "./shape-cache.ts";
export type { Lookups, OpValue, OrderKey, Where } from "./where-types.ts";
