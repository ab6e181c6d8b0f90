import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isFlagonError } from "../../utils/index.ts";
import { mysqlDialect, postgresDialect, sqliteDialect } from "./dialect.ts";
import { ERR_SQL_VALUE } from "./errors.ts";
import { backends, useDatabase } from "./fixtures/backends.ts";
import { compileSql, isSql, sql } from "./sql.ts";

test("values become placeholders in the dialect's style, in order", () => {
  const id = 7;
  const q = sql`select * from ${sql.id("app", "book")} where id = ${id} and title = ${"x"}`;
  assert.deepEqual(compileSql(q, postgresDialect), {
    text: 'select * from "app"."book" where id = $1 and title = $2',
    params: [7, "x"],
  });
  assert.deepEqual(compileSql(q, mysqlDialect), {
    text: "select * from `app`.`book` where id = ? and title = ?",
    params: [7, "x"],
  });
  assert.equal(
    compileSql(q, sqliteDialect).text,
    compileSql(q, mysqlDialect).text.replaceAll("`", '"'),
  );
});

test("fragments nest, and join binds each value", () => {
  const where = sql`a = ${1}`;
  const q = sql`select 1 where ${where} and b in (${sql.join([2, 3, 4])}) ${sql.empty}`;
  assert.deepEqual(compileSql(q, postgresDialect), {
    text: "select 1 where a = $1 and b in ($2, $3, $4) ",
    params: [1, 2, 3, 4],
  });
  const cols = sql.join([sql.id("a"), sql.id("b")]);
  assert.equal(compileSql(sql`select ${cols}`, mysqlDialect).text, "select `a`, `b`");
  const ors = sql.join([sql`x = ${1}`, sql`y = ${2}`], sql` or `);
  assert.equal(compileSql(ors, postgresDialect).text, "x = $1 or y = $2");
});

test("identifiers are quoted with embedded quotes doubled", () => {
  const q = sql`select ${sql.id('we"ird')}, ${sql.id("back`tick")}`;
  assert.equal(compileSql(q, postgresDialect).text, 'select "we""ird", "back`tick"');
  assert.equal(compileSql(q, mysqlDialect).text, 'select `we"ird`, `back``tick`');
  for (const bad of ["", "a\0b"])
    assert.throws(
      () => sql.id(bad),
      (e) => isFlagonError(e, ERR_SQL_VALUE),
    );
});

test("strings are never SQL: undefined, functions, and non-template calls are refused", () => {
  assert.throws(
    () => sql`select ${undefined}`,
    (e) => isFlagonError(e, ERR_SQL_VALUE),
  );
  assert.throws(
    () => sql`select ${() => 1}`,
    (e) => isFlagonError(e, ERR_SQL_VALUE),
  );
  const forged = ["select 1"] as unknown as TemplateStringsArray;
  assert.throws(
    () => sql(forged),
    (e) => isFlagonError(e, ERR_SQL_VALUE),
  );
  assert.throws(
    () => sql.join([]),
    (e) => isFlagonError(e, ERR_SQL_VALUE),
  );
  assert.equal(isSql(sql`x`), true);
  assert.equal(isSql("x"), false);
});

for (const backend of backends()) {
  describe(`sql on a live database (${backend.name})`, { skip: backend.skip }, () => {
    const h = useDatabase(backend, []);

    test("an injection attempt is data, not SQL", async () => {
      const evil = "x' or '1'='1";
      const res = await h.db.query<{ v: string }>(sql`select ${evil} as v`);
      assert.equal(res.rows[0]!.v, evil);
    });

    test("a string where a fragment belongs is refused", async () => {
      await assert.rejects(h.db.query("select 1" as never), (e) => isFlagonError(e, ERR_SQL_VALUE));
    });

    test("many parameters and nested fragments run", async () => {
      const nums = Array.from({ length: 50 }, (_, i) => i);
      const res = await h.db.query<{ n: unknown }>(
        sql`select count(*) as n from (select 1 as x) t where 3 in (${sql.join(nums)})`,
      );
      assert.equal(res.rows[0]!.n, 1);
    });
  });
}
