import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Database } from "./database.ts";
import { sql } from "./sql.ts";

// Read-only statements read integers as plain numbers and run again with exact integers when a
// value may have been rounded (sqlite-driver.ts); every other statement reads exact integers.
describe("SQLite integers beyond 2^53", () => {
  let db: Database;
  const t = sql.id("flg_sqlite_int");
  before(async () => {
    db = new Database("default", "sqlite::memory:");
    await db.execute(
      sql`create table ${t} (id integer primary key autoincrement, n integer, r real)`,
    );
  });
  after(() => db.close());

  test("a read-only query gives exact integers, as numbers where they fit", async () => {
    const res = await db.query(
      sql`select 9007199254740993 as big, -9007199254740993 as neg, 9007199254740991 as top, 2.5e300 as f`,
    );
    assert.deepEqual(res.rows, [
      { big: 9007199254740993n, neg: -9007199254740993n, top: 9007199254740991, f: 2.5e300 },
    ]);
    // The statement reads plain numbers again afterwards.
    const again = await db.query(sql`select 9007199254740991 as top, 1 as one`);
    assert.deepEqual(again.rows, [{ top: 9007199254740991, one: 1 }]);
  });

  test("one big value in a later row: every row is narrowed the same way", async () => {
    await db.execute(sql`insert into ${t} (n, r) values (${1}, ${0.5}), (${2n ** 62n}, ${1e20})`);
    const res = await db.query<{ id: unknown; n: unknown; r: unknown }>(
      sql`select id, n, r from ${t} order by id`,
    );
    assert.deepEqual(res.rows, [
      { id: 1, n: 1, r: 0.5 },
      { id: 2, n: 4611686018427387904n, r: 1e20 },
    ]);
    const small = await db.query(sql`select n from ${t} where id = ${1}`);
    assert.deepEqual(small.rows, [{ n: 1 }]);
  });

  test("statements that write and return rows read exact integers", async () => {
    const res = await db.query(
      sql`insert into ${t} (n) values (${-(2n ** 60n) - 1n}) returning id, n`,
    );
    assert.deepEqual(res.rows, [{ id: 3, n: -1152921504606846977n }]);
  });

  test("inside a transaction too", async () => {
    await db.atomic(async () => {
      const res = await db.query(sql`select n from ${t} where id = ${2}`);
      assert.deepEqual(res.rows, [{ n: 4611686018427387904n }]);
    });
  });
});
