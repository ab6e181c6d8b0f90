import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isFlagonError } from "../../utils/index.ts";
import { ERR_DB_CLOSED, ERR_SQL_VALUE } from "./errors.ts";
import { autoPk, backends, useDatabase } from "./fixtures/backends.ts";
import { Database } from "./database.ts";
import { sql } from "./sql.ts";

const T = "flg_drv_item";

for (const backend of backends()) {
  describe(`driver (${backend.name})`, { skip: backend.skip }, () => {
    const h = useDatabase(backend, [T]);
    const t = sql.id(T);

    test("create, insert with insertId/rowCount, select plain-object rows", async () => {
      const { db } = h;
      const decimal = backend.name === "sqlite" ? sql`text` : sql`decimal(30, 10)`;
      await db.execute(
        sql`create table ${t} (${autoPk(backend)}, name varchar(50) not null, price ${decimal}, big bigint, born date)`,
      );
      const ins = await db.execute(
        sql`insert into ${t} (name, price, big, born) values (${"a"}, ${"12345678901234567890.0123456789"}, ${9007199254740993n}, ${"2024-02-29"})`,
      );
      assert.equal(ins.rowCount, 1);
      assert.deepEqual(ins.rows, []);
      if (backend.name === "postgres") assert.equal(ins.insertId, undefined);
      else assert.equal(ins.insertId, 1);
      const res = await db.query<Record<string, unknown>>(sql`select * from ${t}`);
      assert.equal(res.rowCount, 1);
      const row = res.rows[0]!;
      assert.equal(Object.getPrototypeOf(row), Object.prototype);
      assert.equal(row.id, 1, "an exact bigint key is a number");
      assert.equal(row.name, "a");
      assert.equal(row.big, 9007199254740993n, "an inexact bigint stays a bigint");
      assert.equal(typeof row.price, "string", "decimals never become floats");
      assert.match(String(row.price), /^12345678901234567890\.0123456789$/);
      assert.equal(row.born, "2024-02-29", "dates are YYYY-MM-DD strings, not shifted Dates");
    });

    test("counts are numbers; update/delete report affected rows", async () => {
      const { db } = h;
      await db.execute(sql`insert into ${t} (name) values (${"b"}), (${"c"})`);
      const count = await db.query<{ n: unknown }>(sql`select count(*) as n from ${t}`);
      assert.equal(count.rows[0]!.n, 3);
      const upd = await db.execute(sql`update ${t} set name = name where id > ${1}`);
      assert.equal(upd.rowCount, 2, "matched rows, even when no value changed");
      const del = await db.execute(sql`delete from ${t} where name = ${"zzz"}`);
      assert.equal(del.rowCount, 0);
    });

    test("booleans, dates and nulls bind on every backend", async () => {
      const { db } = h;
      const when = new Date("2025-01-02T03:04:05.000Z");
      const res = await db.query<{ a: unknown; b: unknown; c: unknown }>(
        sql`select ${true} as a, ${null} as b, ${when} as c`,
      );
      const row = res.rows[0]!;
      // An untyped parameter comes back as the backend's own spelling of true.
      assert.ok([true, 1, "1", "true"].includes(row.a as never), String(row.a));
      assert.equal(row.b, null);
      assert.ok(String(row.c).length > 0);
    });

    test("a Date round-trips as the same instant whatever the process's time zone", async () => {
      const { db } = h;
      const when = new Date("2025-06-30T22:30:00.123Z");
      const types =
        backend.name === "postgres"
          ? [sql`timestamp(3)`, sql`timestamptz(3)`]
          : backend.name === "mysql"
            ? [sql`datetime(3)`, sql`timestamp(3) null`]
            : [sql`text`];
      for (const [i, type] of types.entries()) {
        const table = sql.id(`${T}_dt${i}`);
        await db.execute(sql`drop table if exists ${table}`);
        await db.execute(sql`create table ${table} (at ${type})`);
        try {
          await db.execute(sql`insert into ${table} (at) values (${when})`);
          const row = (await db.query<{ at: unknown }>(sql`select at from ${table}`)).rows[0]!;
          const back = row.at instanceof Date ? row.at : new Date(String(row.at));
          assert.equal(back.toISOString(), when.toISOString());
        } finally {
          await db.execute(sql`drop table ${table}`);
        }
      }
    });

    test("binary values round-trip as Buffers", async () => {
      const { db } = h;
      const table = sql.id(`${T}_bin`);
      const type =
        backend.name === "postgres" ? sql`bytea` : backend.name === "mysql" ? sql`blob` : sql`blob`;
      const bytes = Buffer.from([0, 1, 2, 250, 255, 39, 92]);
      await db.execute(sql`drop table if exists ${table}`);
      await db.execute(sql`create table ${table} (b ${type})`);
      try {
        await db.execute(sql`insert into ${table} (b) values (${bytes})`);
        const row = (await db.query<{ b: unknown }>(sql`select b from ${table}`)).rows[0]!;
        assert.ok(Buffer.isBuffer(row.b));
        assert.deepEqual(row.b, bytes);
      } finally {
        await db.execute(sql`drop table ${table}`);
      }
    });

    test("RETURNING where the dialect has it", { skip: false }, async () => {
      const { db } = h;
      const conn = await db.connection();
      if (!conn.dialect.supportsReturning) return;
      const res = await db.query<{ id: unknown }>(
        sql`insert into ${t} (name) values (${"r"}) returning id`,
      );
      assert.equal(res.rows.length, 1);
      assert.equal(typeof res.rows[0]!.id, "number");
    });

    test("a dedicated connection runs queries until released", async () => {
      const { db } = h;
      const driver = await db.driver();
      const conn = await driver.acquire();
      const res = await conn.query<{ one: unknown }>("select 1 as one");
      assert.equal(Number(res.rows[0]!.one), 1);
      conn.release();
      await assert.rejects(conn.query("select 1"), (e) => isFlagonError(e, ERR_DB_CLOSED));
    });

    test("unbindable values are refused with FLG_ERR_SQL_VALUE", async () => {
      const { db } = h;
      const driver = await db.driver();
      await assert.rejects(driver.query("select ?", [undefined]), (e) =>
        isFlagonError(e, ERR_SQL_VALUE),
      );
      await assert.rejects(driver.query("select 1", [new Date(Number.NaN)]), (e) =>
        isFlagonError(e, ERR_SQL_VALUE),
      );
    });

    test("a closed database refuses queries", async () => {
      const db = new Database("other", backend.url);
      await db.query(sql`select 1 as x`);
      await db.close();
      await db.close();
      await assert.rejects(db.query(sql`select 1 as x`), (e) => isFlagonError(e, ERR_DB_CLOSED));
    });
  });
}
