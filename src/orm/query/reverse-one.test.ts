import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import type { Database } from "../db/index.ts";
import { ERR_ORM_DOES_NOT_EXIST, ERR_ORM_QUERY, ERR_ORM_STATE } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { model, withRelated } from "../model/model.ts";
import { counting } from "./fixtures/count-queries.ts";
import { useModelTables } from "./fixtures/model-tables.ts";
import { RelatedObject } from "./related-object.ts";

const PlaceBase = model(
  "ro.Place",
  { city: f.string({ maxLength: 20 }) },
  { table: "flg_ro_place", ordering: ["city"] },
);
const Restaurant = model(
  "ro.Restaurant",
  {
    place: f.oneToOne(() => PlaceBase, { onDelete: "cascade", relatedName: "restaurant" }),
    stars: f.int(),
  },
  { table: "flg_ro_restaurant" },
);
const Waiter = model(
  "ro.Waiter",
  {
    name: f.string({ maxLength: 20 }),
    restaurant: f.foreignKey(() => Restaurant, { onDelete: "cascade", relatedName: "waiters" }),
  },
  { table: "flg_ro_waiter", ordering: ["name"] },
);
// No relatedName: the reverse side is named after the model, as in Django (`place.kitchen`).
const Kitchen = model(
  "ro.Kitchen",
  { place: f.oneToOne(() => PlaceBase, { onDelete: "cascade" }), ovens: f.int() },
  { table: "flg_ro_kitchen" },
);
const Place = withRelated(PlaceBase, {
  restaurant: f.reverse(() => Restaurant, "place"),
  kitchen: f.reverse(() => Kitchen, "place"),
});
const models = [PlaceBase, Restaurant, Waiter, Kitchen];

test("selectRelated on a one-to-one's reverse side: SQL per dialect", () => {
  const qs = Place.objects.selectRelated("restaurant");
  assert.deepEqual(qs.toSql("postgres"), {
    sql: 'select "flg_ro_place"."id", "flg_ro_place"."city", "sr_restaurant"."id" as "sr_restaurant__id", "sr_restaurant"."place_id" as "sr_restaurant__place_id", "sr_restaurant"."stars" as "sr_restaurant__stars" from "flg_ro_place" left join "flg_ro_restaurant" as "sr_restaurant" on "sr_restaurant"."place_id" = "flg_ro_place"."id" order by "flg_ro_place"."city" asc',
    params: [],
  });
  assert.equal(qs.toSql("sqlite").sql, qs.toSql("postgres").sql);
  assert.equal(qs.toSql("mysql").sql, qs.toSql("postgres").sql.replaceAll('"', "`"));
});

test("selectRelated refuses a multi-valued step after a one-to-one's reverse side", () => {
  assert.throws(
    () => Place.objects.selectRelated("restaurant.waiters" as never),
    (e: Error & { code?: string }) =>
      e.code === ERR_ORM_QUERY && /restaurant\.waiters/.test(e.message),
  );
});

for (const backend of backends()) {
  describe(`a one-to-one's reverse side (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, models);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
    });

    /** `n` places; every other one has a restaurant with two waiters. */
    async function seed(n: number, start: number): Promise<void> {
      for (let i = start; i < start + n; i++) {
        const p = await Place.objects.using(db).create({ city: `c${String(i).padStart(3, "0")}` });
        if (i % 2 === 1) continue;
        const r = await Restaurant.objects.using(db).create({ placeId: p.id, stars: i });
        await Waiter.objects.using(db).create({ name: `${p.city}-w1`, restaurantId: r.id });
        await Waiter.objects.using(db).create({ name: `${p.city}-w2`, restaurantId: r.id });
      }
    }

    test("awaiting the accessor gives the row, or throws DoesNotExist", async () => {
      await seed(2, 0);
      const [open, shut] = await Place.objects.using(db);
      assert.ok(open!.restaurant instanceof RelatedObject);
      const r = await open!.restaurant;
      assert.equal(r.stars, 0);
      assert.equal(r.placeId, open!.id);
      await assert.rejects(
        (async () => shut!.restaurant)(),
        (e: Error & { code?: string; model?: string }) =>
          e.code === ERR_ORM_DOES_NOT_EXIST && e.model === "ro.Restaurant",
      );
      // Not a manager any more, and not part of the row.
      assert.equal((open as unknown as { all?: unknown }).all, undefined);
      assert.deepEqual(Object.keys(open!), ["id", "city"]);
      const gone = await Place.objects.using(db).create({ city: "gone" });
      await gone.delete();
      await assert.rejects(
        (async () => gone.restaurant)(),
        (e: Error & { code?: string }) => e.code === ERR_ORM_STATE,
      );
    });

    test("the default name is the model's; filters take it too", async () => {
      const [open] = await Place.objects.using(db);
      await Kitchen.objects.using(db).create({ placeId: open!.id, ovens: 2 });
      assert.equal((await open!.kitchen).ovens, 2);
      const withOvens = await Place.objects.using(db).filter({ kitchen: { ovens: { gte: 1 } } });
      assert.deepEqual(
        withOvens.map((p) => p.id),
        [open!.id],
      );
      const [loaded] = await Place.objects.using(db).prefetchRelated("kitchen", "restaurant");
      assert.equal(loaded!.kitchen?.ovens, 2);
      assert.equal(loaded!.restaurant?.stars, 0);
    });

    test("selectRelated joins it in the same query; null where there is none", async () => {
      const [places, n] = await counting(db, async () =>
        Place.objects.using(db).selectRelated("restaurant"),
      );
      assert.equal(n, 1);
      assert.deepEqual(
        places.map((p) => p.restaurant?.stars ?? null),
        [0, null],
      );
      // Awaiting a loaded instance runs nothing.
      const [again, m] = await counting(db, async () => places[0]!.restaurant);
      assert.equal(m, 0);
      assert.equal(again?.stars, 0);
      // Both ways in one path: waiter -> restaurant -> place -> restaurant.
      const [w] = await Waiter.objects
        .using(db)
        .selectRelated("restaurant.place.restaurant" as never);
      const back = (w as unknown as { restaurant: { place: { restaurant: { id: number } } } })
        .restaurant.place.restaurant;
      assert.equal(back.id, w!.restaurantId);
    });

    test("prefetchRelated loads it, and nested paths, with a constant number of queries", async () => {
      const load = async () => {
        const places = await Place.objects.using(db).prefetchRelated("restaurant.waiters");
        const out: [string, number | null, string[]][] = [];
        for (const p of places) {
          const r = p.restaurant;
          const waiters =
            r === null
              ? []
              : await (
                  r as unknown as { waiters: { all(): Promise<{ name: string }[]> } }
                ).waiters.all();
          out.push([p.city, r?.stars ?? null, waiters.map((x) => x.name)]);
        }
        return out;
      };
      const [few, q1] = await counting(db, load);
      assert.deepEqual(few, [
        ["c000", 0, ["c000-w1", "c000-w2"]],
        ["c001", null, []],
      ]);
      await seed(8, 2);
      const [many, q2] = await counting(db, load);
      assert.equal(many.length, 10);
      assert.deepEqual(many[8], ["c008", 8, ["c008-w1", "c008-w2"]]);
      assert.deepEqual(many[9], ["c009", null, []]);
      // places, restaurants, waiters.
      assert.equal(q1, 3);
      assert.equal(q2, 3);
    });

    test("the forward side, prefetched from the other end", async () => {
      const [waiters, n] = await counting(db, async () =>
        Waiter.objects
          .using(db)
          .filter({ name: { startswith: "c002" } })
          .prefetchRelated("restaurant.place"),
      );
      assert.equal(n, 3);
      assert.deepEqual(
        waiters.map((w) => (w.restaurant as unknown as { place: { city: string } }).place.city),
        ["c002", "c002"],
      );
    });
  });
}
