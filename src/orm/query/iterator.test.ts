import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import type { Database } from "../db/index.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { model } from "../model/model.ts";
import { counting } from "./fixtures/count-queries.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

const Item = model(
  "it.Item",
  { n: f.int(), group: f.string({ maxLength: 5 }) },
  { table: "flg_it_item" },
);

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

for (const backend of backends()) {
  describe(`iterator (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, [Item]);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      await Item.objects.using(db).bulkCreate(
        Array.from({ length: 23 }, (_, i) => ({
          n: (i * 7) % 23,
          group: i % 2 ? "odd" : "even",
        })),
      );
    });

    test("by key, in chunks: every row once, one query per chunk", async () => {
      const [rows, queries] = await counting(db, () =>
        all(Item.objects.using(db).iterator({ chunkSize: 5 })),
      );
      assert.equal(rows.length, 23);
      assert.equal(new Set(rows.map((r) => r.id)).size, 23);
      assert.equal(queries, 5);
      const odd = await all(
        Item.objects.using(db).filter({ group: "odd" }).iterator({ chunkSize: 4 }),
      );
      assert.equal(odd.length, 11);
    });

    test("ordered, values, sliced: pages follow the ordering", async () => {
      const ns = await all(
        Item.objects
          .using(db)
          .orderBy("-n")
          .valuesList("n", { flat: true })
          .iterator({ chunkSize: 6 }),
      );
      assert.deepEqual(
        ns,
        Array.from({ length: 23 }, (_, i) => 22 - i),
      );
      const some = await all(
        Item.objects.using(db).orderBy("n").slice(3, 10).iterator({ chunkSize: 3 }),
      );
      assert.deepEqual(
        some.map((r) => r.n),
        [3, 4, 5, 6, 7, 8, 9],
      );
      await assert.rejects(all(Item.objects.using(db).iterator({ chunkSize: 0 })), {
        code: ERR_ORM_QUERY,
      });
    });
  });
}
