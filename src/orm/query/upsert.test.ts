import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import { IntegrityError } from "../db/index.ts";
import { ERR_ORM_BULK_CONFLICT } from "./errors.ts";
import { bulkModels } from "./fixtures/bulk-models.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

const { Item, tables } = bulkModels("flg_ups");
const coded = (e: Error & { code?: string }) => e.code === ERR_ORM_BULK_CONFLICT;

for (const backend of backends()) {
  describe(`bulkCreate conflicts (${backend.name})`, { skip: backend.skip }, () => {
    const h = useModelTables(backend, tables);
    const items = () => Item.objects.using(h.db);
    const byName = async () =>
      Object.fromEntries(
        (await items().orderBy("sku").valuesList("sku", "name")) as [string, string][],
      );

    test("without an option a conflict is an IntegrityError", async () => {
      await items().bulkCreate([
        { sku: "a", name: "first a" },
        { sku: "b", name: "first b" },
      ]);
      await assert.rejects(items().bulkCreate([{ sku: "a", name: "again" }]), IntegrityError);
    });

    test("ignoreConflicts skips the conflicting rows and inserts the others", async () => {
      const made = await items().bulkCreate(
        [
          { sku: "a", name: "ignored" },
          { sku: "c", name: "new c" },
        ],
        { ignoreConflicts: true },
      );
      assert.equal(made.length, 2);
      for (const o of made) assert.equal(o.id, null, "keys are not read back with ignoreConflicts");
      assert.deepEqual(await byName(), { a: "first a", b: "first b", c: "new c" });
    });

    test("updateConflicts writes updateFields into the existing row, inserts the rest", async () => {
      const before = await items().get({ sku: "b" });
      const made = await items().bulkCreate(
        [
          { sku: "b", name: "second b", qty: 7, active: false, price: "1.25", data: { v: 1 } },
          { sku: "d", name: "new d", qty: 3 },
        ],
        {
          updateConflicts: true,
          uniqueFields: ["sku"],
          updateFields: ["name", "active", "price", "data"],
        },
      );
      assert.deepEqual(await byName(), { a: "first a", b: "second b", c: "new c", d: "new d" });
      const b = await items().get({ sku: "b" });
      assert.equal(b.id, before.id, "the row was updated, not replaced");
      assert.equal(b.qty, 0, "a field not in updateFields keeps its value");
      assert.equal(b.active, false);
      assert.equal(b.price, "1.25");
      assert.deepEqual(b.data, { v: 1 });
      if (backend.name !== "mysql") {
        // RETURNING gives the key of the inserted and of the updated row alike.
        assert.equal(made[0]!.id, before.id);
        assert.equal(made[1]!.id, (await items().get({ sku: "d" })).id);
      }
      assert.equal(await items().count(), 4);
    });

    test("option combinations are checked as Django checks them", async () => {
      const row = [{ sku: "z", name: "z" }];
      await assert.rejects(
        items().bulkCreate(row, { ignoreConflicts: true, updateConflicts: true }),
        coded,
      );
      await assert.rejects(
        items().bulkCreate(row, { updateConflicts: true, uniqueFields: ["sku"] }),
        coded,
        "updateFields required",
      );
      await assert.rejects(
        items().bulkCreate(row, {
          updateConflicts: true,
          uniqueFields: ["sku"],
          updateFields: ["id" as never],
        }),
        coded,
        "the key in updateFields",
      );
      await assert.rejects(
        items().bulkCreate(row, {
          updateConflicts: true,
          uniqueFields: ["sku"],
          updateFields: ["tags" as never],
        }),
        /many-to-many/,
      );
      await assert.rejects(
        items().bulkCreate(row, {
          updateConflicts: true,
          uniqueFields: ["nope" as never],
          updateFields: ["name"],
        }),
        coded,
        "uniqueFields are checked on every backend",
      );
      await assert.rejects(items().bulkCreate(row, { updateFields: ["name"] }), coded);
      const noTarget = items().bulkCreate(row, { updateConflicts: true, updateFields: ["name"] });
      if (backend.name === "mysql") {
        await noTarget; // ON DUPLICATE KEY UPDATE takes any unique key: no target needed
        assert.equal((await items().get({ sku: "z" })).name, "z");
      } else await assert.rejects(noTarget, coded, "SQLite and PostgreSQL need the target");
      // Refused before any row went in.
      assert.equal(await items().filter({ sku: "z" }).count(), backend.name === "mysql" ? 1 : 0);
    });
  });
}
