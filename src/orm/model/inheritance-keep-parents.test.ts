/**
 * `instance.delete({ keepParents: true })` on a multi-table child, on every backend: the child's
 * own row goes, with what points at that row (by the onDelete rules, signals sent), while its
 * ancestors' rows stay, with what points at them. A queryset delete has no such option.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import { type Database, sql } from "../db/index.ts";
import { useModelTables } from "../query/fixtures/model-tables.ts";
import { ERR_ORM_DOES_NOT_EXIST, ERR_ORM_PROTECTED } from "./errors.ts";
import { f } from "./fields.ts";
import { model, withRelated } from "./model.ts";
import { postDelete, preDelete } from "./signals.ts";

const PlaceBase = model(
  "mtk.Place",
  { name: f.string({ maxLength: 30 }) },
  { table: "flg_mtk_place", ordering: ["name"] },
);
const Restaurant = model(
  "mtk.Restaurant",
  { stars: f.int({ default: 0 }) },
  { extends: PlaceBase, table: "flg_mtk_restaurant" },
);
const Pizzeria = model(
  "mtk.Pizzeria",
  { ovens: f.int({ default: 1 }) },
  { extends: Restaurant, table: "flg_mtk_pizzeria" },
);
// Points at the parent: kept by keepParents, as the Place it names is.
const Review = model(
  "mtk.Review",
  {
    place: f.foreignKey(() => PlaceBase, { onDelete: "cascade", relatedName: "reviews" }),
    text: f.string({ maxLength: 20 }),
  },
  { table: "flg_mtk_review" },
);
// Points at the child's own table: cascades from it.
const Waiter = model(
  "mtk.Waiter",
  {
    name: f.string({ maxLength: 20 }),
    restaurant: f.foreignKey(() => Restaurant, { onDelete: "cascade" }),
  },
  { table: "flg_mtk_waiter" },
);
// Protects a child's row: refuses the delete, keepParents or not.
const Licence = model(
  "mtk.Licence",
  { restaurant: f.foreignKey(() => Restaurant, { onDelete: "protect" }) },
  { table: "flg_mtk_licence" },
);
const Place = withRelated(PlaceBase, { restaurant: f.child(() => Restaurant) });
const models = [PlaceBase, Restaurant, Pizzeria, Review, Waiter, Licence];

const code = (c: string) => (e: unknown) => (e as { code?: string }).code === c;
const label = (sender: unknown) => (sender as { meta: { label: string } }).meta.label;

for (const backend of backends()) {
  describe(`keepParents on delete (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, models);
    before(() => {
      db = tables.db;
    });
    const count = async (table: string) =>
      Number(
        (await db.query<{ n: number }>(sql`select count(*) as n from ${sql.id(table)}`)).rows[0]!.n,
      );

    test("deletes the child's row and what cascades from it; the Place and its reviews stay", async () => {
      const r = await Restaurant.objects.using(db).create({ name: "Bistro", stars: 4 });
      await Review.objects.using(db).create({ placeId: r.id, text: "good" });
      await Waiter.objects.using(db).create({ name: "Ann", restaurantId: r.id });
      const pre: string[] = [];
      const post: string[] = [];
      const onPre = ({ sender }: { sender: unknown }) => void pre.push(label(sender));
      const onPost = ({ sender }: { sender: unknown }) => void post.push(label(sender));
      preDelete.connect(onPre);
      postDelete.connect(onPost);
      try {
        await r.delete({ keepParents: true });
      } finally {
        preDelete.disconnect(onPre);
        postDelete.disconnect(onPost);
      }
      // Signals for the child's instance and what cascaded from its table, none for the Place.
      assert.deepEqual(pre.sort(), ["mtk.Restaurant", "mtk.Waiter"]);
      assert.deepEqual(post.sort(), ["mtk.Restaurant", "mtk.Waiter"]);
      // As in Django: the child's key (its link) is cleared, the parent's `id` is not.
      assert.equal((r as unknown as { placePtrId: unknown }).placePtrId, null);
      assert.equal(typeof r.id, "number");
      assert.equal(await count("flg_mtk_restaurant"), 0);
      assert.equal(await count("flg_mtk_waiter"), 0);
      const place = await Place.objects.using(db).get({ id: r.id });
      assert.equal(place.name, "Bistro");
      assert.equal(await count("flg_mtk_review"), 1);
      await assert.rejects(async () => {
        await place.restaurant;
      }, code(ERR_ORM_DOES_NOT_EXIST));
      await place.delete();
      assert.equal(await count("flg_mtk_review"), 0);
    });

    test("a grandchild keeps its parent's and its grandparent's rows", async () => {
      const z = await Pizzeria.objects.using(db).create({ name: "Zola", stars: 2, ovens: 3 });
      await Waiter.objects.using(db).create({ name: "Bo", restaurantId: z.id });
      await z.delete({ keepParents: true });
      assert.equal(await count("flg_mtk_pizzeria"), 0);
      const r = await Restaurant.objects.using(db).get({ id: z.id });
      assert.deepEqual([r.name, r.stars], ["Zola", 2]);
      // The waiter points at the Restaurant row, which stays.
      assert.equal(await count("flg_mtk_waiter"), 1);
      await r.delete();
      assert.equal(await count("flg_mtk_place"), 0);
      assert.equal(await count("flg_mtk_waiter"), 0);
    });

    test("a protecting key on the child's table still refuses, and nothing is deleted", async () => {
      const r = await Restaurant.objects.using(db).create({ name: "Locked" });
      await Licence.objects.using(db).create({ restaurantId: r.id });
      await assert.rejects(r.delete({ keepParents: true }), code(ERR_ORM_PROTECTED));
      assert.equal(await count("flg_mtk_restaurant"), 1);
      assert.equal(await count("flg_mtk_place"), 1);
      await Licence.objects.using(db).delete();
      await Restaurant.objects.using(db).delete();
    });

    test("without keepParents, and on a queryset, the parent's row goes too", async () => {
      const a = await Restaurant.objects.using(db).create({ name: "A" });
      await a.delete({ keepParents: false });
      await Restaurant.objects.using(db).create({ name: "B" });
      assert.equal(await Restaurant.objects.using(db).filter({ name: "B" }).delete(), 1);
      assert.equal(await count("flg_mtk_place"), 0);
    });

    test("on a model without a parent it is a plain delete", async () => {
      const p = await PlaceBase.objects.using(db).create({ name: "Park" });
      await p.delete({ keepParents: true });
      assert.equal(p.id, null);
      assert.equal(await count("flg_mtk_place"), 0);
    });
  });
}
