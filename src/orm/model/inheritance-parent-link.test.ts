/**
 * A multi-table child's own parent link (Django's `parent_link=True`): a one-to-one to the
 * model it extends, declared `parentLink: true`, in place of `<parent>Ptr`. Its declaration and
 * errors, the SQL that reads it, and on every backend: writes, reads, the parent's accessor,
 * keys pointing at the child, deletes both ways, a grandchild.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import { type Database, sql, sqliteDialect } from "../db/index.ts";
import { useModelTables } from "../query/fixtures/model-tables.ts";
import { createModelSql } from "../schema/schema-editor.ts";
import { ERR_ORM_DOES_NOT_EXIST, ERR_ORM_MODEL, ERR_ORM_PROTECTED } from "./errors.ts";
import { f } from "./fields.ts";
import { model, withRelated } from "./model.ts";
import { relationsOf } from "./relations.ts";

const PlaceBase = model(
  "mtl.Place",
  { name: f.string({ maxLength: 30 }) },
  { table: "flg_mtl_place", ordering: ["name"] },
);
const Restaurant = model(
  "mtl.Restaurant",
  {
    stars: f.int({ default: 0 }),
    place: f.oneToOne(() => PlaceBase, { onDelete: "cascade", parentLink: true }),
  },
  { extends: PlaceBase, table: "flg_mtl_restaurant" },
);
// A grandchild's link with a column and reverse name of its own.
const Pizzeria = model(
  "mtl.Pizzeria",
  {
    base: f.oneToOne(() => Restaurant, {
      onDelete: "cascade",
      parentLink: true,
      column: "restaurant_ref",
      relatedName: "pizzaPlace",
    }),
    ovens: f.int({ default: 1 }),
  },
  { extends: Restaurant, table: "flg_mtl_pizzeria" },
);
const Waiter = model(
  "mtl.Waiter",
  {
    name: f.string({ maxLength: 20 }),
    restaurant: f.foreignKey(() => Restaurant, { onDelete: "cascade" }),
  },
  { table: "flg_mtl_waiter" },
);
// A link that protects: the Place of a Kiosk cannot be deleted alone.
const Kiosk = model(
  "mtl.Kiosk",
  { place: f.oneToOne(() => PlaceBase, { onDelete: "protect", parentLink: true }) },
  { extends: PlaceBase, table: "flg_mtl_kiosk" },
);
const Place = withRelated(PlaceBase, { restaurant: f.child(() => Restaurant) });
const models = [PlaceBase, Restaurant, Pizzeria, Waiter, Kiosk];

const code = (c: string) => (e: unknown) => (e as { code?: string }).code === c;

test("the declared link is the child's primary key and its parent link", () => {
  assert.deepEqual(
    Restaurant.meta.fields.map((x) => x.attr),
    ["id", "name", "placeId", "stars"],
  );
  assert.equal(Restaurant.meta.pk.name, "place");
  assert.equal(Restaurant.meta.parent!.link, Restaurant.meta.pk);
  assert.equal(Restaurant.meta.byName.has("placePtr"), false);
  assert.equal(Pizzeria.meta.pk.column, "restaurant_ref");
  const ddl = createModelSql(Restaurant.meta, sqliteDialect)[0]!;
  assert.match(ddl, /"place_id" integer primary key,/);
  assert.match(
    ddl,
    /foreign key \("place_id"\) references "flg_mtl_place" \("id"\) on delete cascade/,
  );
  // The parent's accessor is the link's reverse side, named after the child unless renamed.
  assert.equal(relationsOf(Place as never).get("restaurant")!.src, Restaurant.meta.pk);
  assert.equal(relationsOf(Restaurant as never).get("pizzaPlace")!.target, Pizzeria);
  assert.match(
    Pizzeria.objects.all().toSql("sqlite").sql,
    /inner join \(select .* from "flg_mtl_restaurant" as "flagon_c" inner join "flg_mtl_place" as "flagon_p" on "flagon_p"\."id" = "flagon_c"\."place_id"\) as "flagon_p" on "flagon_p"\."place_id" = "flagon_c"\."restaurant_ref"/,
  );
});

test("a misplaced parent link is a coded error", () => {
  const bad = (fn: () => unknown, pattern: RegExp) =>
    assert.throws(fn, (e: unknown) => code(ERR_ORM_MODEL)(e) && pattern.test(String(e)));
  const Other = model("mtl.Other", {}, { table: "flg_mtl_other" });
  // Not the concrete parent: another model, or the grandparent.
  bad(
    () =>
      model(
        "mtl.Wrong",
        { other: f.oneToOne(() => Other, { onDelete: "cascade", parentLink: true }) },
        { extends: PlaceBase },
      ),
    /points at mtl\.Place/,
  );
  bad(
    () =>
      model(
        "mtl.Skip",
        { place: f.oneToOne(() => PlaceBase, { onDelete: "cascade", parentLink: true }) },
        { extends: Restaurant },
      ),
    /points at mtl\.Restaurant/,
  );
  bad(
    () =>
      model(
        "mtl.Two",
        {
          a: f.oneToOne(() => PlaceBase, { onDelete: "cascade", parentLink: true }),
          b: f.oneToOne(() => PlaceBase, { onDelete: "cascade", parentLink: true }),
        },
        { extends: PlaceBase },
      ),
    /two parent links \(a, b\)/,
  );
  bad(
    () =>
      model("mtl.Alone", {
        place: f.oneToOne(() => PlaceBase, { onDelete: "cascade", parentLink: true }),
      }),
    /extends no concrete model/,
  );
  bad(
    () =>
      model(
        "mtl.Many",
        {
          place: f.foreignKey(() => PlaceBase, { onDelete: "cascade", parentLink: true } as never),
        },
        { extends: PlaceBase },
      ),
    /one-to-one/,
  );
  bad(
    () =>
      model(
        "mtl.Nullable",
        {
          place: f.oneToOne(() => PlaceBase, { onDelete: "cascade", parentLink: true, null: true }),
        },
        { extends: PlaceBase },
      ),
    /never null/,
  );
});

for (const backend of backends()) {
  describe(`a custom parent link (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, models);
    before(() => {
      db = tables.db;
    });
    const count = async (table: string) =>
      Number(
        (await db.query<{ n: number }>(sql`select count(*) as n from ${sql.id(table)}`)).rows[0]!.n,
      );

    test("create() fills the link with the parent's key; reads join through it", async () => {
      const r = await Restaurant.objects.using(db).create({ name: "Bistro", stars: 4 });
      assert.equal(r.placeId, r.id);
      const raw = await db.query<{ place_id: number; stars: number }>(
        sql`select place_id, stars from flg_mtl_restaurant`,
      );
      assert.deepEqual(
        raw.rows.map((x) => [Number(x.place_id), Number(x.stars)]),
        [[r.id, 4]],
      );
      const got = await Restaurant.objects.using(db).get({ name: "Bistro", stars: { gte: 3 } });
      assert.deepEqual([got.id, got.placeId], [r.id, r.id]);
      assert.equal((await (await Place.objects.using(db).get({ id: r.id })).restaurant).stars, 4);
      got.stars = 5;
      got.name = "Bistrot";
      await got.save();
      assert.deepEqual(await Restaurant.objects.using(db).values("name", "stars"), [
        { name: "Bistrot", stars: 5 },
      ]);
      await Restaurant.objects.using(db).filter({ id: r.id }).update({ name: "B2", stars: 6 });
      assert.equal((await PlaceBase.objects.using(db).get({ id: r.id })).name, "B2");
    });

    test("keys to the child reference the link; deletes go both ways", async () => {
      const r = await Restaurant.objects.using(db).get({ name: "B2" });
      await Waiter.objects.using(db).create({ name: "Ann", restaurantId: r.id });
      assert.deepEqual(
        await Waiter.objects
          .using(db)
          .filter({ restaurant: { name: "B2" } })
          .valuesList("name", { flat: true }),
        ["Ann"],
      );
      await r.delete();
      assert.equal(r.placeId, null);
      assert.equal(await count("flg_mtl_place"), 0);
      assert.equal(await count("flg_mtl_waiter"), 0);
      const again = await Restaurant.objects.using(db).create({ name: "C" });
      await (await PlaceBase.objects.using(db).get({ id: again.id })).delete();
      assert.equal(await count("flg_mtl_restaurant"), 0);
    });

    test("a protecting link refuses deleting the parent's row, not the child", async () => {
      const k = await Kiosk.objects.using(db).create({ name: "K1" });
      const place = await PlaceBase.objects.using(db).get({ id: k.id });
      await assert.rejects(place.delete(), code(ERR_ORM_PROTECTED));
      assert.equal(await count("flg_mtl_kiosk"), 1);
      // Deleting the child takes its parent's row, whatever its own link's rule.
      await k.delete();
      assert.equal(await count("flg_mtl_kiosk"), 0);
      assert.equal(await PlaceBase.objects.using(db).filter({ name: "K1" }).count(), 0);
    });

    test("a grandchild writes and reads through both declared links", async () => {
      const z = await Pizzeria.objects.using(db).create({ name: "Zola", stars: 2, ovens: 3 });
      assert.deepEqual([z.baseId, z.placeId], [z.id, z.id]);
      assert.deepEqual(
        (await Pizzeria.objects.using(db).all()).map((p) => [p.name, p.stars, p.ovens]),
        [["Zola", 2, 3]],
      );
      const r = await Restaurant.objects.using(db).get({ id: z.id });
      assert.equal(
        (await (r as unknown as { pizzaPlace: Promise<{ ovens: number }> }).pizzaPlace).ovens,
        3,
      );
      await z.delete({ keepParents: true });
      assert.equal(await count("flg_mtl_pizzeria"), 0);
      await assert.rejects(async () => {
        await (r as unknown as { pizzaPlace: Promise<unknown> }).pizzaPlace;
      }, code(ERR_ORM_DOES_NOT_EXIST));
      await r.delete();
      assert.equal(await count("flg_mtl_place"), 0);
    });
  });
}
