/** observeQueries: every statement through Database.connection(), nested observers, none outside. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Database } from "./database.ts";
import { type ObservedQuery, observeQueries } from "./query-observer.ts";
import { sql } from "./sql.ts";

test("reports statements inside the block, across awaits and atomic(), to every enclosing observer", async () => {
  const db = new Database("main", "sqlite::memory:");
  try {
    const outer: ObservedQuery[] = [];
    const inner: ObservedQuery[] = [];
    await db.execute(sql`create table t (n integer)`);
    await observeQueries(
      async () => {
        await db.execute(sql`insert into t (n) values (${1})`);
        await observeQueries(
          async () => {
            await db.atomic(() => db.query(sql`select n from t`));
          },
          (q) => inner.push(q),
        );
      },
      (q) => outer.push(q),
    );
    await db.query(sql`select 1`);
    assert.deepEqual(
      outer.map((q) => [q.alias, q.sql, q.params]),
      [
        ["main", "insert into t (n) values (?)", [1]],
        ["main", "select n from t", []],
      ],
    );
    assert.deepEqual(
      inner.map((q) => q.sql),
      ["select n from t"],
    );
  } finally {
    await db.close();
  }
});
