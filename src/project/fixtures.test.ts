/**
 * `loadFixtures` / `dumpFixtures` called directly (as `flagon test` does): progress over many
 * rows, the error's file, index and field, value kinds beyond the CLI test's (bigint, boolean,
 * binary, date), many-to-many without a pk refused, and a dump iterated lazily.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { backends } from "../orm/db/fixtures/backends.ts";
import { createModel, deleteModel, f, model, throughOf } from "../orm/index.ts";
import { createProject, type Project } from "./create-project.ts";
import { defineApp } from "./define-app.ts";
import { defineSettings } from "./define-settings.ts";
import { ERR_FIXTURE_FIELD, ERR_FIXTURE_ROW, FixtureError } from "./errors.ts";
import { dumpFixtures, type FixtureRecord, loadFixtures } from "./fixtures.ts";

const Item = model("pfx.Item", {
  code: f.bigint(),
  flag: f.boolean({ default: false }),
  blob: f.binary({ null: true }),
  day: f.date({ null: true }),
});
const Group = model("pfx.Group", {
  name: f.string({ maxLength: 20 }),
  items: f.manyToMany(() => Item, { relatedName: "groups" }),
});
const Through = throughOf(Group, "items");
const ALL = [Item, Group, Through];

const root = mkdtempSync(join(tmpdir(), "flagon-pfx-"));
after(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, "pfx", "fixtures"), { recursive: true });
const big = Array.from({ length: 1200 }, (_, i) => ({
  model: "pfx.item",
  pk: i + 1,
  fields: { code: i === 0 ? "9007199254740993" : i, flag: i % 2 === 0 },
}));
writeFileSync(join(root, "pfx", "fixtures", "big.json"), JSON.stringify(big));

for (const b of backends()) {
  describe(`fixtures API (${b.name})`, { skip: b.skip }, () => {
    let project: Project;
    before(async () => {
      const app = defineApp({ name: "pfx", dir: join(root, "pfx"), models: [Item, Group] });
      const settings = defineSettings({ baseDir: root, installedApps: [app] });
      const url = b.name === "sqlite" ? `sqlite:///${join(root, "db.sqlite3")}` : b.url;
      project = await createProject(settings, { databases: { default: url } });
      const db = project.databases.get();
      for (const m of [...ALL].reverse()) await deleteModel(db, m, { ifExists: true });
      for (const m of ALL) await createModel(db, m);
    });
    after(async () => {
      if (project === undefined) return;
      const db = project.databases.get();
      for (const m of [...ALL].reverse()) await deleteModel(db, m, { ifExists: true });
      await project.close();
    });

    test("1200 rows in batches with progress; dump is lazy and in key order", async () => {
      const calls: [number, number][] = [];
      const r = await loadFixtures(project, ["big"], { onProgress: (d, t) => calls.push([d, t]) });
      assert.deepEqual(r, { objects: 1200, fixtures: 1 });
      assert.deepEqual(calls, [
        [500, 1200],
        [1000, 1200],
        [1200, 1200],
      ]);
      const first = await Item.objects.get({ id: 1 });
      assert.equal(first.code, 9007199254740993n);
      const seen: FixtureRecord[] = [];
      for await (const rec of dumpFixtures(project, { labels: ["pfx.Item"] })) {
        seen.push(rec);
        if (seen.length === 3) break;
      }
      assert.deepEqual(seen[0], {
        model: "pfx.item",
        pk: 1,
        fields: { code: "9007199254740993", flag: true, blob: null, day: null },
      });
      assert.deepEqual(
        seen.map((s) => s.pk),
        [1, 2, 3],
      );
    });

    test("binary, date and many-to-many round trip; errors carry file, index, field", async () => {
      const file = join(root, "mixed.json");
      writeFileSync(
        file,
        JSON.stringify([
          { model: "pfx.group", pk: 7, fields: { name: "g", items: [3, 2] } },
          {
            model: "pfx.item",
            pk: 2,
            fields: {
              code: 5,
              blob: Buffer.from([0, 255, 7]).toString("base64"),
              day: "2024-02-29",
            },
          },
        ]),
      );
      assert.deepEqual(await loadFixtures(project, [file]), { objects: 2, fixtures: 1 });
      const dumped: FixtureRecord[] = [];
      for await (const r of dumpFixtures(project, { exclude: ["pfx.Item"] })) dumped.push(r);
      assert.deepEqual(dumped, [
        { model: "pfx.group", pk: 7, fields: { name: "g", items: [2, 3] } },
      ]);
      const item = await Item.objects.get({ id: 2 });
      assert.deepEqual([...item.blob!], [0, 255, 7]);
      assert.equal(item.day, "2024-02-29");

      writeFileSync(
        file,
        JSON.stringify([{ model: "pfx.group", fields: { name: "x", items: [1] } }]),
      );
      await assert.rejects(loadFixtures(project, [file]), (e: unknown) => {
        assert.ok(e instanceof FixtureError);
        assert.equal(e.code, ERR_FIXTURE_ROW);
        assert.deepEqual([e.file, e.index, e.field], [file, 0, "items"]);
        return true;
      });
      writeFileSync(
        file,
        JSON.stringify([{ model: "pfx.group", pk: 8, fields: { name: "y", items: [99999] } }]),
      );
      await assert.rejects(loadFixtures(project, [file]), (e: FixtureError) => {
        assert.equal(e.code, ERR_FIXTURE_ROW);
        assert.deepEqual([e.index, e.field], [0, "items"]);
        return true;
      });
      writeFileSync(file, JSON.stringify([{ model: "pfx.item", pk: 1, fields: { id: 3, x: 1 } }]));
      await assert.rejects(loadFixtures(project, [file]), (e: FixtureError) => {
        assert.equal(e.code, ERR_FIXTURE_FIELD);
        return e.field === "id";
      });
      assert.equal(await Group.objects.count(), 1, "nothing written by the failed loads");
    });
  });
}
