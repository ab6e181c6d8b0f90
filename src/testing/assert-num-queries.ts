/**
 * `assertNumQueries(n, fn)`: fail unless `fn` runs exactly `n` statements, and show them when it
 * does not (Django's `assertNumQueries`). `captureQueries(fn)` returns them for other checks.
 * Counted: every statement sent through a database (ORM queries, raw `db.query()`, migrations);
 * not counted: `atomic()`'s BEGIN, SAVEPOINT, COMMIT and ROLLBACK.
 * @module
 */
import { AssertionError } from "node:assert";
import { type ObservedQuery, observeQueries } from "../orm/index.ts";

export interface CaptureQueriesOptions {
  /** Count the statements of this database alias only. @default every database */
  readonly using?: string;
}

export interface CapturedQueries<T> {
  readonly result: T;
  readonly queries: readonly ObservedQuery[];
}

/** Run `fn` and return its result with the statements it ran, in order. */
export async function captureQueries<T>(
  fn: () => T | Promise<T>,
  options: CaptureQueriesOptions = {},
): Promise<CapturedQueries<T>> {
  const queries: ObservedQuery[] = [];
  const result = await observeQueries(
    async () => await fn(),
    (q) => {
      if (options.using === undefined || q.alias === options.using) queries.push(q);
    },
  );
  return { result, queries };
}

/** Resolve with `fn`'s result if it ran exactly `expected` statements; else an AssertionError. */
export async function assertNumQueries<T>(
  expected: number,
  fn: () => T | Promise<T>,
  options: CaptureQueriesOptions = {},
): Promise<T> {
  const { result, queries } = await captureQueries(fn, options);
  if (queries.length !== expected) {
    const list = queries.map((q, i) => `  ${i + 1}. [${q.alias}] ${q.sql}`).join("\n");
    throw new AssertionError({
      message: `expected ${expected} ${plural(expected)}, ${queries.length} ran${queries.length > 0 ? `:\n${list}` : ""}`,
      actual: queries.length,
      expected,
      operator: "assertNumQueries",
    });
  }
  return result;
}

function plural(n: number): string {
  return n === 1 ? "query" : "queries";
}
