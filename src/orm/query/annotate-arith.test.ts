/**
 * Arithmetic between aggregates (`Sum(...).div(Count(...))`) in annotate() and aggregate(), and
 * exact decimal division, on real SQLite, PostgreSQL and MariaDB. Every expected value is worked
 * out by hand from the rows seeded below.
 *
 * Authors (rate, fee)   books (pages, price)                      awards (points)
 *   ann (2, "1.5")        100 "10.00", 51 "0.11", 200 "19.99"      5, 6
 *   bob (3, "0.0")        300 "1.00", 7 "-0.50"                    4
 *   cid (1, "2.0")        none                                     none
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

const AuthorBase = model(
  "annarith.Author",
  {
    name: f.string({ maxLength: 10 }),
    rate: f.int(),
    fee: f.decimal({ maxDigits: 6, decimalPlaces: 1 }),
  },
  { table: "flg_annarith_author", ordering: ["name"] },
);
const Book = model(
  "annarith.Book",
  {
    pages: f.int(),
    price: f.decimal({ maxDigits: 10, decimalPlaces: 2 }),
    published: f.date(),
    author: f.foreignKey(() => AuthorBase, { onDelete: "cascade", relatedName: "books" }),
  },
  { table: "flg_annarith_book", ordering: ["pages"] },
);
const Award = model(
  "annarith.Award",
  {
    points: f.int(),
    author: f.foreignKey(() => AuthorBase, { onDelete: "cascade", relatedName: "awards" }),
  },
  { table: "flg_annarith_award" },
);
const Author = withRelated(AuthorBase, {
  books: f.reverse(() => Book, "author"),
  awards: f.reverse(() => Award, "author"),
});
const models = [AuthorBase, Book, Award];

const code = (re: RegExp) => (e: unknown) =>
  (e as { code?: string }).code === ERR_ORM_QUERY && re.test((e as Error).message);

for (const backend of backends()) {
  describe(`arithmetic between aggregates (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const ids: Record<string, number> = {};
    const tables = useModelTables(backend, models);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      for (const [name, rate, fee] of [
        ["ann", 2, "1.5"],
        ["bob", 3, "0.0"],
        ["cid", 1, "2.0"],
      ] as const)
        ids[name] = (await Author.objects.using(db).create({ name, rate, fee })).id;
      for (const [who, pages, price] of [
        ["ann", 100, "10.00"],
        ["ann", 51, "0.11"],
        ["ann", 200, "19.99"],
        ["bob", 300, "1.00"],
        ["bob", 7, "-0.50"],
      ] as const)
        await Book.objects
          .using(db)
          .create({ pages, price, published: "2020-01-01", authorId: ids[who]! });
      for (const [who, points] of [
        ["ann", 5],
        ["ann", 6],
        ["bob", 4],
      ] as const)
        await Award.objects.using(db).create({ points, authorId: ids[who]! });
    });

    test("per row: aggregates with numbers, F of a field and each other; NULL propagates", async () => {
      const rows = await Author.objects.using(db).annotate({
        // Subqueries per aggregate: books and awards do not multiply each other.
        score: Sum("awards.points").add(Count("books")),
        plusRate: Sum("books.pages").add(F("rate")),
        twice: Count("books").mul(2).sub(1),
        dbl: F("score").mul(2),
      });
      assert.deepEqual(
        rows.map((a) => [a.name, a.score, a.plusRate, a.twice, a.dbl]),
        [
          ["ann", 14, 353, 5, 28],
          ["bob", 6, 310, 3, 12],
          ["cid", null, null, -1, null],
        ],
      );
      const later = await Author.objects
        .using(db)
        .annotate({ n: Count("books") })
        .annotate({ rest: Sum("books.pages").sub(F("n")) });
      assert.deepEqual(
        later.map((a) => [a.name, a.rest]),
        [
          ["ann", 348],
          ["bob", 305],
          ["cid", null],
        ],
      );
    });

    test("per row: filter and order by the combined annotation", async () => {
      const q = Author.objects
        .using(db)
        .annotate({ score: Sum("awards.points").add(Count("books")) });
      const hi = await q.filter({ score: { gte: 6 } }).orderBy("-score");
      assert.deepEqual(
        hi.map((a) => [a.name, a.score]),
        [
          ["ann", 14],
          ["bob", 6],
        ],
      );
      assert.deepEqual(
        (await q.filter({ score: 14 })).map((a) => a.name),
        ["ann"],
      );
      assert.deepEqual(
        (await q.filter({ score: { isnull: true } })).map((a) => a.name),
        ["cid"],
      );
      const last = await q.orderBy({ by: "score", nulls: "last" });
      assert.deepEqual(
        last.map((a) => a.name),
        ["bob", "ann", "cid"],
      );
      const byExpr = await q.orderBy(F("score").mul(-1).asc({ nulls: "first" }));
      assert.deepEqual(
        byExpr.map((a) => a.name),
        ["cid", "ann", "bob"],
      );
    });

    test("int / int follows each backend; a number division by zero too", async () => {
      const rows = await Author.objects
        .using(db)
        .annotate({ perBook: Sum("books.pages").div(Count("books")) })
        .orderBy("name");
      // 351 / 3 = 117; 307 / 2 truncates on SQLite and PostgreSQL, MySQL keeps 153.5.
      assert.deepEqual(
        rows.map((a) => a.perBook),
        [117, backend.name === "mysql" ? 153.5 : 153, null],
      );
      // cid: 0 / 0. NULL on SQLite and MySQL; PostgreSQL raises (as in Django).
      const zero = Author.objects
        .using(db)
        .filter({ name: "cid" })
        .annotate({ r: Count("books").div(Count("awards")) });
      if (backend.name === "postgres")
        await assert.rejects(async () => await zero, /division by zero/);
      else
        assert.deepEqual(
          (await zero).map((a) => a.r),
          [null],
        );
    });

    test("values(): one grouped query, F of a grouping field", async () => {
      const grouped = await Author.objects
        .using(db)
        .values("rate")
        .annotate({
          t: Sum("books.pages").mul(F("rate")),
          spread: Max("books.pages").sub(Min("books.pages")),
        })
        .orderBy("rate");
      assert.deepEqual(grouped, [
        { rate: 1, t: null, spread: null },
        { rate: 2, t: 702, spread: 149 },
        { rate: 3, t: 921, spread: 293 },
      ]);
      const means = await Book.objects
        .using(db)
        .values("authorId")
        .annotate({ mean: Sum("price").div(Count("id")) })
        .filter({ mean: { gt: "1" } });
      // 30.10 / 3 with 2 + 6 places.
      assert.deepEqual(means, [{ authorId: ids.ann, mean: "10.03333333" }]);
      const byMean = await Book.objects
        .using(db)
        .values("authorId")
        .annotate({ mean: Sum("price").div(Count("id")) })
        .orderBy("-mean");
      assert.deepEqual(
        byMean.map((r) => r.mean),
        ["10.03333333", "0.25000000"],
      );
    });

    test("aggregate(): arithmetic between aggregates, exact decimals, empty is NULL", async () => {
      const r = await Book.objects.using(db).aggregate({
        r: Sum("pages").mul(2).sub(Max("pages")),
        mean: Sum("price").div(Count(), { places: 2 }),
        avg2: Avg("price").mul(2),
        price: Sum("price").add(1),
        n: Count(),
      });
      // 658 * 2 - 300; 30.60 / 5; Avg "6.120000" (2 + 4 places) * 2; a result named as a field.
      assert.deepEqual(r, { r: 1016, mean: "6.12", avg2: "12.240000", price: "31.60", n: 5 });
      const none = await Book.objects
        .using(db)
        .filter({ pages: 9999 })
        .aggregate({ r: Sum("pages").mul(2).sub(Max("pages")), mean: Sum("price").div(Count()) });
      assert.deepEqual(none, { r: null, mean: null });
      const s = await Book.objects
        .using(db)
        .aggregate({ s: Sum(F("price").div(3, { places: 2 })) });
      // Each quotient rounded first: -0.17 + 0.04 + 3.33 + 6.66 + 0.33.
      assert.deepEqual(s, { s: "10.19" });
    });

    test("decimal division: places, half away from zero, zero divisor is NULL", async () => {
      const rows = await Book.objects.using(db).annotate({
        third: F("price").div(3, { places: 2 }),
        eighth: F("price").div(8, { places: 3 }),
        per: F("price").div(F("pages")),
      });
      assert.deepEqual(
        rows.map((b) => [b.pages, b.third, b.eighth, b.per]),
        [
          [7, "-0.17", "-0.063", "-0.07142857"],
          [51, "0.04", "0.014", "0.00215686"],
          [100, "3.33", "1.250", "0.10000000"],
          [200, "6.66", "2.499", "0.09995000"],
          [300, "0.33", "0.125", "0.00333333"],
        ],
      );
      const big = await Book.objects
        .using(db)
        .annotate({ per: F("price").div(F("pages")) })
        .filter({ per: { gt: "0.003" } })
        .orderBy("-per");
      assert.deepEqual(
        big.map((b) => b.pages),
        [100, 200, 300],
      );
      const byFee = await Author.objects.using(db).annotate({
        byFee: Sum("books.price").div(F("fee")),
        plus: Sum("books.price").add(F("fee")),
      });
      // 30.10 / 1.5 = 20.0666...; bob's fee is 0.0: NULL, not an error, on every backend.
      assert.deepEqual(
        byFee.map((a) => [a.name, a.byFee, a.plus]),
        [
          ["ann", "20.06666667", "31.60"],
          ["bob", null, "0.50"],
          ["cid", null, null],
        ],
      );
    });

    test("decimal division of named annotations; int / int inside a decimal expression", async () => {
      const per = await Author.objects
        .using(db)
        .annotate({ total: Sum("books.price"), n: Count("books") })
        .annotate({ per: F("total").div(F("n")) });
      assert.deepEqual(
        per.map((a) => [a.name, a.per]),
        [
          ["ann", "10.03333333"],
          ["bob", "0.25000000"],
          ["cid", null],
        ],
      );
      // pages / 2 is exact there (6 places), so 7 / 2 is 3.5 on every backend.
      const mixed = await Book.objects.using(db).annotate({ x: F("price").add(F("pages").div(2)) });
      assert.deepEqual(
        mixed.map((b) => b.x),
        ["3.000000", "25.610000", "60.000000", "119.990000", "151.000000"],
      );
    });

    test("a decimal Avg in arithmetic is its exact mean with Avg's places", async () => {
      const rows = await Author.objects.using(db).annotate({
        twice: Avg("books.price").mul(2),
        plus: Avg("books.price").add(F("fee")),
      });
      // ann: 30.10 / 3 = "10.033333"; bob: "0.250000".
      assert.deepEqual(
        rows.map((a) => [a.name, a.twice, a.plus]),
        [
          ["ann", "20.066666", "11.533333"],
          ["bob", "0.500000", "0.250000"],
          ["cid", null, null],
        ],
      );
    });

    test("wrong operands are coded errors naming the problem", async () => {
      const a = Author.objects.using(db);
      assert.throws(
        () => a.annotate({ x: Max("books.published").add(1) }),
        code(/Max\("books.published"\) is not a number/),
      );
      assert.throws(
        () => a.values("rate").annotate({ x: Count("books").add(F("fee")) }),
        code(/F\("fee"\) is neither an annotation nor a field of the values\(\) grouping/),
      );
      await assert.rejects(
        () => Book.objects.using(db).aggregate({ x: Sum("pages").add(F("pages") as never) }),
        code(/F\("pages"\) is not an aggregate/),
      );
      assert.throws(
        () => a.annotate({ x: Sum("books.pages").div(Count("books"), { places: 2 }) }),
        code(/needs a decimal operand/),
      );
      assert.throws(() => Sum("pages").div(2, { places: 99 }), code(/places is a whole number/));
      assert.throws(
        () => a.annotate({ x: Sum("books.price").mul(Avg("books.pages")) }),
        code(/Avg\("books.pages"\) is a float field in an expression with decimals/),
      );
      const ann = a.annotate({ x: Sum("books.pages").add(1) });
      assert.throws(() => ann.filter({ flg__x_0: 1 } as never), code(/not an annotation here/));
      // Refused when the filter is built, not when it runs.
      assert.throws(
        () => Book.objects.using(db).filter({ pages: { gt: F("pages").div(2, { places: 1 }) } }),
        code(/annotate\(\) and aggregate\(\)/),
      );
    });
  });
}
