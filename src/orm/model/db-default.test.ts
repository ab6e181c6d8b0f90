import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Database, sql, sqliteDialect } from "../db/index.ts";
import { backends } from "../db/fixtures/backends.ts";
import { createModel, createModelSql, deleteModel } from "../schema/schema-editor.ts";
import { Duration } from "./duration.ts";
import { ERR_ORM_MODEL } from "./errors.ts";
import { f } from "./fields.ts";
import { model } from "./model.ts";

const Parent = model(
  "dbd.Parent",
  { name: f.string({ maxLength: 10 }) },
  { table: "flg_dbd_parent" },
);
const Item = model(
  "dbd.Item",
  {
    name: f.string({ maxLength: 20 }),
    qty: f.int({ dbDefault: 7 }),
    flag: f.boolean({ dbDefault: true }),
    label: f.string({ maxLength: 10, dbDefault: "it's" }),
    made: f.datetime({ dbDefault: sql`CURRENT_TIMESTAMP` }),
    spent: f.duration({ dbDefault: Duration.of({ seconds: 3 }) }),
    owner: f.foreignKey(() => Parent, {
      onDelete: "setDefault",
      dbDefault: 900_000,
      relatedName: "+",
    }),
    backup: f.foreignKey(() => Parent, {
      onDelete: "setDefault",
      default: () => 900_000,
      null: true,
      relatedName: "+",
    }),
  },
  { table: "flg_dbd_item" },
);

test("the DDL carries each database default", () => {
  const [create] = createModelSql(Item.meta, sqliteDialect);
  assert.match(create!, /"qty" integer default 7 not null/);
  assert.match(create!, /"flag" integer default 1 not null/);
  assert.match(create!, /"label" varchar\(10\) default 'it''s' not null/);
  assert.match(create!, /"made" text default \(CURRENT_TIMESTAMP\) not null/);
  assert.match(create!, /"spent" bigint default 3000000 not null/);
});

test("a dbDefault expression cannot bind values, nor be null or a function", () => {
  const n = 5;
  for (const dbDefault of [sql`${n} + 1`, null, () => 1])
    assert.throws(
      () => model("dbd.Bad", { x: f.int({ dbDefault: dbDefault as never }) }),
      (e: unknown) => (e as { code: string }).code === ERR_ORM_MODEL,
    );
  assert.throws(
    () =>
      model("dbd.Bad2", {
        p: f.foreignKey(() => Parent, { onDelete: "setDefault", dbDefault: sql`1` }),
      }),
    (e: unknown) => (e as { code: string }).code === ERR_ORM_MODEL,
  );
});

for (const backend of backends()) {
  describe(`database defaults (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    before(async () => {
      if (backend.skip) return;
      db = new Database("default", backend.url);
      await deleteModel(db, Item, { ifExists: true });
      await deleteModel(db, Parent, { ifExists: true });
      await createModel(db, Parent);
      await createModel(db, Item);
      await Parent.objects.using(db).create({ id: 900_000, name: "fallback" });
    });
    after(async () => {
      if (backend.skip || db === undefined) return;
      await deleteModel(db, Item, { ifExists: true });
      await deleteModel(db, Parent, { ifExists: true });
      await db.close();
    });

    test("fields left out are filled by the database and read back", async () => {
      const before = Date.now();
      const item = await Item.objects.using(db).create({ name: "a" });
      assert.equal(item.qty, 7);
      assert.equal(item.flag, true);
      assert.equal(item.label, "it's");
      assert.ok(item.spent.equals(Duration.of({ seconds: 3 })));
      assert.equal(item.ownerId, 900_000);
      assert.ok(item.made instanceof Date);
      // The database clock, to the second (MySQL's CURRENT_TIMESTAMP drops the fraction).
      assert.ok(Math.abs(item.made.getTime() - before) < 60_000, String(item.made));
      const again = await Item.objects.using(db).get({ id: item.id });
      assert.deepEqual({ ...again }, { ...item });
    });

    test("a value given is written instead", async () => {
      const at = new Date("2024-05-01T12:00:00Z");
      const item = await Item.objects
        .using(db)
        .create({ name: "b", qty: 2, made: at, flag: false });
      const got = await Item.objects.using(db).get({ id: item.id });
      assert.equal(got.qty, 2);
      assert.equal(got.flag, false);
      assert.equal(got.made.getTime(), at.getTime());
    });

    test('onDelete "setDefault" writes the default before the row goes', async () => {
      const p = await Parent.objects.using(db).create({ name: "gone" });
      const item = await Item.objects
        .using(db)
        .create({ name: "c", ownerId: p.id, backupId: p.id });
      await p.delete();
      const got = await Item.objects.using(db).get({ id: item.id });
      assert.equal(got.ownerId, 900_000);
      assert.equal(got.backupId, 900_000);
      assert.equal(await Parent.objects.using(db).filter({ name: "gone" }).count(), 0);
    });

    test("rows leaving defaults unset get the database's values; given values are kept", async () => {
      const made = await Item.objects
        .using(db)
        .bulkCreate([
          { name: "x1" },
          { name: "x2", qty: 2 },
          { name: "x3" },
          { name: "x4", qty: 4 },
        ]);
      const stored = await Item.objects
        .using(db)
        .filter({ name: { startswith: "x" } })
        .orderBy("name");
      assert.deepEqual(
        stored.map((i) => [i.name, i.qty, i.label, i.ownerId]),
        [
          ["x1", 7, "it's", 900_000],
          ["x2", 2, "it's", 900_000],
          ["x3", 7, "it's", 900_000],
          ["x4", 4, "it's", 900_000],
        ],
      );
      for (const i of stored)
        assert.ok(i.made instanceof Date && i.spent.equals(Duration.of({ seconds: 3 })));
      // The instances carry the values too (read back on every backend).
      assert.deepEqual(
        made.map((i) => [i.name, i.qty, i.label]),
        [
          ["x1", 7, "it's"],
          ["x2", 2, "it's"],
          ["x3", 7, "it's"],
          ["x4", 4, "it's"],
        ],
      );
    });
  });
}
