/**
 * Multi-table inheritance: `extends` a concrete model. The declaration (fields, link, errors),
 * the SQL that reads a child, and on every backend: writes to both tables in one transaction,
 * reads and filters across them, updates, deletes both ways, the parent's reverse one-to-one,
 * keys pointing at a child, a grandchild.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import { atomic, type Database, sql } from "../db/index.ts";
import { Max } from "../query/aggregates.ts";
import { useModelTables } from "../query/fixtures/model-tables.ts";
import { createModelSql } from "../schema/schema-editor.ts";
import { sqliteDialect } from "../db/index.ts";
import { ERR_ORM_DOES_NOT_EXIST, ERR_ORM_MODEL, ERR_ORM_QUERY } from "./errors.ts";
import { f } from "./fields.ts";
import { build } from "./instance.ts";
import { model, withRelated } from "./model.ts";
import { relationsOf } from "./relations.ts";
import { postDelete } from "./signals.ts";

const PlaceBase = model(
  "mti.Place",
  {
    name: f.string({ maxLength: 30 }),
    address: f.string({ maxLength: 50, default: "" }),
  },
  { table: "flg_mti_place", ordering: ["name"] },
);
const Restaurant = model(
  "mti.Restaurant",
  {
    stars: f.int({ default: 0 }),
    code: f.string({ maxLength: 10, null: true, unique: true }),
  },
  { extends: PlaceBase, table: "flg_mti_restaurant" },
);
const Pizzeria = model(
  "mti.Pizzeria",
  { ovens: f.int({ default: 1 }) },
  { extends: Restaurant, table: "flg_mti_pizzeria", ordering: ["-ovens"] },
);
const Review = model(
  "mti.Review",
  {
    place: f.foreignKey(() => PlaceBase, { onDelete: "cascade", relatedName: "reviews" }),
    text: f.string({ maxLength: 20 }),
  },
  { table: "flg_mti_review" },
);
const Waiter = model(
  "mti.Waiter",
  {
    name: f.string({ maxLength: 20 }),
    restaurant: f.foreignKey(() => Restaurant, { onDelete: "cascade", relatedName: "waiters" }),
  },
  { table: "flg_mti_waiter", ordering: ["name"] },
);
const RestaurantR = withRelated(Restaurant, {
  waiters: f.reverse(() => Waiter, "restaurant"),
  // The parent's relation, typed on the child.
  reviews: f.reverse(() => Review, "place"),
});
const Place = withRelated(PlaceBase, {
  restaurant: f.child(() => Restaurant),
});
const models = [PlaceBase, Restaurant, Pizzeria, Review, Waiter];

const code = (c: string) => (e: unknown) => (e as { code?: string }).code === c;

test("a child lists the parent's fields, then its link and its own; its table only the latter", () => {
  assert.deepEqual(
    Restaurant.meta.fields.map((x) => x.attr),
    ["id", "name", "address", "placePtrId", "stars", "code"],
  );
  assert.equal(Restaurant.meta.pk.name, "placePtr");
  assert.equal(Restaurant.meta.pk.column, "place_ptr_id");
  assert.deepEqual(
    Restaurant.meta.local!.fields.map((x) => x.column),
    ["place_ptr_id", "stars", "code"],
  );
  assert.deepEqual(Restaurant.meta.ordering, ["name"]); // the parent's, as in Django
  assert.deepEqual(Pizzeria.meta.ordering, ["-ovens"]);
  assert.equal(Pizzeria.meta.parent!.meta, Restaurant.meta);
  const ddl = createModelSql(Restaurant.meta, sqliteDialect)[0]!;
  assert.match(ddl, /"place_ptr_id" integer primary key,/);
  assert.match(
    ddl,
    /foreign key \("place_ptr_id"\) references "flg_mti_place" \("id"\) on delete cascade/,
  );
  assert.doesNotMatch(ddl, /"name"/);
  // The link's reverse side is the parent's one-to-one accessor, named after the child.
  assert.equal(relationsOf(Place as never).get("restaurant")!.one, true);
  assert.equal(relationsOf(Restaurant as never).get("pizzeria")!.target, Pizzeria);
});

test("reading a child joins its parent's table under the child's name", () => {
  const q = Restaurant.objects.filter({ name: "x", stars: { gte: 2 } }).toSql("postgres");
  assert.equal(
    q.sql,
    'select "flg_mti_restaurant"."id", "flg_mti_restaurant"."name", "flg_mti_restaurant"."address", "flg_mti_restaurant"."place_ptr_id", "flg_mti_restaurant"."stars", "flg_mti_restaurant"."code" from (select "flagon_p"."id", "flagon_p"."name", "flagon_p"."address", "flagon_c"."place_ptr_id", "flagon_c"."stars", "flagon_c"."code" from "flg_mti_restaurant" as "flagon_c" inner join "flg_mti_place" as "flagon_p" on "flagon_p"."id" = "flagon_c"."place_ptr_id") as "flg_mti_restaurant" where ("flg_mti_restaurant"."name" = $1 and "flg_mti_restaurant"."stars" >= $2) order by "flg_mti_restaurant"."name" asc',
  );
  // A grandchild's parent is itself the derived child table.
  assert.match(
    Pizzeria.objects.all().toSql("sqlite").sql,
    /inner join \(select .* from "flg_mti_restaurant" as "flagon_c" inner join "flg_mti_place" as "flagon_p" .*\) as "flagon_p" on "flagon_p"\."place_ptr_id" = "flagon_c"\."restaurant_ptr_id"/,
  );
  // Writes stay on the child's own table.
  const del = Restaurant.objects.filter({ name: "x" });
  assert.match(
    Waiter.objects.filter({ restaurant: { name: "x" } }).toSql("sqlite").sql,
    /"flg_mti_waiter"\."restaurant_id" in \(select "flg_mti_restaurant"\."place_ptr_id" from \(select/,
  );
  void del;
});

test("unsupported or clashing declarations are coded errors", () => {
  const bad = (fn: () => unknown) => assert.throws(fn, code(ERR_ORM_MODEL));
  bad(() => model("mti.Clash", { name: f.string({ maxLength: 5 }) }, { extends: PlaceBase }));
  bad(() =>
    model("mti.OwnId", { id: f.int({ primaryKey: true }) } as never, { extends: PlaceBase }),
  );
  bad(() => model("mti.Link", { placePtr: f.int() }, { extends: PlaceBase }));
  bad(() => model("mti.Column", { street: f.int({ column: "address" }) }, { extends: PlaceBase }));
  bad(() => model("mti.Two", {}, { extends: [PlaceBase, Review] as never }));
  bad(() => model("mti.Abs", {}, { abstract: true, extends: PlaceBase } as never));
  bad(() => model("mti.Order", {}, { extends: PlaceBase, ordering: ["nope" as never] }));
  const Shown = model("mti.Shown", {}, { proxy: true, extends: PlaceBase });
  bad(() => model("mti.OfProxy", { x: f.int() }, { extends: Shown }));
});

for (const backend of backends()) {
  describe(`multi-table inheritance (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, models);
    before(() => {
      db = tables.db;
    });
    const count = async (table: string) =>
      Number(
        (await db.query<{ n: number }>(sql`select count(*) as n from ${sql.id(table)}`)).rows[0]!.n,
      );

    test("create() writes the parent's row, then the child's with the same key", async () => {
      const r = await Restaurant.objects.using(db).create({ name: "Bistro", stars: 3 });
      assert.equal(typeof r.id, "number");
      assert.equal((r as unknown as { placePtrId: number }).placePtrId, r.id);
      assert.equal(r.address, "");
      assert.equal(await count("flg_mti_place"), 1);
      assert.equal(await count("flg_mti_restaurant"), 1);
      const p = await Place.objects.using(db).get({ id: r.id });
      assert.equal(p.name, "Bistro");
      await r.delete();
    });

    test("a failing child insert rolls back the parent's row", async () => {
      await Restaurant.objects.using(db).create({ name: "A", code: "dup" });
      await assert.rejects(Restaurant.objects.using(db).create({ name: "B", code: "dup" }));
      assert.deepEqual(await Place.objects.using(db).valuesList("name", { flat: true }), ["A"]);
      await Restaurant.objects.using(db).delete();
      assert.equal(await count("flg_mti_place"), 0);
    });

    test("filters, ordering, values, count, get and aggregates read across both tables", async () => {
      for (const [name, stars] of [
        ["Cafe", 2],
        ["Diner", 4],
        ["Bar", 5],
      ] as const)
        await Restaurant.objects.using(db).create({ name, stars, address: `${name} st` });
      await Place.objects.using(db).create({ name: "Park" });
      const qs = Restaurant.objects.using(db);
      assert.deepEqual(await qs.valuesList("name", { flat: true }), ["Bar", "Cafe", "Diner"]);
      assert.deepEqual(
        await qs
          .filter({ stars: { gte: 3 } })
          .orderBy("-name")
          .values("name", "stars"),
        [
          { name: "Diner", stars: 4 },
          { name: "Bar", stars: 5 },
        ],
      );
      assert.equal(await qs.filter({ address: { endswith: "st" } }).count(), 3);
      assert.equal(await qs.filter({ name: "Park" }).exists(), false);
      const d = await qs.get({ name: "Diner" });
      assert.equal(d.stars, 4);
      assert.deepEqual(await qs.filter({ NOT: { name: "Bar" } }).aggregate({ top: Max("stars") }), {
        top: 4,
      });
      // The parent's queryset sees every place, children included.
      assert.equal(await Place.objects.using(db).count(), 4);
      await d.refreshFromDb();
      assert.equal(d.name, "Diner");
    });

    test("save() updates each table's own fields; updateFields picks them", async () => {
      const r = await Restaurant.objects.using(db).get({ name: "Cafe" });
      r.name = "Cafe 2";
      r.stars = 3;
      await r.save();
      const again = await Restaurant.objects.using(db).get({ id: r.id });
      assert.deepEqual([again.name, again.stars], ["Cafe 2", 3]);
      r.name = "Cafe 3";
      r.stars = 1;
      await r.save({ updateFields: ["name"] });
      const third = await Restaurant.objects.using(db).get({ id: r.id });
      assert.deepEqual([third.name, third.stars], ["Cafe 3", 3]);
      assert.equal(await count("flg_mti_place"), 4);
      // A new child's link is left for save() to fill: fullClean() does not ask for it.
      const fresh = build(Restaurant.meta, { name: "x", address: "y" }) as unknown as {
        fullClean(): void;
      };
      assert.doesNotThrow(() => fresh.fullClean());
    });

    test("update() on a child writes the tables its values belong to", async () => {
      const n = await Restaurant.objects
        .using(db)
        .filter({ stars: { gte: 4 } })
        .update({ address: "Main st", stars: 9 });
      assert.equal(n, 2);
      assert.deepEqual(
        await Restaurant.objects.using(db).filter({ stars: 9 }).valuesList("name", "address"),
        [
          ["Bar", "Main st"],
          ["Diner", "Main st"],
        ],
      );
      assert.equal(await Place.objects.using(db).filter({ address: "Main st" }).count(), 2);
    });

    test("the parent's one-to-one accessor gives the child; keys to a child work", async () => {
      const bar = await Place.objects.using(db).get({ name: "Bar" });
      const r = await bar.restaurant;
      assert.equal(r.stars, 9);
      const joined = await Place.objects.using(db).selectRelated("restaurant").get({ name: "Bar" });
      assert.equal((joined.restaurant as unknown as { stars: number }).stars, 9);
      const [pre] = await Place.objects
        .using(db)
        .filter({ name: "Bar" })
        .prefetchRelated("restaurant");
      assert.equal((pre!.restaurant as unknown as { name: string }).name, "Bar");
      const park = await Place.objects.using(db).get({ name: "Park" });
      await assert.rejects(async () => park.restaurant, code(ERR_ORM_DOES_NOT_EXIST));
      assert.deepEqual(
        await Place.objects
          .using(db)
          .filter({ restaurant: { stars: 9 } })
          .valuesList("name", { flat: true }),
        ["Bar", "Diner"],
      );
      await Waiter.objects.using(db).create({ name: "Wes", restaurantId: r.id });
      await Waiter.objects.using(db).create({ name: "Val", restaurantId: r.id });
      assert.deepEqual(
        await Waiter.objects
          .using(db)
          .filter({ restaurant: { name: "Bar" } })
          .valuesList("name", { flat: true }),
        ["Val", "Wes"],
      );
      const w = await Waiter.objects.using(db).selectRelated("restaurant").get({ name: "Wes" });
      assert.equal(w.restaurant.name, "Bar");
      const typed = await RestaurantR.objects.using(db).get({ id: r.id });
      assert.equal(await typed.waiters.count(), 2);
      await assert.rejects(
        Restaurant.objects.using(db).bulkCreate([{ name: "x" }]),
        code(ERR_ORM_QUERY),
      );
    });

    test("only(), prefetchRelated, iterator, selectForUpdate and getOrCreate on a child", async () => {
      const part = await Restaurant.objects.using(db).only("name").get({ name: "Bar" });
      part.name = "Bar";
      await part.save(); // writes the loaded fields only: stars stays
      assert.equal((await Restaurant.objects.using(db).get({ name: "Bar" })).stars, 9);
      const [bar] = await RestaurantR.objects
        .using(db)
        .filter({ name: "Bar" })
        .prefetchRelated("waiters");
      assert.equal((await bar!.waiters.all()).length, 2);
      const names: string[] = [];
      for await (const r of Restaurant.objects.using(db).iterator({ chunkSize: 1 }))
        names.push(r.name);
      assert.equal(names.length, 3);
      const locked = await atomic(
        async () =>
          (await Restaurant.objects.using(db).selectForUpdate().filter({ stars: 9 })).length,
        { using: db },
      );
      assert.equal(locked, 2);
      const [got, made] = await Restaurant.objects
        .using(db)
        .getOrCreate({ name: "Bar" }, { stars: 1 });
      assert.deepEqual([got.stars, made], [9, false]);
    });

    test("delete() of a child removes both rows and what points at either", async () => {
      const bar = await Restaurant.objects.using(db).get({ name: "Bar" });
      await Review.objects.using(db).create({ placeId: bar.id, text: "good" });
      // The parent's relations are the child's too: its key is the parent's.
      const typed = await RestaurantR.objects.using(db).get({ id: bar.id });
      assert.equal(await typed.reviews.count(), 1);
      assert.deepEqual(
        await RestaurantR.objects
          .using(db)
          .filter({ reviews: { text: "good" } })
          .valuesList("name", { flat: true }),
        ["Bar"],
      );
      const seen: string[] = [];
      const spy = ({ sender }: { sender: unknown }) => {
        seen.push((sender as { meta: { label: string } }).meta.label);
      };
      postDelete.connect(spy);
      try {
        await bar.delete();
      } finally {
        postDelete.disconnect(spy);
      }
      assert.deepEqual(seen.sort(), [
        "mti.Place",
        "mti.Restaurant",
        "mti.Review",
        "mti.Waiter",
        "mti.Waiter",
      ]);
      assert.equal((bar as unknown as { placePtrId: unknown }).placePtrId, null);
      assert.equal(await Place.objects.using(db).filter({ name: "Bar" }).count(), 0);
      assert.equal(await count("flg_mti_restaurant"), 2);
      assert.equal(await count("flg_mti_review"), 0);
      assert.equal(await count("flg_mti_waiter"), 0);
    });

    test("deleting the parent's row cascades to the child's (and a grandchild's)", async () => {
      const z = await Pizzeria.objects.using(db).create({ name: "Zola", stars: 2, ovens: 3 });
      assert.deepEqual(
        [z.id, (z as unknown as { restaurantPtrId: number }).restaurantPtrId],
        [z.id, z.id],
      );
      assert.deepEqual(
        (await Pizzeria.objects.using(db).all()).map((p) => [p.name, p.stars, p.ovens]),
        [["Zola", 2, 3]],
      );
      // A grandchild's row is one of its parent's and of the root's.
      assert.equal(await Restaurant.objects.using(db).filter({ name: "Zola" }).count(), 1);
      const place = await Place.objects.using(db).get({ name: "Zola" });
      await place.delete();
      assert.equal(await count("flg_mti_pizzeria"), 0);
      assert.equal(await Restaurant.objects.using(db).filter({ name: "Zola" }).count(), 0);
      // Through a queryset too: the children's and the parents' rows go.
      const n = await Place.objects
        .using(db)
        .filter({ name: { startswith: "Cafe" } })
        .delete();
      assert.ok(n >= 1);
      assert.deepEqual(await Restaurant.objects.using(db).valuesList("name", { flat: true }), [
        "Diner",
      ]);
      await Restaurant.objects.using(db).filter({ name: "Diner" }).delete();
      assert.deepEqual(await Place.objects.using(db).valuesList("name", { flat: true }), ["Park"]);
      assert.equal(await count("flg_mti_restaurant"), 0);
    });
  });
}
