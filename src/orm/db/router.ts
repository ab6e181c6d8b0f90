/**
 * Database routers, as in Django: each router may name the database for a read or a write, the
 * first answer wins, and `default` is used when no router answers. Hints say what the query is
 * about (the model label, later the instance), so a router can pin an app to its own database.
 * @module
 */

/** What a router knows about the query being routed. */
export interface RouteHints {
  /** The model label, e.g. `"polls.Question"`, when a model's query is routed. */
  readonly model?: string;
  readonly [key: string]: unknown;
}

export interface DatabaseRouter {
  /** The alias for a read, or `undefined` to let the next router decide. */
  dbForRead?(hints: RouteHints): string | undefined;
  /** The alias for a write, or `undefined` to let the next router decide. */
  dbForWrite?(hints: RouteHints): string | undefined;
}

export interface ReplicaRouterOptions {
  /** Where writes go (default `"default"`). */
  readonly primary?: string;
  /** Where reads go, taken in turn. */
  readonly replicas: readonly string[];
}

/**
 * Reads round-robin over `replicas`, writes to `primary`. Inside an atomic block on the primary
 * the registry sends reads to the primary anyway, so a transaction reads its own writes.
 */
export function replicaRouter(options: ReplicaRouterOptions): DatabaseRouter {
  const primary = options.primary ?? "default";
  const replicas = [...options.replicas];
  let next = 0;
  return {
    dbForRead: () => {
      if (replicas.length === 0) return primary;
      const alias = replicas[next % replicas.length]!;
      next = (next + 1) % replicas.length;
      return alias;
    },
    dbForWrite: () => primary,
  };
}
