/**
 * Exact decimal division (decimal-sql.ts divSql) where the operands scaled to integers do not
 * fit 64 bits, on real SQLite, PostgreSQL and MariaDB: PostgreSQL (numeric) and MariaDB
 * (DECIMAL, refusing past its 65 digits) compute exactly, SQLite fails with its "integer
 * overflow" error, and no backend returns clamped or approximate digits. Every expected value is
 * worked out by hand from the rows below.
 *
 * Entries (amount decimal(20,2), rate decimal(20,10), qty)
 *   a   "1000000000000000.00"   "3.0000000000"   3
 *   b   "-999999999999.99"      "2.0000000000"   8
 *   c   "-100000000001.00"      "2.0000000000"   4
 *   d   "100000000001.00"       "2.0000000000"   4
 * With 8 places (the dividend's 2 + 6) amount / qty scales the dividend by 10^8, beyond 2^63
 * for every row; amount / rate with 0 places scales it by 10^10.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import type { Database } from "../db/index.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { model } from "../model/model.ts";
import { Max, Sum } from "./aggregates.ts";
import { readDecimal } from "./decimal-sql.ts";
import { F } from "./expressions.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

const Entry = model(
  "divrange.Entry",
  {
    label: f.string({ maxLength: 4 }),
    amount: f.decimal({ maxDigits: 20, decimalPlaces: 2 }),
    rate: f.decimal({ maxDigits: 20, decimalPlaces: 10 }),
    qty: f.int(),
  },
  { table: "flg_divrange_entry", ordering: ["label"] },
);
const Huge = model(
  "divrange.Huge",
  {
    v: f.decimal({ maxDigits: 65, decimalPlaces: 30 }),
    w: f.decimal({ maxDigits: 65, decimalPlaces: 4 }),
    t: f.decimal({ maxDigits: 30, decimalPlaces: 20 }),
  },
  { table: "flg_divrange_huge" },
);

/** SQLite's own error for 64-bit integer arithmetic that does not fit. */
const overflow = /integer overflow/;

for (const backend of backends()) {
  describe(`decimal division beyond 64 bits (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, [Entry, Huge]);
    const sqlite = backend.name === "sqlite";
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      for (const [label, amount, rate, qty] of [
        ["a", "1000000000000000.00", "3.0000000000", 3],
        ["b", "-999999999999.99", "2.0000000000", 8],
        ["c", "-100000000001.00", "2.0000000000", 4],
        ["d", "100000000001.00", "2.0000000000", 4],
      ] as const)
        await Entry.objects.using(db).create({ label, amount, rate, qty });
      await Huge.objects.using(db).create({
        v: "12345678901234567890123456789012345.000000000000000000000000000000",
        w: `${"1".repeat(45)}.1234`,
        t: "0.00000000000000000003",
      });
    });

    test("exact digits on PostgreSQL and MariaDB, SQLite's integer overflow error", async () => {
      const q = Entry.objects.using(db).annotate({
        perQty: F("amount").div(F("qty")),
        half: F("amount").div(F("rate"), { places: 0 }),
      });
      if (sqlite) {
        await assert.rejects(async () => await q, overflow);
        return;
      }
      // a: 10^15 / 3; b: -124999999999.99875 exactly; c, d: half away from zero at 0 places.
      assert.deepEqual(
        (await q).map((e) => [e.label, e.perQty, e.half]),
        [
          ["a", "333333333333333.33333333", "333333333333333"],
          ["b", "-124999999999.99875000", "-500000000000"],
          ["c", "-25000000000.25000000", "-50000000001"],
          ["d", "25000000000.25000000", "50000000001"],
        ],
      );
    });

    test("filtering, ordering and summing such quotients: exact, or the error", async () => {
      const neg = Entry.objects
        .using(db)
        .annotate({ per: F("amount").div(F("qty")) })
        .filter({ per: { lt: "0" } })
        .orderBy("per");
      const sum = () => Entry.objects.using(db).aggregate({ s: Sum(F("amount").div(F("qty"))) });
      const max = () => Entry.objects.using(db).aggregate({ m: Max(F("amount").div(F("qty"))) });
      if (sqlite) {
        await assert.rejects(async () => await neg, overflow);
        await assert.rejects(sum, overflow);
        await assert.rejects(max, overflow);
        return;
      }
      assert.deepEqual(
        (await neg).map((e) => [e.label, e.per]),
        [
          ["b", "-124999999999.99875000"],
          ["c", "-25000000000.25000000"],
        ],
      );
      // a + b (c and d cancel): 333333333333333.33333333 - 124999999999.99875000.
      assert.deepEqual(await sum(), { s: "333208333333333.33458333" });
      assert.deepEqual(await max(), { m: "333333333333333.33333333" });
    });

    test("products that leave 64 bits: exact, or the error (not approximate digits)", async () => {
      const q = Entry.objects
        .using(db)
        .filter({ label: "a" })
        .annotate({ sq: F("amount").mul(F("amount")) });
      if (sqlite) {
        await assert.rejects(async () => await q, overflow);
        return;
      }
      assert.deepEqual(
        (await q).map((e) => e.sq),
        ["1000000000000000000000000000000.0000"],
      );
    });

    test("scaled integers that fit 64 bits: the same digits on every backend", async () => {
      // Dividend scaled by 10^2 only: 10^17 at most, doubled still below 2^63.
      const rows = await Entry.objects
        .using(db)
        .annotate({ per: F("amount").div(F("qty"), { places: 2 }) });
      assert.deepEqual(
        rows.map((e) => [e.label, e.per]),
        [
          ["a", "333333333333333.33"],
          ["b", "-125000000000.00"],
          ["c", "-25000000000.25"],
          ["d", "25000000000.25"],
        ],
      );
    });

    test("beyond DECIMAL's 65 digits MariaDB refuses: no clamp, no silent 0", async () => {
      // v scaled by 10^48 (30 places of the divisor + 18 asked) has 83 integer digits; w by
      // 10^22 has 67, where MariaDB computed w / t * 0.01 as 0 without a warning.
      const huge = Huge.objects.using(db);
      const one = huge.annotate({ one: F("v").div(F("v"), { places: 18 }) });
      const big = huge.annotate({ big: F("w").div(F("t"), { places: 2 }) });
      const refused = sqlite ? overflow : /BIGINT value is out of range in '9223372036854775807/;
      if (backend.name !== "postgres") {
        await assert.rejects(async () => await one, refused);
        await assert.rejects(async () => await big, refused);
        return;
      }
      assert.deepEqual(
        (await one).map((h) => h.one),
        ["1.000000000000000000"],
      );
      assert.deepEqual(
        (await big).map((h) => h.big),
        ["3703703703703703703703703703703703703703703704113333333333333333.33"],
      );
    });
  });
}

test("an SQLite decimal result that is not an exact 64-bit integer is a coded error when read", () => {
  assert.equal(readDecimal(12345, 2, "sqlite"), "123.45");
  // Integers beyond 2^53 come from the driver as bigints, exact.
  assert.equal(readDecimal(2n ** 62n, 0, "sqlite"), "4611686018427387904");
  for (const v of [1.5, 1e22, Number.NaN])
    assert.throws(
      () => readDecimal(v, 2, "sqlite"),
      (e: unknown) =>
        (e as { code?: string }).code === ERR_ORM_QUERY &&
        /not an exact 64-bit integer/.test((e as Error).message),
    );
});
