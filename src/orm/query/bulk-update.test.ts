import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import { ERR_ORM_BULK_UPDATE } from "./errors.ts";
import { bulkModels } from "./fixtures/bulk-models.ts";
import { counting } from "./fixtures/count-queries.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

const { Item, tables } = bulkModels("flg_bupd");
const coded = (e: Error & { code?: string }) => e.code === ERR_ORM_BULK_UPDATE;

for (const backend of backends()) {
  describe(`bulkUpdate (${backend.name})`, { skip: backend.skip }, () => {
    const h = useModelTables(backend, tables);
    const items = () => Item.objects.using(h.db);

    test("one statement per batch writes each object's own values, converted as save() does", async () => {
      await items().bulkCreate(
        Array.from({ length: 5 }, (_, i) => ({ sku: `s${i}`, name: `n${i}`, qty: i })),
      );
      const objs = await items().orderBy("qty");
      objs.forEach((o, i) => {
        o.name = `renamed ${i}`;
        o.qty = 100 + i;
        o.active = i % 2 === 0;
        o.price = `${i}.50`;
        o.data = { i, list: [i, "x"] };
        o.day = `2024-01-0${i + 1}`;
        o.seen = new Date(Date.UTC(2024, 0, i + 1, 12, 30));
      });
      objs[4]!.price = null; // null goes through too
      const fields = ["name", "qty", "active", "price", "data", "day", "seen"] as const;
      assert.equal(await items().bulkUpdate(objs, fields, { batchSize: 2 }), 5, "rows matched");
      const back = await items().orderBy("qty");
      back.forEach((o, i) => {
        assert.equal(o.name, `renamed ${i}`);
        assert.equal(o.qty, 100 + i);
        assert.equal(o.active, i % 2 === 0);
        assert.equal(o.price, i === 4 ? null : `${i}.50`);
        assert.deepEqual(o.data, { i, list: [i, "x"] });
        assert.equal(o.day, `2024-01-0${i + 1}`);
        assert.equal(
          o.seen?.toISOString(),
          new Date(Date.UTC(2024, 0, i + 1, 12, 30)).toISOString(),
        );
        assert.equal(o.sku, `s${i}`, "fields not named stay");
      });
      // One batch is one statement.
      for (const o of back) o.qty -= 100;
      const [n, statements] = await counting(h.db, () => items().bulkUpdate(back, ["qty"]));
      assert.deepEqual([n, statements], [5, 1]);
    });

    test("only the named fields are written; unchanged rows still count as matched", async () => {
      const objs = await items().orderBy("qty");
      for (const o of objs) {
        o.name = "not written";
        o.qty += 1;
      }
      assert.equal(await items().bulkUpdate(objs, ["qty"]), objs.length);
      assert.equal(await items().filter({ name: "not written" }).count(), 0);
      assert.equal(await items().bulkUpdate(objs, ["qty"]), objs.length, "same values: matched");
      const gone = objs[0]!;
      await items().filter({ id: gone.id }).delete();
      assert.equal(
        await items().bulkUpdate(objs, ["qty"]),
        objs.length - 1,
        "a deleted row is not matched",
      );
      assert.equal(await items().bulkUpdate([], ["qty"]), 0);
    });

    test("bad arguments are refused with FLG_ERR_ORM_BULK_UPDATE before any SQL", async () => {
      const [o] = await items().orderBy("qty").slice(0, 1);
      await assert.rejects(items().bulkUpdate([o!], []), coded, "no fields");
      await assert.rejects(items().bulkUpdate([o!], ["id" as never]), coded, "the primary key");
      await assert.rejects(items().bulkUpdate([o!], ["tags" as never]), /many-to-many/);
      await assert.rejects(items().bulkUpdate([o!], ["tags" as never]), coded);
      await assert.rejects(items().bulkUpdate([o!], ["nope" as never]), coded, "unknown field");
      const unsaved = { sku: "u", name: "u", qty: 1 };
      await assert.rejects(items().bulkUpdate([unsaved], ["qty"]), coded, "no primary key");
      await assert.rejects(items().bulkUpdate([o!], ["qty"], { batchSize: 0 }), coded);
      const [partial] = await items().only("qty").slice(0, 1);
      await assert.rejects(items().bulkUpdate([partial!], ["name"]), /only\(\)\/defer\(\)/);
    });

    test("a failing batch rolls back the batches before it", async () => {
      const objs = await items().orderBy("qty");
      const before = await items().orderBy("qty").valuesList("sku", { flat: true });
      const first = `${objs[0]!.sku}-new`;
      // The last batch takes the value the first batch wrote: a unique violation.
      objs.forEach((o, i) => {
        o.sku = i === objs.length - 1 ? first : `${o.sku}-new`;
      });
      await assert.rejects(items().bulkUpdate(objs, ["sku"], { batchSize: 1 }));
      assert.deepEqual(await items().orderBy("qty").valuesList("sku", { flat: true }), before);
    });
  });
}
