/**
 * dumpdata / loaddata / shell -c end to end on a temporary project (SQLite, and PostgreSQL and
 * MariaDB when their URLs are set): rows made in `shell -c`, dumped in Django's format, the
 * tables emptied, loaded back and dumped again identically; foreign keys, many-to-many lists,
 * decimals, datetimes, JSON and NULL survive; a fixture with one bad row changes nothing; on
 * PostgreSQL the sequences move past the loaded keys.
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { backends } from "../../orm/db/fixtures/backends.ts";
import {
  cli,
  makeProject,
  ownDatabase,
  resetDatabase,
  type TempProject,
} from "./fixtures/temp-project.ts";

const SEED = `
const [a, b] = [await Tag.objects.create({ name: "a" }), await Tag.objects.create({ name: "b" })];
const q = await Question.objects.create({
  text: "Why?", published: new Date("2024-05-06T07:08:09.123Z"), price: "12.50",
  extra: { nested: [1, "two", null] },
});
await q.tags.add(a, b);
await Question.objects.create({ text: "Nulls", published: null, price: null, extra: null });
await Choice.objects.create({ questionId: q.id, text: "Because", votes: 3 });
console.log("seeded");
`;

const EMPTY = `
await Choice.objects.delete();
await Question.objects.delete();
await Tag.objects.delete();
`;

for (const b of backends()) {
  describe(`dumpdata and loaddata (${b.name})`, { skip: b.skip }, () => {
    const label = `fx${b.name.slice(0, 2)}`;
    let p: TempProject;
    before(async () => {
      p = makeProject(label, b.name === "sqlite" ? undefined : await ownDatabase(b.url, "fx"));
      await resetDatabase(p);
      assert.equal((await cli(p.dir, ["makemigrations"])).code, 0);
      const m = await cli(p.dir, ["migrate"]);
      assert.equal(m.code, 0, m.err);
    });
    after(async () => {
      if (p === undefined) return;
      await resetDatabase(p);
      p.remove();
    });

    test("shell -c sees the models; dumpdata writes Django's format", async () => {
      const seeded = await cli(p.dir, ["shell", "-c", SEED]);
      assert.equal(seeded.code, 0, seeded.err);
      assert.equal(seeded.out, "seeded\n");

      const dumped = await cli(p.dir, ["dumpdata", label, "--indent", "2", "-o", "dump.json"]);
      assert.equal(dumped.code, 0, dumped.err);
      const records = JSON.parse(readFileSync(join(p.dir, "dump.json"), "utf8"));
      const models = records.map((r: { model: string }) => r.model);
      assert.deepEqual(models, [
        `${label}.tag`,
        `${label}.tag`,
        `${label}.question`,
        `${label}.question`,
        `${label}.choice`,
      ]);
      const q = records[2];
      assert.equal(q.fields.text, "Why?");
      assert.equal(q.fields.published, "2024-05-06T07:08:09.123Z");
      assert.equal(q.fields.price, "12.50");
      assert.deepEqual(q.fields.extra, { nested: [1, "two", null] });
      assert.deepEqual(q.fields.tags, [records[0].pk, records[1].pk]);
      assert.deepEqual(records[3].fields, {
        text: "Nulls",
        published: null,
        price: null,
        extra: null,
        tags: [],
      });
      assert.deepEqual(records[4].fields, { question: q.pk, text: "Because", votes: 3 });

      const one = await cli(p.dir, ["dumpdata", `${label}.Choice`]);
      assert.equal(one.out.split("\n").length, 2, "one line without --indent");
      assert.equal(JSON.parse(one.out).length, 1);
      const excluded = await cli(p.dir, ["dumpdata", "--exclude", `${label}.tag,${label}.choice`]);
      assert.deepEqual(
        JSON.parse(excluded.out).map((r: { model: string }) => r.model),
        [`${label}.question`, `${label}.question`],
      );
    });

    test("loaddata restores the dump exactly; later inserts do not collide", async () => {
      const first = readFileSync(join(p.dir, "dump.json"), "utf8");
      assert.equal((await cli(p.dir, ["shell", "-c", EMPTY])).code, 0);
      assert.equal((await cli(p.dir, ["dumpdata", label])).out, "[]\n");
      // Children first in the file: loaddata orders by foreign keys itself.
      const reversed = JSON.stringify(JSON.parse(first).reverse());
      writeFileSync(join(p.dir, "reversed.json"), reversed);

      const loaded = await cli(p.dir, ["loaddata", "reversed.json"]);
      assert.equal(loaded.code, 0, loaded.err);
      assert.equal(loaded.out, "Installed 5 object(s) from 1 fixture(s)\n");
      const again = await cli(p.dir, ["dumpdata", label, "--indent", "2"]);
      assert.equal(again.out, first);

      // Loading again updates rows in place rather than failing on the keys.
      assert.equal((await cli(p.dir, ["loaddata", "./dump.json"])).code, 0);
      assert.equal((await cli(p.dir, ["dumpdata", label, "--indent", "2"])).out, first);

      // The next key the sequence would give is taken by a loaded row: PostgreSQL's sequence
      // must have been moved past it.
      const top = Math.max(...JSON.parse(first).map((r: { pk: number }) => r.pk));
      writeFileSync(
        join(p.dir, "next.json"),
        JSON.stringify([{ model: `${label}.tag`, pk: top + 1, fields: { name: "taken" } }]),
      );
      assert.equal((await cli(p.dir, ["loaddata", "next.json"])).code, 0);
      const next = await cli(p.dir, [
        "shell",
        "-c",
        'const t = await Tag.objects.create({ name: "c" }); console.log(t.id > 0);',
      ]);
      assert.equal(next.code, 0, next.err);
      assert.equal(next.out, "true\n");
    });

    test("a fixture from the app's fixtures/ folder; a bad row changes nothing", async () => {
      const before = (await cli(p.dir, ["dumpdata", label])).out;
      mkdirSync(join(p.dir, label, "fixtures"), { recursive: true });
      writeFileSync(
        join(p.dir, label, "fixtures", "good.json"),
        JSON.stringify([{ model: `${label}.tag`, pk: 900, fields: { name: "from-app" } }]),
      );
      writeFileSync(
        join(p.dir, label, "fixtures", "bad.json"),
        JSON.stringify([
          { model: `${label}.tag`, pk: 901, fields: { name: "ok" } },
          { model: `${label}.question`, pk: 902, fields: { text: "x", price: "1.00" } },
          { model: `${label}.choice`, pk: 903, fields: { question: 99999, text: "orphan" } },
        ]),
      );
      const bad = await cli(p.dir, ["loaddata", "good", "bad"]);
      assert.equal(bad.code, 1);
      assert.match(bad.err, /bad\.json, row 2: .*\[FLG_ERR_FIXTURE_ROW\]/);
      assert.equal(bad.err.trim().split("\n").length, 1);
      assert.equal((await cli(p.dir, ["dumpdata", label])).out, before, "nothing written");

      const field = await cli(p.dir, ["loaddata", "./field.json"]);
      assert.match(
        field.err,
        /fixture file not found: .*field\.json.*\[FLG_ERR_FIXTURE_NOT_FOUND\]/,
      );
      writeFileSync(
        join(p.dir, "field.json"),
        JSON.stringify([{ model: `${label}.tag`, pk: 5, fields: { nme: "typo" } }]),
      );
      const typo = await cli(p.dir, ["loaddata", "field.json"]);
      assert.equal(typo.code, 1);
      assert.match(
        typo.err,
        /field\.json, row 0, field "nme": .*no field "nme" \[FLG_ERR_FIXTURE_FIELD\]/,
      );
      writeFileSync(
        join(p.dir, "model.json"),
        JSON.stringify([{ model: `${label}.nothing`, pk: 5, fields: {} }]),
      );
      const model = await cli(p.dir, ["loaddata", "model.json"]);
      assert.match(model.err, /model\.json, row 0: no installed model .*\[FLG_ERR_FIXTURE_MODEL\]/);
      writeFileSync(
        join(p.dir, "type.json"),
        JSON.stringify([{ model: `${label}.choice`, pk: 5, fields: { votes: "many" } }]),
      );
      const type = await cli(p.dir, ["loaddata", "type.json"]);
      assert.match(type.err, /row 0, field "votes": expected a number/);

      const good = await cli(p.dir, ["loaddata", "good"]);
      assert.equal(good.code, 0, good.err);
      assert.equal(good.out, "Installed 1 object(s) from 1 fixture(s)\n");
      const tags = JSON.parse((await cli(p.dir, ["dumpdata", `${label}.tag`])).out);
      assert.ok(tags.some((t: { pk: number }) => t.pk === 900));
    });

    test("bad arguments", async () => {
      const none = await cli(p.dir, ["loaddata"]);
      assert.equal(none.code, 2);
      const indent = await cli(p.dir, ["dumpdata", "--indent", "x"]);
      assert.equal(indent.code, 2);
      const unknown = await cli(p.dir, ["dumpdata", "nosuch"]);
      assert.equal(unknown.code, 1);
      assert.match(
        unknown.err,
        /no installed app with the label "nosuch" \[FLG_ERR_FIXTURE_MODEL\]/,
      );
    });
  });
}
