/**
 * Fixtures and model inheritance: a multi-table child's records carry its parent's fields too
 * and load table by table (whether or not the parent's own record came first); proxy models are
 * not dumped, their rows being their concrete model's.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { backends } from "../orm/db/fixtures/backends.ts";
import { f, model, preSave } from "../orm/index.ts";
import { dumpFixtures, type FixtureRecord, loadFixtures } from "./fixtures.ts";
import { useProjectTables } from "./fixtures/project-tables.ts";

const Place = model(
  "pfi.Place",
  { name: f.string({ maxLength: 20 }) },
  { table: "pfi_place", ordering: ["name"] },
);
const Restaurant = model(
  "pfi.Restaurant",
  { stars: f.int({ default: 0 }) },
  { extends: Place, table: "pfi_restaurant" },
);
const Named = model("pfi.Named", {}, { proxy: true, extends: Place, ordering: ["-name"] });
const TABLES = [Place, Restaurant];

const root = mkdtempSync(join(tmpdir(), "flagon-pfi-"));
after(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, "pfi", "fixtures"), { recursive: true });

for (const b of backends()) {
  describe(`fixtures and inheritance (${b.name})`, { skip: b.skip }, () => {
    const setup = useProjectTables(b, {
      root,
      app: "pfi",
      models: [Place, Restaurant, Named],
      tables: TABLES,
    });

    test("a child's records load into both tables; a dump skips proxies", async () => {
      const file = join(root, "pfi", "fixtures", `places-${b.name}.json`);
      writeFileSync(
        file,
        JSON.stringify([
          { model: "pfi.place", pk: 1, fields: { name: "Park" } },
          // The parent's record first, then the child's (as a dump writes them) ...
          { model: "pfi.place", pk: 2, fields: { name: "Bistro" } },
          { model: "pfi.restaurant", pk: 2, fields: { name: "Bistro", stars: 4 } },
          // ... or the child's record alone.
          { model: "pfi.restaurant", pk: 3, fields: { name: "Cafe", stars: 2 } },
        ]),
      );
      const saved: unknown[] = [];
      const spy = ({ sender }: { sender: unknown }) => {
        saved.push(sender);
      };
      preSave.connect(spy);
      try {
        assert.deepEqual(await loadFixtures(setup.project, [file]), { objects: 4, fixtures: 1 });
      } finally {
        preSave.disconnect(spy);
      }
      assert.deepEqual(saved, [], "loaddata sends no save signals");
      const db = setup.project.databases.get();
      assert.deepEqual(await Place.objects.using(db).valuesList("name", { flat: true }), [
        "Bistro",
        "Cafe",
        "Park",
      ]);
      assert.deepEqual(await Restaurant.objects.using(db).valuesList("id", "stars"), [
        [2, 4],
        [3, 2],
      ]);
      // Loading again updates the same rows.
      assert.deepEqual(await loadFixtures(setup.project, [file]), { objects: 4, fixtures: 1 });
      assert.equal(await Place.objects.using(db).count(), 3);
      const dumped: FixtureRecord[] = [];
      for await (const r of dumpFixtures(setup.project)) dumped.push(r);
      assert.deepEqual(
        dumped.map((r) => `${r.model}:${r.pk}`),
        ["pfi.place:1", "pfi.place:2", "pfi.place:3", "pfi.restaurant:2", "pfi.restaurant:3"],
      );
      assert.deepEqual(dumped[3]!.fields, { name: "Bistro", stars: 4 });
    });
  });
}
