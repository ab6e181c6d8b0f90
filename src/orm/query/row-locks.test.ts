import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import { atomic, Database } from "../db/index.ts";
import { ERR_ORM_QUERY, ERR_ORM_STATE } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { model } from "../model/model.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

const Seat = model(
  "rl.Seat",
  { label: f.string({ maxLength: 10 }), taken: f.boolean({ default: false }) },
  { table: "flg_rl_seat", ordering: ["label"] },
);

test("selectForUpdate SQL per dialect; SQLite leaves the clause out", () => {
  const qs = Seat.objects.filter({ label: "a" }).selectForUpdate();
  assert.match(qs.toSql("postgres").sql, / for update$/);
  assert.match(qs.toSql("mysql").sql, / for update$/);
  assert.doesNotMatch(qs.toSql("sqlite").sql, /for update/);
  assert.match(
    Seat.objects.selectForUpdate({ nowait: true }).toSql("postgres").sql,
    / for update nowait$/,
  );
  assert.match(
    Seat.objects.selectForUpdate({ skipLocked: true }).toSql("mysql").sql,
    / for update skip locked$/,
  );
  assert.throws(() => Seat.objects.selectForUpdate({ nowait: true, skipLocked: true }), {
    code: ERR_ORM_QUERY,
  });
});

for (const backend of backends()) {
  describe(`selectForUpdate (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, [Seat]);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      await Seat.objects.using(db).create({ label: "a" });
      await Seat.objects.using(db).create({ label: "b" });
    });

    test("inside atomic it returns the rows; outside, locking backends refuse", async () => {
      const rows = await atomic(async () => await Seat.objects.using(db).selectForUpdate(), {
        using: db,
      });
      assert.deepEqual(
        rows.map((s) => s.label),
        ["a", "b"],
      );
      const outside = Seat.objects
        .using(db)
        .selectForUpdate()
        .then((r) => r.length);
      if (backend.name === "sqlite") assert.equal(await outside, 2);
      else await assert.rejects(outside, { code: ERR_ORM_STATE });
    });

    // SQLite has no row locks (a writer locks the whole database): nothing to contend for.
    if (backend.name === "sqlite") {
      test("SQLite has no row locks: the statement carries no FOR UPDATE", () => {
        assert.doesNotMatch(
          Seat.objects.selectForUpdate({ nowait: true }).toSql("sqlite").sql,
          /for update/i,
        );
      });
      return;
    }

    test("a second connection sees the lock (nowait fails, skipLocked skips)", async () => {
      const other = new Database("other", backend.url);
      // By key: InnoDB locks every row a scan reads, and label has no index.
      const a = await Seat.objects.using(db).get({ label: "a" });
      try {
        await atomic(
          async () => {
            await Seat.objects.using(db).filter({ id: a.id }).selectForUpdate();
            const free = await atomic(
              async () => await Seat.objects.using(other).selectForUpdate({ skipLocked: true }),
              { using: other },
            );
            assert.deepEqual(
              free.map((s) => s.label),
              ["b"],
            );
            await assert.rejects(
              atomic(
                () =>
                  Seat.objects
                    .using(other)
                    .filter({ label: "a" })
                    .selectForUpdate({ nowait: true }),
                { using: other },
              ),
            );
          },
          { using: db },
        );
      } finally {
        await other.close();
      }
    });
  });
}
