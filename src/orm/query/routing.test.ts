import assert from "node:assert/strict";
import { after, test } from "node:test";
import { configureDatabases } from "../db/index.ts";
import { f } from "../model/fields.ts";
import { model } from "../model/model.ts";
import { createModel } from "../schema/schema-editor.ts";

// Querysets without `using()` go through the process-wide databases and their routers, with the
// model's label as the hint.
const Note = model(
  "notes.Note",
  { text: f.string({ maxLength: 20 }) },
  { table: "flg_route_note" },
);
const Log = model("audit.Log", { text: f.string({ maxLength: 20 }) }, { table: "flg_route_log" });

const dbs = configureDatabases(
  { default: "sqlite::memory:", audit: "sqlite::memory:" },
  {
    routers: [
      {
        dbForRead: (h) => (h.model?.startsWith("audit.") ? "audit" : undefined),
        dbForWrite: (h) => (h.model?.startsWith("audit.") ? "audit" : undefined),
      },
    ],
  },
);
after(() => dbs.closeAll());

test("a model's queries follow the router; using() overrides it", async () => {
  await createModel(dbs.get("default"), Note);
  await createModel(dbs.get("audit"), Log);
  const n = await Note.objects.create({ text: "hello" });
  await Log.objects.create({ text: "created" });
  assert.equal(await Note.objects.count(), 1);
  assert.equal(await Log.objects.count(), 1);
  assert.equal(await Log.objects.using("audit").count(), 1);
  // The audit table exists only on the audit database.
  await assert.rejects(Log.objects.using("default").count(), /no such table/);
  n.text = "changed";
  await n.save();
  assert.equal((await Note.objects.get({ id: n.id })).text, "changed");
});

test("save(updateFields) writes only those fields", async () => {
  const a = await Note.objects.create({ text: "one" });
  const stale = await Note.objects.get({ id: a.id });
  a.text = "two";
  await a.save();
  stale.text = "three";
  await stale.save({ updateFields: [] });
  assert.equal((await Note.objects.get({ id: a.id })).text, "two");
  await stale.save({ updateFields: ["text"] });
  assert.equal((await Note.objects.get({ id: a.id })).text, "three");
  await assert.rejects(stale.save({ updateFields: ["txt"] }), /no field "txt"/);
});

test("an instance saved again after its row was deleted is inserted again", async () => {
  const a = await Note.objects.create({ text: "gone" });
  await Note.objects.filter({ id: a.id }).delete();
  await a.save();
  assert.equal(await Note.objects.filter({ id: a.id }).count(), 1);
});
