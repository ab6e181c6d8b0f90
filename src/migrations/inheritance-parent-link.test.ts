/**
 * A multi-table child's own parent link (`parentLink: true`) in migrations: the state and the
 * written createModel name it (with its column) in place of `<parent>Ptr`, the historical model
 * is keyed by it, `--check` stays clean, and migrate runs both ways on every backend.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { before, describe, test } from "node:test";
import { backends } from "../orm/db/fixtures/backends.ts";
import { type AnyModel, type Database, f, model, sql } from "../orm/index.ts";
import type { MigrationsApp } from "./app.ts";
import { useScratch } from "./fixtures/scratch.ts";
import { tableExists } from "./fixtures/introspect.ts";
import { makemigrations } from "./makemigrations.ts";
import { migrate } from "./migrate.ts";
import { fromModels, toModels } from "./state.ts";

const INDEX = resolve(import.meta.dirname, "index.ts");
const RECORDER = "mipl_migrations";

const Place = model(
  "mipl.Place",
  { name: f.string({ maxLength: 30 }) },
  { table: "mipl_place", ordering: ["name"] },
);
const Restaurant = model(
  "mipl.Restaurant",
  {
    site: f.oneToOne(() => Place, { onDelete: "cascade", parentLink: true, column: "place_ref" }),
    stars: f.int({ default: 0 }),
  },
  { extends: Place, table: "mipl_restaurant" },
);

const TABLES = ["mipl_restaurant", "mipl_place", RECORDER, `${RECORDER}_lock`];

test("the state names the declared link; the historical model is keyed by it", () => {
  const state = fromModels([Place, Restaurant] as AnyModel[]);
  assert.deepEqual(state.get("mipl.Restaurant")!.fields, {
    site: {
      kind: "foreignKey",
      primaryKey: true,
      oneToOne: true,
      parentLink: true,
      column: "place_ref",
      to: "mipl.Place",
      onDelete: "cascade",
    },
    stars: { kind: "int", default: 0 },
  });
  const historical = toModels(state).get("mipl.Restaurant")!.meta;
  assert.equal(historical.pk.name, "site");
  assert.deepEqual(
    historical.fields.map((x) => x.column),
    ["place_ref", "stars"],
  );
});

for (const backend of backends()) {
  describe(`a custom parent link in migrations (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    let apps: MigrationsApp[];
    let dir: string;
    const scratch = useScratch(backend, "flagon-mipl", TABLES);
    before(() => {
      if (backend.skip) return;
      db = scratch.db;
      dir = scratch.dir;
      apps = [{ label: "mipl", models: [Place, Restaurant], migrationsDir: dir }];
    });

    test("makemigrations writes createModel with the declared link", async () => {
      await makemigrations({ apps, importFrom: INDEX });
      const text = readFileSync(join(dir, "0001_initial.ts"), "utf8").replace(/\s+/g, " ");
      assert.match(
        text,
        /site: \{ kind: "foreignKey", primaryKey: true, oneToOne: true, parentLink: true, column: "place_ref", to: "mipl\.Place", onDelete: "cascade",? \}/,
      );
      assert.doesNotMatch(text, /placePtr/);
      assert.deepEqual(await makemigrations({ apps, importFrom: INDEX, check: true }), []);
    });

    test("migrate runs both ways; the declared models use the migrated tables", async () => {
      await migrate({ apps, db, recorderTable: RECORDER });
      const r = await Restaurant.objects.using(db).create({ name: "Ann", stars: 4 });
      const raw = await db.query<{ place_ref: number }>(sql`select place_ref from mipl_restaurant`);
      assert.deepEqual(
        raw.rows.map((x) => Number(x.place_ref)),
        [r.id],
      );
      assert.deepEqual(await Restaurant.objects.using(db).values("name", "stars", "siteId"), [
        { name: "Ann", stars: 4, siteId: r.id },
      ]);
      await r.delete();
      assert.equal(await Place.objects.using(db).count(), 0);
      await migrate({ apps, db, recorderTable: RECORDER, target: { app: "mipl", name: "zero" } });
      for (const t of ["mipl_place", "mipl_restaurant"])
        assert.equal(await tableExists(db, t), false, t);
    });
  });
}
