import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Database } from "../db/index.ts";
import { createModel } from "../schema/schema-editor.ts";
import { f } from "./fields.ts";
import { build, originOf } from "./instance.ts";
import { model } from "./model.ts";

// Where an instance came from rides on its prototype (one per model and database) until it
// moves: these pin that down.
const Pin = model(
  "origin.Pin",
  { label: f.string({ maxLength: 20 }), big: f.bigint({ null: true }) },
  { table: "flg_origin_pin" },
);

const a = new Database("a", "sqlite::memory:");
const b = new Database("b", "sqlite::memory:");
before(async () => {
  await createModel(a, Pin);
  await createModel(b, Pin);
});
after(async () => {
  await a.close();
  await b.close();
});

test("a loaded instance knows its database, and shows no trace of it", async () => {
  const made = await Pin.objects.using(a).create({ label: "x", big: 2n ** 63n - 1n });
  const got = await Pin.objects.using(a).get({ id: made.id });
  assert.equal(originOf(got), a);
  assert.deepEqual(Object.keys(got), ["id", "label", "big"]);
  assert.deepEqual({ ...got }, { id: made.id, label: "x", big: 9223372036854775807n });
  assert.equal(got.big, 9223372036854775807n, "a bigint past 2^53 is exact on the fast path");
  assert.equal(JSON.stringify({ ...got, big: String(got.big) }).includes("origin"), false);
  got.label = "y";
  await got.save();
  assert.equal((await Pin.objects.using(a).get({ id: made.id })).label, "y");
});

test("saved elsewhere, deleted, saved again: each move is followed", async () => {
  const made = await Pin.objects.using(a).create({ label: "m" });
  const got = await Pin.objects.using(a).get({ id: made.id });
  await got.save({ using: b });
  assert.equal(originOf(got), b);
  got.label = "n";
  await got.save();
  assert.equal((await Pin.objects.using(b).get({ id: made.id })).label, "n");
  assert.equal((await Pin.objects.using(a).get({ id: made.id })).label, "m");
  await got.save({ using: a });
  assert.equal(originOf(got), a);
  await got.delete();
  assert.equal(originOf(got), undefined);
  assert.equal(got.id, null);
  await got.save({ using: a });
  assert.equal(originOf(got), a);
  assert.equal(await Pin.objects.using(a).filter({ label: "n" }).count(), 1);
});

test("a built instance has none until saved", async () => {
  const built = build(Pin.meta, { label: "z" });
  assert.equal(originOf(built), undefined);
  await (built as unknown as { save(o: { using: Database }): Promise<void> }).save({ using: b });
  assert.equal(originOf(built), b);
});
