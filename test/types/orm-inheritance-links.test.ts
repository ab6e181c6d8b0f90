/**
 * A multi-table child's own parent link and `delete({ keepParents })`, for the type-checker:
 * each `@ts-expect-error` fails `tsc --noEmit` if its line ever compiles. The runtime test runs
 * the typed calls on SQLite.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createModel, Database, f, model, type RowOf } from "flagon/orm";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

const Place = model("tinl.Place", { name: f.string({ maxLength: 20 }) }, { table: "tinl_place" });
const Restaurant = model(
  "tinl.Restaurant",
  {
    place: f.oneToOne(() => Place, { onDelete: "cascade", parentLink: true }),
    stars: f.int({ default: 0 }),
  },
  { extends: Place, table: "tinl_restaurant" },
);

// The declared link is a typed row property (the generated `placePtrId` is not).
expectType<
  Equal<
    RowOf<(typeof Restaurant)["__fields"]>,
    { id: number; name: string; placeId: number; stars: number }
  >
>(true);

/** Type checks only: never called. */
export async function neverRun(db: Database): Promise<void> {
  const r = await Restaurant.objects.using(db).create({ name: "x" });
  // @ts-expect-error keepParents is a boolean
  await r.delete({ keepParents: "yes" });
  // @ts-expect-error a queryset delete has no keepParents (nor has Django's)
  await Restaurant.objects.using(db).delete({ keepParents: true });
  // @ts-expect-error the link is a key to the parent, not a string
  await Restaurant.objects.using(db).filter({ placeId: "x" });
}

async function typed(db: Database): Promise<string> {
  // save() fills the link: create() does not ask for it.
  const r = await Restaurant.objects.using(db).create({ name: "Bistro", stars: 4 });
  const link: number = r.placeId;
  await r.delete({ keepParents: true });
  const left = await Place.objects.using(db).valuesList("name", { flat: true });
  return `${link === r.id} ${left.join(",")} ${await Restaurant.objects.using(db).count()}`;
}

test("parent link and keepParents types run as typed", async () => {
  const db = new Database("default", "sqlite::memory:");
  for (const m of [Place, Restaurant]) await createModel(db, m as never);
  assert.equal(await typed(db), "true Bistro 0");
  await db.close();
});
