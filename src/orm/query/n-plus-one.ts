/**
 * N+1 detection: inside `detectNPlusOne(fn)`, every statement the query layer compiles is
 * counted by its shape (the SQL without its values, the shape cache's key), and the first time
 * one shape passes `threshold` runs a warning goes to the logger, once per shape per scope: the
 * sign of a loop that queries per row (`for (b of books) await b.author...`) where
 * `selectRelated`/`prefetchRelated` would make it one query.
 *
 * The scope is an AsyncLocalStorage frame, so concurrent requests count apart and nothing leaks
 * between them. Outside a scope the cost is one `getStore()` per statement. The core will open a
 * scope per request (and per task) in debug mode: a middleware wrapping `next()` in
 * `detectNPlusOne(() => next(), { logger: app.logger })`.
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** What the warning goes through: any logger with `warn` (the core's `Logger` fits). */
export interface WarnLogger {
  warn(msg: string, fields?: Record<string, unknown>): void;
}

export interface NPlusOneOptions {
  /** Warn when one shape runs more than this many times (default 10). */
  readonly threshold?: number;
  /** Default: `console.warn`. */
  readonly logger?: WarnLogger;
}

interface Scope {
  readonly threshold: number;
  readonly logger: WarnLogger;
  readonly counts: Map<string, number>;
}

const scopes = new AsyncLocalStorage<Scope>();

const consoleLogger: WarnLogger = {
  warn: (msg, fields) => console.warn(msg, fields ?? ""),
};

/** Run `fn` counting query shapes; nested scopes count on their own. */
export function detectNPlusOne<T>(fn: () => T, options: NPlusOneOptions = {}): T {
  const threshold = options.threshold ?? 10;
  const scope = { threshold, logger: options.logger ?? consoleLogger, counts: new Map() };
  return scopes.run(scope, fn);
}

/** Called per statement with its shape key and SQL; does nothing outside a scope. */
export function countShape(key: string, sql: string): void {
  const scope = scopes.getStore();
  if (scope === undefined) return;
  const n = (scope.counts.get(key) ?? 0) + 1;
  scope.counts.set(key, n);
  if (n === scope.threshold + 1)
    scope.logger.warn(`possible N+1: one query shape ran more than ${scope.threshold} times`, {
      code: "FLG_WARN_ORM_N_PLUS_ONE",
      sql,
      threshold: scope.threshold,
    });
}
