/**
 * bulkCreate reads back what the database wrote: generated keys and the values of unset
 * database-default fields, on every backend. With RETURNING (SQLite, PostgreSQL, MariaDB 10.5+)
 * and without it: on MySQL/MariaDB the same real server is also driven as a server without
 * RETURNING (the dialect MariaDB before 10.5 gets, which is MySQL's path: insert id, then a
 * SELECT by key), since no MySQL server is at hand.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { backends, useDatabase } from "../db/fixtures/backends.ts";
import { type Database, type Dialect, sql } from "../db/index.ts";
import { f } from "../model/fields.ts";
import { model } from "../model/model.ts";
import { createModel } from "../schema/schema-editor.ts";
import { consecutiveKeys, consecutiveStep } from "./bulk-readback.ts";

const Item = model(
  "bkr.Item",
  {
    name: f.string({ maxLength: 20 }),
    qty: f.int({ dbDefault: 7 }),
    label: f.string({ maxLength: 10, dbDefault: "std" }),
    made: f.datetime({ dbDefault: sql`CURRENT_TIMESTAMP` }),
  },
  { table: "flg_bkr_item" },
);

test("consecutive keys: one step apart, exact past 2^53, none without an insert id", () => {
  assert.deepEqual(consecutiveKeys(5, 3, 1), [5, 6, 7]);
  assert.deepEqual(consecutiveKeys(5, 3, 10), [5, 15, 25]);
  assert.deepEqual(consecutiveKeys(2n ** 60n, 2, 1), [2n ** 60n, 2n ** 60n + 1n]);
  assert.deepEqual(consecutiveKeys(Number.MAX_SAFE_INTEGER, 2, 1), [
    BigInt(Number.MAX_SAFE_INTEGER),
    BigInt(Number.MAX_SAFE_INTEGER) + 1n,
  ]);
  assert.equal(consecutiveKeys(undefined, 2, 1), undefined);
});

type Row = { id: number; name: string; qty: number; label: string; made: Date };

/** The instances' values against the stored rows, by key. */
async function assertReadBack(db: Database, made: readonly Row[]): Promise<void> {
  for (const i of made) assert.equal(typeof i.id, "number", `${i.name} has its key`);
  const stored = await Item.objects
    .using(db)
    .filter({ id: { in: made.map((i) => i.id) } })
    .orderBy("id");
  assert.equal(stored.length, made.length, "every key names a stored row");
  const byId = new Map(stored.map((s) => [s.id, s]));
  for (const i of made) {
    const s = byId.get(i.id)!;
    assert.deepEqual([i.name, i.qty, i.label], [s.name, s.qty, s.label], i.name);
    assert.ok(i.made instanceof Date && i.made.getTime() === s.made.getTime(), i.name);
  }
}

const ROWS = [
  { name: "r1" },
  { name: "r2", qty: 2 },
  { name: "r3" },
  { name: "r4", label: "own" },
  { name: "r5" },
];

for (const backend of backends()) {
  describe(`bulkCreate reads back keys and database defaults (${backend.name})`, {
    skip: backend.skip,
  }, () => {
    const h = useDatabase(backend, ["flg_bkr_item"]);
    const items = () => Item.objects.using(h.db);

    test("generated keys and unset defaults come back, across batches", async () => {
      await createModel(h.db, Item);
      const made = await items().bulkCreate(ROWS, { batchSize: 2 });
      assert.deepEqual(
        made.map((i) => [i.name, i.qty, i.label]),
        [
          ["r1", 7, "std"],
          ["r2", 2, "std"],
          ["r3", 7, "std"],
          ["r4", 7, "own"],
          ["r5", 7, "std"],
        ],
      );
      await assertReadBack(h.db, made);
      // create() gives the same instance bulkCreate does.
      const one = await items().create({ name: "c1" });
      assert.deepEqual([one.qty, one.label], [7, "std"]);
      await assertReadBack(h.db, [one]);
    });

    test("rows given their keys get their defaults by those keys", async () => {
      const made = await items().bulkCreate([
        { id: 900, name: "k1" },
        { id: 901, name: "k2", qty: 3 },
      ]);
      assert.deepEqual(
        made.map((i) => [i.id, i.qty, i.label]),
        [
          [900, 7, "std"],
          [901, 3, "std"],
        ],
      );
      await assertReadBack(h.db, made);
    });

    if (backend.name !== "mysql") return;

    describe("as a server without RETURNING (MySQL's path)", () => {
      let saved: Dialect;
      const withoutReturning = async <T>(run: () => Promise<T>): Promise<T> => {
        const driver = (await h.db.driver()) as unknown as { dialect: Dialect };
        saved = driver.dialect;
        driver.dialect = { ...saved, supportsReturning: false };
        try {
          return await run();
        } finally {
          driver.dialect = saved;
        }
      };

      test("this server makes one statement's keys consecutive (lock mode 0 or 1)", async () => {
        assert.equal(await consecutiveStep(await h.db.connection()), 1);
      });

      test("keys from the insert id, defaults by a SELECT, across batches", async () => {
        const made = await withoutReturning(() =>
          items().bulkCreate(
            ROWS.map((r) => ({ ...r, name: `m${r.name}` })),
            { batchSize: 2 },
          ),
        );
        assert.deepEqual(
          made.map((i) => [i.name, i.qty, i.label]),
          [
            ["mr1", 7, "std"],
            ["mr2", 2, "std"],
            ["mr3", 7, "std"],
            ["mr4", 7, "own"],
            ["mr5", 7, "std"],
          ],
        );
        await assertReadBack(h.db, made);
        const one = await withoutReturning(() => items().create({ name: "mc1" }));
        await assertReadBack(h.db, [one]);
      });

      test("keys one auto_increment_increment apart", async () => {
        const made = await withoutReturning(() =>
          h.db.atomic(async () => {
            await h.db.execute(sql`set session auto_increment_increment = 3`);
            try {
              return await items().bulkCreate([{ name: "s1" }, { name: "s2" }, { name: "s3" }]);
            } finally {
              await h.db.execute(sql`set session auto_increment_increment = 1`);
            }
          }),
        );
        assert.equal(made[1]!.id - made[0]!.id, 3);
        assert.equal(made[2]!.id - made[1]!.id, 3);
        await assertReadBack(h.db, made);
      });

      test("given keys: defaults by those keys; conflicts: nothing read back", async () => {
        const made = await withoutReturning(() =>
          items().bulkCreate([
            { id: 950, name: "g1" },
            { id: 951, name: "g2", qty: 1 },
          ]),
        );
        assert.deepEqual(
          made.map((i) => [i.id, i.qty]),
          [
            [950, 7],
            [951, 1],
          ],
        );
        const skipped = await withoutReturning(() =>
          items().bulkCreate([{ name: "i1" }], { ignoreConflicts: true }),
        );
        // The database does not say which rows went in: the documented limitation.
        assert.equal(skipped[0]!.id, null);
        assert.equal(skipped[0]!.qty, undefined);
      });
    });
  });
}
