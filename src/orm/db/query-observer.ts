/**
 * Watching the statements a block of code runs: `observeQueries(fn, onQuery)` calls `onQuery`
 * for every statement any database runs inside `fn` (across awaits, through AsyncLocalStorage),
 * which is what `assertNumQueries` and query logging in tests are built on. Every statement the
 * query layer, the migrations and raw `db.query()` run goes through `Database.connection()`;
 * the transaction control of `atomic()` (BEGIN, SAVEPOINT, COMMIT) does not, and is not seen.
 *
 * Outside an observed block the cost is one `getStore()` per `connection()` call.
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Connection, QueryResult, Row } from "./driver.ts";

/** One statement as it was sent: the database alias, the SQL text and its bound values. */
export interface ObservedQuery {
  readonly alias: string;
  readonly sql: string;
  readonly params: readonly unknown[];
}

export type QueryObserver = (query: ObservedQuery) => void;

const observers = new AsyncLocalStorage<readonly QueryObserver[]>();

/** Run `fn` with `onQuery` told about each statement; nested blocks tell every enclosing one. */
export function observeQueries<T>(fn: () => T, onQuery: QueryObserver): T {
  return observers.run([...(observers.getStore() ?? []), onQuery], fn);
}

/** `conn` as handed out now: itself, or a wrapper that reports to the active observers. */
export function observedConnection<C extends Connection>(conn: C, alias: string): Connection {
  const active = observers.getStore();
  if (active === undefined || active.length === 0) return conn;
  const tell = (sql: string, params: readonly unknown[] | undefined): void => {
    const query = { alias, sql, params: params ?? [] };
    for (const observer of active) observer(query);
  };
  return {
    dialect: conn.dialect,
    query<R = Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      tell(text, params);
      return conn.query<R>(text, params);
    },
    execute(text: string, params?: readonly unknown[]): Promise<QueryResult<never>> {
      tell(text, params);
      return conn.execute(text, params);
    },
  };
}
