/**
 * Proxy models and multi-table inheritance, for the type-checker: each `@ts-expect-error` fails
 * `tsc --noEmit` if its line ever compiles. The runtime test runs the typed calls on SQLite.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createModel,
  Database,
  f,
  type Instance,
  model,
  type RelatedObject,
  type RowOf,
  withRelated,
} from "flagon/orm";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

const PlaceBase = model(
  "tinh.Place",
  { name: f.string({ maxLength: 20 }), address: f.string({ maxLength: 40, default: "" }) },
  { table: "tinh_place", ordering: ["name"] },
);
const Restaurant = model(
  "tinh.Restaurant",
  { stars: f.int({ default: 0 }), servesPizza: f.boolean({ default: false }) },
  { extends: PlaceBase, table: "tinh_restaurant", ordering: ["-stars", "name"] },
);
const Pizzeria = model(
  "tinh.Pizzeria",
  { ovens: f.int() },
  { extends: Restaurant, table: "tinh_pizzeria" },
);
const ByAddress = model(
  "tinh.ByAddress",
  {},
  { proxy: true, extends: PlaceBase, ordering: ["address"] },
);
const Place = withRelated(PlaceBase, { restaurant: f.child(() => Restaurant) });

// The child's row: the parent's fields (its `id` included) and its own.
type RestaurantRow = RowOf<(typeof Restaurant)["__fields"]>;
expectType<
  Equal<
    RestaurantRow,
    { id: number; name: string; address: string; stars: number; servesPizza: boolean }
  >
>(true);
expectType<Equal<RowOf<(typeof Pizzeria)["__fields"]>["name"], string>>(true);
expectType<Equal<RowOf<(typeof Pizzeria)["__fields"]>["ovens"], number>>(true);
// A proxy's row is its concrete model's.
expectType<Equal<RowOf<(typeof ByAddress)["__fields"]>, RowOf<(typeof PlaceBase)["__fields"]>>>(
  true,
);
expectType<
  Equal<
    Instance<(typeof Place)["__fields"]>["restaurant"],
    RelatedObject<(typeof Restaurant)["__fields"]>
  >
>(true);

/** Type checks only: never called. */
export function neverRun(db: Database): void {
  // @ts-expect-error a child's filter names its own or its parent's fields only
  Restaurant.objects.filter({ nmae: "x" });
  // @ts-expect-error a parent field's lookups keep their types on the child
  Restaurant.objects.filter({ name: { gte: 3 } });
  // @ts-expect-error the parent's required fields are required by the child's create()
  void Restaurant.objects.using(db).create({ stars: 3 });
  // @ts-expect-error ordering names a row property of the child or its parent
  model("tinh.Bad", {}, { extends: PlaceBase, ordering: ["nope"] });
  // @ts-expect-error a proxy's ordering names its concrete model's fields
  model("tinh.BadProxy", {}, { proxy: true, extends: PlaceBase, ordering: ["stars"] });
  // @ts-expect-error a proxy declares no fields
  model("tinh.FieldedProxy", { extra: f.int() }, { proxy: true, extends: PlaceBase });
  // @ts-expect-error a proxy filter is typed as its concrete model's
  ByAddress.objects.filter({ stars: 1 });
}

async function typed(db: Database): Promise<string> {
  const r = await Restaurant.objects.using(db).create({ name: "Bistro", stars: 4 });
  const stars: number = r.stars;
  const name: string = r.name;
  const found = await Restaurant.objects
    .using(db)
    .filter({ name: { startswith: "B" }, stars: { gte: 3 } })
    .values("name", "stars");
  const place = await Place.objects.using(db).get({ id: r.id });
  const child = await place.restaurant;
  const byAddress = await ByAddress.objects.using(db).count();
  return `${name} ${stars} ${found.length} ${child.stars} ${byAddress}`;
}

test("inheritance types run as typed", async () => {
  const db = new Database("default", "sqlite::memory:");
  for (const m of [PlaceBase, Restaurant, Pizzeria]) await createModel(db, m as never);
  assert.equal(await typed(db), "Bistro 4 1 4 1");
  await db.close();
});
