/**
 * Fixtures and a multi-table child's own parent link (`parentLink: true`): the link is the
 * record's `pk`, never one of its fields, so records load into both tables and dump back alike.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { backends } from "../orm/db/fixtures/backends.ts";
import { f, model } from "../orm/index.ts";
import { dumpFixtures, type FixtureRecord, loadFixtures } from "./fixtures.ts";
import { useProjectTables } from "./fixtures/project-tables.ts";

const Place = model(
  "pfl.Place",
  { name: f.string({ maxLength: 20 }) },
  { table: "pfl_place", ordering: ["name"] },
);
const Restaurant = model(
  "pfl.Restaurant",
  {
    site: f.oneToOne(() => Place, { onDelete: "cascade", parentLink: true }),
    stars: f.int({ default: 0 }),
  },
  { extends: Place, table: "pfl_restaurant" },
);
const TABLES = [Place, Restaurant];

const root = mkdtempSync(join(tmpdir(), "flagon-pfl-"));
after(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, "pfl", "fixtures"), { recursive: true });

for (const b of backends()) {
  describe(`fixtures and a custom parent link (${b.name})`, { skip: b.skip }, () => {
    const setup = useProjectTables(b, {
      root,
      app: "pfl",
      models: [Place, Restaurant],
      tables: TABLES,
    });

    test("the link is the record's pk: loaded into both tables, dumped without it", async () => {
      const file = join(root, "pfl", "fixtures", `places-${b.name}.json`);
      writeFileSync(
        file,
        JSON.stringify([
          { model: "pfl.place", pk: 1, fields: { name: "Park" } },
          { model: "pfl.restaurant", pk: 2, fields: { name: "Cafe", stars: 2 } },
        ]),
      );
      assert.deepEqual(await loadFixtures(setup.project, [file]), { objects: 2, fixtures: 1 });
      const db = setup.project.databases.get();
      assert.deepEqual(await Restaurant.objects.using(db).valuesList("id", "siteId", "stars"), [
        [2, 2, 2],
      ]);
      const dumped: FixtureRecord[] = [];
      for await (const r of dumpFixtures(setup.project)) dumped.push(r);
      assert.deepEqual(
        dumped.map((r) => `${r.model}:${r.pk}`),
        ["pfl.place:1", "pfl.place:2", "pfl.restaurant:2"],
      );
      assert.deepEqual(dumped[2]!.fields, { name: "Cafe", stars: 2 });
    });
  });
}
