import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Database, sql } from "../db/index.ts";
import { backends } from "../db/fixtures/backends.ts";
import { ERR_ORM_MODEL } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { model } from "../model/model.ts";
import { constraintName, createModel, createModelSql, deleteModel } from "./schema-editor.ts";
import { sqliteDialect } from "../db/index.ts";

const Parent = model(
  "ddl.Parent",
  { code: f.string({ maxLength: 10, unique: true }) },
  { table: "flg_ddl_parent" },
);
const Child = model(
  "ddl.Child",
  {
    id: f.auto(),
    parent: f.foreignKey(() => Parent, { onDelete: "setNull", null: true }),
    keep: f.foreignKey(() => Parent, { onDelete: "protect", null: true, column: "keep_ref" }),
    n: f.int({ null: true }),
  },
  {
    table: "flg_ddl_child",
    indexes: [{ fields: ["n", "parent"], name: "flg_ddl_child_n_parent" }],
  },
);

for (const backend of backends()) {
  describe(`schema editor (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    before(async () => {
      if (backend.skip) return;
      db = new Database("default", backend.url);
      await deleteModel(db, Child, { ifExists: true });
      await deleteModel(db, Parent, { ifExists: true });
    });
    after(async () => {
      if (backend.skip || db === undefined) return;
      await deleteModel(db, Child, { ifExists: true });
      await deleteModel(db, Parent, { ifExists: true });
      await db.close();
    });

    test("creates tables that enforce what the models declare", async () => {
      await createModel(db, Parent);
      await createModel(db, Child);
      const p = await Parent.objects.using(db).create({ code: "A" });
      const c = await Child.objects.using(db).create({ parentId: p.id, n: 1 });
      assert.equal(typeof c.id, "number");
      await assert.rejects(Parent.objects.using(db).create({ code: "A" }), /Unique constraint/);
      await assert.rejects(Child.objects.using(db).create({ parentId: 999999 }), /Foreign key/);
    });

    test("onDelete setNull and protect are enforced by the database", async () => {
      const p = await Parent.objects.using(db).create({ code: "B" });
      const c = await Child.objects.using(db).create({ parentId: p.id });
      await p.delete();
      await c.refreshFromDb();
      assert.equal(c.parentId, null);
      const q = await Parent.objects.using(db).create({ code: "C" });
      await Child.objects.using(db).create({ keepId: q.id });
      await assert.rejects(q.delete(), /Foreign key/);
    });

    test("drops tables; ifExists tolerates a missing one", async () => {
      await deleteModel(db, Child);
      await deleteModel(db, Child, { ifExists: true });
      await assert.rejects(db.query(sql`select * from ${sql.id("flg_ddl_child")}`));
    });
  });
}

test("long constraint names are shortened with a hash, stably", () => {
  const long = "x".repeat(80);
  const a = constraintName(long);
  assert.equal(a.length, 60);
  assert.equal(a, constraintName(long));
  assert.notEqual(a, constraintName(`${long}y`));
  assert.equal(constraintName("short"), "short");
});

test("onDelete setDefault needs a default; the constraint leaves the rule to Flagon", () => {
  assert.throws(
    () => model("ddl.Bad", { p: f.foreignKey(() => Parent, { onDelete: "setDefault" }) }),
    (e: unknown) => (e as { code: string }).code === ERR_ORM_MODEL,
  );
  const Ok = model("ddl.Ok", {
    p: f.foreignKey(() => Parent, { onDelete: "setDefault", dbDefault: 1 }),
  });
  const [create] = createModelSql(Ok.meta, sqliteDialect);
  assert.match(create!, /"p_id" integer default 1 not null/);
  assert.match(create!, /on delete no action/);
});
