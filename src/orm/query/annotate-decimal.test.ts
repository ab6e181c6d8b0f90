/**
 * Decimals in aggregate() and annotate(): Sum/Avg/Min/Max and F arithmetic stay exact decimal
 * strings with documented places, the same digits on real SQLite, PostgreSQL and MariaDB.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import type { Database } from "../db/index.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { model, withRelated } from "../model/model.ts";
import { Avg, Count, Max, Min, Sum } from "./aggregates.ts";
import { F } from "./expressions.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

const OrderBase = model(
  "anndec.Order",
  { ref: f.string({ maxLength: 10 }), fee: f.decimal({ maxDigits: 6, decimalPlaces: 1 }) },
  { table: "flg_anndec_order", ordering: ["ref"] },
);
const Line = model(
  "anndec.Line",
  {
    price: f.decimal({ maxDigits: 10, decimalPlaces: 2 }),
    qty: f.int(),
    weight: f.float(),
    order: f.foreignKey(() => OrderBase, { onDelete: "cascade", relatedName: "lines" }),
  },
  { table: "flg_anndec_line" },
);
const Order = withRelated(OrderBase, { lines: f.reverse(() => Line, "order") });
const models = [OrderBase, Line];

const code = (re: RegExp) => (e: unknown) =>
  (e as { code?: string }).code === ERR_ORM_QUERY && re.test((e as Error).message);

for (const backend of backends()) {
  describe(`decimals in aggregates and annotations (${backend.name})`, {
    skip: backend.skip,
  }, () => {
    let db: Database;
    let aId = 0;
    const tables = useModelTables(backend, models);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      const a = await Order.objects.using(db).create({ ref: "a", fee: "2.5" });
      aId = a.id;
      const b = await Order.objects.using(db).create({ ref: "b", fee: "0.0" });
      await Order.objects.using(db).create({ ref: "c", fee: "1.0" });
      // 0.10 + 0.20 is not 0.30 in floats: exactness shows.
      for (const [o, price, qty] of [
        [a, "0.10", 3],
        [a, "0.20", 1],
        [a, "19.99", 2],
        [b, "1234567.89", 1],
        [b, "-0.01", 7],
      ] as const)
        await Line.objects.using(db).create({ price, qty, weight: 1.5, orderId: o.id });
    });

    test("aggregate(): Sum keeps the places, Avg has 4 more, Min/Max the field's", async () => {
      const r = await Line.objects.using(db).aggregate({
        total: Sum("price"),
        mean: Avg("price"),
        lo: Min<string>("price"),
        hi: Max<string>("price"),
        n: Count("price"),
      });
      assert.deepEqual(r, {
        total: "1234588.17",
        mean: "246917.634000",
        lo: "-0.01",
        hi: "1234567.89",
        n: 5,
      });
      const small = await Line.objects
        .using(db)
        .filter({ order: aId })
        .aggregate({
          total: Sum("price"),
          mean: Avg("price"),
        });
      // (0.10 + 0.20 + 19.99) / 3 = 6.7633333..., rounded half away from zero.
      assert.deepEqual(small, { total: "20.29", mean: "6.763333" });
      const none = await Line.objects
        .using(db)
        .filter({ qty: 99 })
        .aggregate({
          total: Sum("price"),
          mean: Avg("price"),
        });
      assert.deepEqual(none, { total: null, mean: null });
    });

    test("Sum of decimal arithmetic: exact, scales add for *", async () => {
      const r = await Line.objects.using(db).aggregate({
        gross: Sum(F("price").mul(F("qty"))),
        taxed: Sum(F("price").mul(1.2)),
        plus: Sum(F("price").add(0.005)),
      });
      // 0.30 + 0.20 + 39.98 + 1234567.89 - 0.07
      assert.deepEqual(r, { gross: "1234608.30", taxed: "1481505.804", plus: "1234588.195" });
      // A result may be named as a field; F("price") still reads the field.
      const named = await Line.objects.using(db).aggregate({
        price: Sum("price"),
        qty: Sum(F("price").mul(F("qty"))),
      });
      assert.deepEqual(named, { price: "1234588.17", qty: "1234608.30" });
    });

    test("annotate per row: decimal Sum/Avg across a relation, F of the row", async () => {
      const rows = await Order.objects
        .using(db)
        .annotate({
          total: Sum("lines.price"),
          mean: Avg("lines.price"),
          gross: Sum(F("lines.price").mul(F("lines.qty"))),
          hi: Max<string>("lines.price"),
        })
        .annotate({ withFee: F("total").add(F("fee")), twice: F("fee").mul(2) })
        .orderBy("ref");
      assert.deepEqual(
        rows.map((o) => [o.ref, o.total, o.mean, o.gross, o.hi, o.withFee, o.twice]),
        [
          ["a", "20.29", "6.763333", "40.48", "19.99", "22.79", "5.0"],
          ["b", "1234567.88", "617283.940000", "1234567.82", "1234567.89", "1234567.88", "0.0"],
          ["c", null, null, null, null, null, "2.0"],
        ],
      );
    });

    test("filter and order by decimal annotations; values() grouping", async () => {
      const big = await Order.objects
        .using(db)
        .annotate({ total: Sum("lines.price") })
        .filter({ total: { gt: "20.28" } })
        .orderBy("-total");
      assert.deepEqual(
        big.map((o) => [o.ref, o.total]),
        [
          ["b", "1234567.88"],
          ["a", "20.29"],
        ],
      );
      const byMean = await Order.objects
        .using(db)
        .annotate({ mean: Avg("lines.price") })
        .filter({ mean: { isnull: false } })
        .orderBy("mean");
      assert.deepEqual(
        byMean.map((o) => o.ref),
        ["a", "b"],
      );
      const grouped = await Line.objects
        .using(db)
        .values("qty")
        .annotate({ total: Sum("price"), mean: Avg("price") })
        .filter({ total: { lt: "1" } })
        .orderBy("qty");
      assert.deepEqual(grouped, [
        { qty: 3, total: "0.10", mean: "0.100000" },
        { qty: 7, total: "-0.01", mean: "-0.010000" },
      ]);
    });

    test("inexact decimal arithmetic is refused with a coded error", () => {
      const q = Line.objects.using(db);
      // Division is exact (annotate-arith.test.ts), but not with a float.
      assert.throws(() => q.annotate({ x: F("price").div(F("weight")) }), code(/float field/));
      assert.throws(() => q.annotate({ x: F("price").mul(F("weight")) }), code(/float field/));
      assert.throws(() => q.annotate({ x: Sum(F("price").mul(1e-9)) }), code(/write it plainly/));
      assert.throws(
        () =>
          Order.objects
            .using(db)
            .annotate({ m: Avg("lines.price") })
            .annotate({ x: F("m").mul(2) }),
        code(/decimal Avg/),
      );
    });
  });
}
