/**
 * Types of arithmetic between aggregates and of decimal division: checked by `tsc --noEmit`;
 * each `@ts-expect-error` fails the check if its line ever compiles. The runtime test runs the
 * typed calls on SQLite.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  Avg,
  Count,
  createModel,
  Database,
  F,
  f,
  Max,
  Min,
  model,
  Sum,
  withRelated,
} from "flagon/orm";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

const ShopBase = model("tarith.Shop", {
  name: f.string({ maxLength: 20 }),
  rate: f.int(),
  fee: f.decimal({ maxDigits: 6, decimalPlaces: 1 }),
});
const Item = model("tarith.Item", {
  price: f.decimal({ maxDigits: 8, decimalPlaces: 2 }),
  qty: f.int(),
  added: f.date(),
  shop: f.foreignKey(() => ShopBase, { onDelete: "cascade", relatedName: "items" }),
});
const Shop = withRelated(ShopBase, { items: f.reverse(() => Item, "shop") });

async function typed(db: Database): Promise<void> {
  const [s] = await Shop.objects
    .using(db)
    .annotate({
      perItem: Sum("items.qty").div(Count("items")),
      spread: Max("items.qty").sub(Min("items.qty")).mul(F("rate")),
      money: Sum("items.price").add(F("fee")),
      mean: Sum("items.price").div(Count("items"), { places: 2 }),
      twice: Avg("items.price").mul(2),
      avgQty: Avg("items.qty").add(1),
      again: F("perItem").add(1),
    })
    .filter({ perItem: { gt: 1 }, money: { gt: "1.0" } })
    .orderBy("-perItem", "money");
  if (s === undefined) return;
  expectType<Equal<typeof s.perItem, number | null>>(true);
  expectType<Equal<typeof s.spread, number | null>>(true);
  expectType<Equal<typeof s.money, string | null>>(true);
  expectType<Equal<typeof s.mean, string | null>>(true);
  expectType<Equal<typeof s.twice, string | null>>(true);
  expectType<Equal<typeof s.avgQty, number | null>>(true);
  expectType<Equal<typeof s.again, number | null>>(true);
  expectType<Equal<typeof s.name, string>>(true);

  const grouped = await Shop.objects
    .using(db)
    .values("rate")
    .annotate({ t: Sum("items.qty").mul(F("rate")) });
  expectType<Equal<(typeof grouped)[number], { rate: number } & { t: number | null }>>(true);

  const later = await Shop.objects
    .using(db)
    .annotate({ n: Count("items") })
    .annotate({ rest: Sum("items.qty").sub(F("n")), dec: Sum("items.price").div(F("n")) });
  expectType<Equal<(typeof later)[number]["rest"], number | null>>(true);
  expectType<Equal<(typeof later)[number]["dec"], string | null>>(true);

  const agg = await Item.objects.using(db).aggregate({
    r: Sum("qty").mul(2).sub(Max("qty")),
    m: Sum("price").div(Count()),
    n: Count(),
  });
  expectType<Equal<typeof agg, { r: number | null; m: string | null; n: number }>>(true);

  const [d] = await Item.objects.using(db).annotate({ per: F("price").div(F("qty")) });
  if (d !== undefined) expectType<Equal<typeof d.per, string | null>>(true);
  void rejected;
}

/** Never run: each call is a compile error (and would throw a coded error at run time). */
async function rejected(db: Database): Promise<void> {
  const q = Shop.objects.using(db);
  // @ts-expect-error: no such path inside the arithmetic
  q.annotate({ x: Sum("items.nope").add(Count("items")) });
  // @ts-expect-error: F of an unknown name as an operand
  q.annotate({ x: Count("items").add(F("nope")) });
  // @ts-expect-error: aggregate() arithmetic takes aggregates and numbers, not F
  Item.objects.aggregate({ x: Sum("qty").add(F("qty")) });
  // @ts-expect-error: an operand is an aggregate, an F or a number
  Count("items").add("2");
  const [w] = await q.annotate({ x: Sum("items.price").add(Count("items")) });
  // @ts-expect-error: a decimal sum plus a count is a decimal string
  const n: number | null = w!.x;
  void n;
}

test("aggregate arithmetic types run on SQLite", async () => {
  const db = new Database("default", "sqlite::memory:");
  try {
    for (const m of [ShopBase, Item]) await createModel(db, m);
    const s = await Shop.objects.using(db).create({ name: "s", rate: 2, fee: "1.5" });
    for (const [price, qty] of [
      ["1.00", 2],
      ["2.50", 4],
    ] as const)
      await Item.objects.using(db).create({ price, qty, added: "2020-01-01", shopId: s.id });
    await typed(db);
    const [row] = await Shop.objects.using(db).annotate({
      perItem: Sum("items.qty").div(Count("items")),
      money: Sum("items.price").add(F("fee")),
    });
    assert.deepEqual([row?.perItem, row?.money], [3, "5.00"]);
  } finally {
    await db.close();
  }
});
