/**
 * Model inheritance in migrations: a multi-table child's table is created with its link to the
 * parent (`placePtr`, the primary key and a foreign key), after the parent's migration of
 * another app; a proxy model creates nothing; `--check` stays clean; sqlmigrate shows the
 * table; migrate runs forwards and backwards on every backend, and the declared models read and
 * write the migrated tables.
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
import { sqlmigrate } from "./inspect.ts";
import { makemigrations } from "./makemigrations.ts";
import { migrate } from "./migrate.ts";
import { fromModels, toModels } from "./state.ts";

const INDEX = resolve(import.meta.dirname, "index.ts");
const RECORDER = "mih_migrations";

const Place = model(
  "mihp.Place",
  { name: f.string({ maxLength: 30 }) },
  { table: "mihp_place", ordering: ["name"] },
);
const Restaurant = model(
  "mihr.Restaurant",
  { stars: f.int({ default: 0 }) },
  { extends: Place, table: "mihr_restaurant" },
);
const Pizzeria = model(
  "mihr.Pizzeria",
  { ovens: f.int({ default: 1 }) },
  { extends: Restaurant, table: "mihr_pizzeria" },
);
const ByName = model("mihr.ByName", {}, { proxy: true, extends: Place, ordering: ["-name"] });

const TABLES = ["mihr_pizzeria", "mihr_restaurant", "mihp_place", RECORDER, `${RECORDER}_lock`];

test("the state of a child holds its own table: the link and its fields", () => {
  const state = fromModels([Place, Restaurant, Pizzeria] as AnyModel[]);
  assert.deepEqual(state.get("mihr.Restaurant"), {
    label: "mihr.Restaurant",
    fields: {
      placePtr: {
        kind: "foreignKey",
        primaryKey: true,
        oneToOne: true,
        parentLink: true,
        to: "mihp.Place",
        onDelete: "cascade",
      },
      stars: { kind: "int", default: 0 },
    },
    options: { table: "mihr_restaurant" },
  });
  assert.equal(state.get("mihr.Pizzeria")!.fields.restaurantPtr!.to, "mihr.Restaurant");
  // The historical model is keyed by the link, with no `id` of its own.
  const historical = toModels(state).get("mihr.Restaurant")!.meta;
  assert.equal(historical.pk.name, "placePtr");
  assert.deepEqual(
    historical.fields.map((x) => x.column),
    ["place_ptr_id", "stars"],
  );
});

for (const backend of backends()) {
  describe(`inheritance in migrations (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    let apps: MigrationsApp[];
    let placeDir: string;
    const places = useScratch(backend, "flagon-mihp", TABLES);
    const rests = useScratch(backend, "flagon-mihr", []);
    before(() => {
      if (backend.skip) return;
      db = places.db;
      placeDir = places.dir;
      apps = [
        { label: "mihp", models: [Place], migrationsDir: placeDir },
        { label: "mihr", models: [Restaurant, Pizzeria, ByName], migrationsDir: rests.dir },
      ];
    });

    test("makemigrations: the child's table after the parent's app, no table for a proxy", async () => {
      const made = await makemigrations({ apps, importFrom: INDEX });
      assert.deepEqual(
        made.map((m) => `${m.app}.${m.name}`),
        ["mihp.0001_initial", "mihr.0001_initial"],
      );
      const text = readFileSync(join(rests.dir, "0001_initial.ts"), "utf8").replace(/\s+/g, " ");
      assert.match(text, /\["mihp", "0001_initial"\]/);
      assert.match(
        text,
        /placePtr: \{ kind: "foreignKey", primaryKey: true, oneToOne: true, parentLink: true, to: "mihp\.Place", onDelete: "cascade",? \}/,
      );
      assert.ok(text.indexOf('"mihr.Restaurant"') < text.indexOf('"mihr.Pizzeria"'));
      assert.doesNotMatch(text, /ByName/);
      // Nothing left to detect: the proxy and the children are all accounted for.
      assert.deepEqual(await makemigrations({ apps, importFrom: INDEX, check: true }), []);
    });

    test("sqlmigrate shows the child's table with its key to the parent", async () => {
      const dialect = (await db.connection()).dialect;
      const text = await sqlmigrate({
        apps,
        dialect,
        target: { app: "mihr", name: "0001_initial" },
      });
      const q = (s: string) => dialect.quoteIdentifier(s);
      assert.match(text, new RegExp(`create table ${q("mihr_restaurant")}`));
      assert.ok(text.includes(`${q("place_ptr_id")} `), text);
      assert.ok(text.includes(`references ${q("mihp_place")} (${q("id")})`), text);
      assert.ok(text.includes(`references ${q("mihr_restaurant")} (${q("place_ptr_id")})`), text);
    });

    test("migrate forwards: the declared models write and read the tables", async () => {
      await migrate({ apps, db, recorderTable: RECORDER });
      for (const t of ["mihp_place", "mihr_restaurant", "mihr_pizzeria"])
        assert.equal(await tableExists(db, t), true, t);
      const z = await Pizzeria.objects.using(db).create({ name: "Zed", stars: 2, ovens: 3 });
      await Restaurant.objects.using(db).create({ name: "Ann", stars: 4 });
      const rows = await Restaurant.objects.using(db).values("name", "stars");
      assert.deepEqual(rows, [
        { name: "Ann", stars: 4 },
        { name: "Zed", stars: 2 },
      ]);
      assert.deepEqual(await ByName.objects.using(db).valuesList("name", { flat: true }), [
        "Zed",
        "Ann",
      ]);
      await z.delete();
      assert.equal(await Place.objects.using(db).count(), 1);
      const n = await db.query<{ n: number }>(sql`select count(*) as n from mihr_pizzeria`);
      assert.equal(Number(n.rows[0]!.n), 0);
    });

    test("migrate backwards to zero drops the tables, children first", async () => {
      await migrate({ apps, db, recorderTable: RECORDER, target: { app: "mihp", name: "zero" } });
      for (const t of ["mihp_place", "mihr_restaurant", "mihr_pizzeria"])
        assert.equal(await tableExists(db, t), false, t);
    });
  });
}
