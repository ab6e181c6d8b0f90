/**
 * The SQL of arithmetic between aggregates (annotate-arith.ts) and of exact decimal division
 * (decimal-sql.ts divSql), pinned per dialect. Each aggregate of an expression is written where
 * the expression is (a correlated subquery per row, or inline in a values() grouping); a decimal
 * quotient is `2n + sign(n)|d|` over `2d`, truncated, NULLIF guarding the divisor: in `numeric`
 * on PostgreSQL, in DECIMAL (`x - mod(x, y)` over `y`, after the range guards) on MySQL, both
 * scaled back by a literal, and in 64-bit integers checked for a REAL overflow on SQLite.
 * Review a change here, then update the expected text.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { f } from "../model/fields.ts";
import { model, withRelated } from "../model/model.ts";
import { Avg, Count, Sum } from "./aggregates.ts";
import { F } from "./expressions.ts";

const AuthorBase = model(
  "arithsnap.Author",
  {
    name: f.string({ maxLength: 10 }),
    rate: f.int(),
    fee: f.decimal({ maxDigits: 6, decimalPlaces: 1 }),
  },
  { table: "ar_author" },
);
const Book = model(
  "arithsnap.Book",
  {
    pages: f.int(),
    price: f.decimal({ maxDigits: 10, decimalPlaces: 2 }),
    author: f.foreignKey(() => AuthorBase, { onDelete: "cascade", relatedName: "books" }),
  },
  { table: "ar_book" },
);
const Author = withRelated(AuthorBase, { books: f.reverse(() => Book, "author") });
const shapes = {
  perRow: () =>
    Author.objects
      .annotate({ score: Sum("books.pages").add(Count("books")).mul(F("rate")) })
      .filter({ score: { gte: 6 } })
      .orderBy("-score"),
  grouped: () =>
    Book.objects
      .values("authorId")
      .annotate({ mean: Sum("price").div(Count("id")) })
      .filter({ mean: { gt: "1" } }),
  decimalDiv: () =>
    Book.objects
      .annotate({ third: F("price").div(3, { places: 2 }), per: F("price").div(F("pages")) })
      .orderBy("-per"),
  avgDecimal: () => Author.objects.annotate({ twice: Avg("books.price").mul(2) }),
};
const expected: Record<string, Record<string, { sql: string; params: unknown[] }>> = {
  sqlite: {
    perRow: {
      sql: 'select "ar_author"."id", "ar_author"."name", "ar_author"."rate", "ar_author"."fee", (((select sum("q0j1"."pages") from "ar_author" as "q0" left join "ar_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" where "q0"."id" = "ar_author"."id") + (select count("q1j1"."id") from "ar_author" as "q1" left join "ar_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" where "q1"."id" = "ar_author"."id")) * "ar_author"."rate") as "score" from "ar_author" where (((select sum("q0j1"."pages") from "ar_author" as "q0" left join "ar_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" where "q0"."id" = "ar_author"."id") + (select count("q1j1"."id") from "ar_author" as "q1" left join "ar_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" where "q1"."id" = "ar_author"."id")) * "ar_author"."rate") >= ? order by "score" desc',
      params: [6],
    },
    grouped: {
      sql: 'select "ar_book"."author_id", (case when typeof(((2 * (sum(cast(round("ar_book"."price" * 100) as integer)) * 1000000) + sign((sum(cast(round("ar_book"."price" * 100) as integer)) * 1000000)) * abs((count("ar_book"."id")))) / (2 * nullif((count("ar_book"."id")), 0)))) = \'real\' then abs(-9223372036854775807 - 1) else ((2 * (sum(cast(round("ar_book"."price" * 100) as integer)) * 1000000) + sign((sum(cast(round("ar_book"."price" * 100) as integer)) * 1000000)) * abs((count("ar_book"."id")))) / (2 * nullif((count("ar_book"."id")), 0))) end) as "mean" from "ar_book" group by "ar_book"."author_id" having ((case when typeof(((2 * (sum(cast(round("ar_book"."price" * 100) as integer)) * 1000000) + sign((sum(cast(round("ar_book"."price" * 100) as integer)) * 1000000)) * abs((count("ar_book"."id")))) / (2 * nullif((count("ar_book"."id")), 0)))) = \'real\' then abs(-9223372036854775807 - 1) else ((2 * (sum(cast(round("ar_book"."price" * 100) as integer)) * 1000000) + sign((sum(cast(round("ar_book"."price" * 100) as integer)) * 1000000)) * abs((count("ar_book"."id")))) / (2 * nullif((count("ar_book"."id")), 0))) end) / 100000000.0) > ?',
      params: [1],
    },
    decimalDiv: {
      sql: 'select "ar_book"."id", "ar_book"."pages", "ar_book"."price", "ar_book"."author_id", (case when typeof(((2 * (cast(round("ar_book"."price" * 100) as integer)) + sign((cast(round("ar_book"."price" * 100) as integer))) * abs((3))) / (2 * nullif((3), 0)))) = \'real\' then abs(-9223372036854775807 - 1) else ((2 * (cast(round("ar_book"."price" * 100) as integer)) + sign((cast(round("ar_book"."price" * 100) as integer))) * abs((3))) / (2 * nullif((3), 0))) end) as "third", (case when typeof(((2 * (cast(round("ar_book"."price" * 100) as integer) * 1000000) + sign((cast(round("ar_book"."price" * 100) as integer) * 1000000)) * abs(("ar_book"."pages"))) / (2 * nullif(("ar_book"."pages"), 0)))) = \'real\' then abs(-9223372036854775807 - 1) else ((2 * (cast(round("ar_book"."price" * 100) as integer) * 1000000) + sign((cast(round("ar_book"."price" * 100) as integer) * 1000000)) * abs(("ar_book"."pages"))) / (2 * nullif(("ar_book"."pages"), 0))) end) as "per" from "ar_book" order by ((case when typeof(((2 * (cast(round("ar_book"."price" * 100) as integer) * 1000000) + sign((cast(round("ar_book"."price" * 100) as integer) * 1000000)) * abs(("ar_book"."pages"))) / (2 * nullif(("ar_book"."pages"), 0)))) = \'real\' then abs(-9223372036854775807 - 1) else ((2 * (cast(round("ar_book"."price" * 100) as integer) * 1000000) + sign((cast(round("ar_book"."price" * 100) as integer) * 1000000)) * abs(("ar_book"."pages"))) / (2 * nullif(("ar_book"."pages"), 0))) end) / 100000000.0) desc',
      params: [],
    },
    avgDecimal: {
      sql: 'select "ar_author"."id", "ar_author"."name", "ar_author"."rate", "ar_author"."fee", (case when typeof((((2 * ((select sum(cast(round("q0xj1"."price" * 100) as integer)) from "ar_author" as "q0x" left join "ar_book" as "q0xj1" on "q0xj1"."author_id" = "q0x"."id" where "q0x"."id" = "ar_author"."id") * 10000) + sign(((select sum(cast(round("q0xj1"."price" * 100) as integer)) from "ar_author" as "q0x" left join "ar_book" as "q0xj1" on "q0xj1"."author_id" = "q0x"."id" where "q0x"."id" = "ar_author"."id") * 10000)) * abs(((select count("q1j1"."price") from "ar_author" as "q1" left join "ar_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" where "q1"."id" = "ar_author"."id")))) / (2 * nullif(((select count("q1j1"."price") from "ar_author" as "q1" left join "ar_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" where "q1"."id" = "ar_author"."id")), 0))) * 2)) = \'real\' then abs(-9223372036854775807 - 1) else (((2 * ((select sum(cast(round("q0xj1"."price" * 100) as integer)) from "ar_author" as "q0x" left join "ar_book" as "q0xj1" on "q0xj1"."author_id" = "q0x"."id" where "q0x"."id" = "ar_author"."id") * 10000) + sign(((select sum(cast(round("q0xj1"."price" * 100) as integer)) from "ar_author" as "q0x" left join "ar_book" as "q0xj1" on "q0xj1"."author_id" = "q0x"."id" where "q0x"."id" = "ar_author"."id") * 10000)) * abs(((select count("q1j1"."price") from "ar_author" as "q1" left join "ar_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" where "q1"."id" = "ar_author"."id")))) / (2 * nullif(((select count("q1j1"."price") from "ar_author" as "q1" left join "ar_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" where "q1"."id" = "ar_author"."id")), 0))) * 2) end) as "twice" from "ar_author"',
      params: [],
    },
  },
  postgres: {
    perRow: {
      sql: 'select "ar_author"."id", "ar_author"."name", "ar_author"."rate", "ar_author"."fee", (((select sum("q0j1"."pages") from "ar_author" as "q0" left join "ar_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" where "q0"."id" = "ar_author"."id") + (select count("q1j1"."id") from "ar_author" as "q1" left join "ar_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" where "q1"."id" = "ar_author"."id")) * "ar_author"."rate") as "score" from "ar_author" where (((select sum("q0j1"."pages") from "ar_author" as "q0" left join "ar_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" where "q0"."id" = "ar_author"."id") + (select count("q1j1"."id") from "ar_author" as "q1" left join "ar_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" where "q1"."id" = "ar_author"."id")) * "ar_author"."rate") >= $1 order by "score" desc',
      params: [6],
    },
    grouped: {
      sql: 'select "ar_book"."author_id", (div((2 * (cast(sum("ar_book"."price") as numeric) * 100000000) + sign((cast(sum("ar_book"."price") as numeric) * 100000000)) * abs((cast(count("ar_book"."id") as numeric)))), (2 * nullif((cast(count("ar_book"."id") as numeric)), 0))) * 0.00000001) as "mean" from "ar_book" group by "ar_book"."author_id" having (div((2 * (cast(sum("ar_book"."price") as numeric) * 100000000) + sign((cast(sum("ar_book"."price") as numeric) * 100000000)) * abs((cast(count("ar_book"."id") as numeric)))), (2 * nullif((cast(count("ar_book"."id") as numeric)), 0))) * 0.00000001) > $1',
      params: ["1"],
    },
    decimalDiv: {
      sql: 'select "ar_book"."id", "ar_book"."pages", "ar_book"."price", "ar_book"."author_id", (div((2 * (cast("ar_book"."price" as numeric) * 100) + sign((cast("ar_book"."price" as numeric) * 100)) * abs((cast(3 as numeric)))), (2 * nullif((cast(3 as numeric)), 0))) * 0.01) as "third", (div((2 * (cast("ar_book"."price" as numeric) * 100000000) + sign((cast("ar_book"."price" as numeric) * 100000000)) * abs((cast("ar_book"."pages" as numeric)))), (2 * nullif((cast("ar_book"."pages" as numeric)), 0))) * 0.00000001) as "per" from "ar_book" order by (div((2 * (cast("ar_book"."price" as numeric) * 100000000) + sign((cast("ar_book"."price" as numeric) * 100000000)) * abs((cast("ar_book"."pages" as numeric)))), (2 * nullif((cast("ar_book"."pages" as numeric)), 0))) * 0.00000001) desc',
      params: [],
    },
    avgDecimal: {
      sql: 'select "ar_author"."id", "ar_author"."name", "ar_author"."rate", "ar_author"."fee", ((div((2 * (cast((select sum("q0j1"."price") from "ar_author" as "q0" left join "ar_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" where "q0"."id" = "ar_author"."id") as numeric) * 1000000) + sign((cast((select sum("q0j1"."price") from "ar_author" as "q0" left join "ar_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" where "q0"."id" = "ar_author"."id") as numeric) * 1000000)) * abs((cast((select count("q1j1"."price") from "ar_author" as "q1" left join "ar_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" where "q1"."id" = "ar_author"."id") as numeric)))), (2 * nullif((cast((select count("q1j1"."price") from "ar_author" as "q1" left join "ar_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" where "q1"."id" = "ar_author"."id") as numeric)), 0))) * 0.000001) * 2) as "twice" from "ar_author"',
      params: [],
    },
  },
  mysql: {
    perRow: {
      sql: "select `ar_author`.`id`, `ar_author`.`name`, `ar_author`.`rate`, `ar_author`.`fee`, (((select sum(`q0j1`.`pages`) from `ar_author` as `q0` left join `ar_book` as `q0j1` on `q0j1`.`author_id` = `q0`.`id` where `q0`.`id` = `ar_author`.`id`) + (select count(`q1j1`.`id`) from `ar_author` as `q1` left join `ar_book` as `q1j1` on `q1j1`.`author_id` = `q1`.`id` where `q1`.`id` = `ar_author`.`id`)) * `ar_author`.`rate`) as `score` from `ar_author` where (((select sum(`q0j1`.`pages`) from `ar_author` as `q0` left join `ar_book` as `q0j1` on `q0j1`.`author_id` = `q0`.`id` where `q0`.`id` = `ar_author`.`id`) + (select count(`q1j1`.`id`) from `ar_author` as `q1` left join `ar_book` as `q1j1` on `q1j1`.`author_id` = `q1`.`id` where `q1`.`id` = `ar_author`.`id`)) * `ar_author`.`rate`) >= ? order by `score` desc",
      params: [6],
    },
    grouped: {
      sql: "select `ar_book`.`author_id`, (((9223372036854775807 + (abs(sum(`ar_book`.`price`)) >= 10000000000000000000000000000000000000000000000000)) - 9223372036854775807) + ((9223372036854775807 + (abs(count(`ar_book`.`id`)) >= 1000000000000000000000000000000000000000000000000000000000)) - 9223372036854775807) + truncate(((2 * (sum(`ar_book`.`price`) * 100000000) + sign((sum(`ar_book`.`price`) * 100000000)) * abs((cast(count(`ar_book`.`id`) as decimal(65, 0))))) - mod((2 * (sum(`ar_book`.`price`) * 100000000) + sign((sum(`ar_book`.`price`) * 100000000)) * abs((cast(count(`ar_book`.`id`) as decimal(65, 0))))), (2 * nullif((cast(count(`ar_book`.`id`) as decimal(65, 0))), 0)))) / (2 * nullif((cast(count(`ar_book`.`id`) as decimal(65, 0))), 0)), 0) * 0.00000001) as `mean` from `ar_book` group by `ar_book`.`author_id` having (((9223372036854775807 + (abs(sum(`ar_book`.`price`)) >= 10000000000000000000000000000000000000000000000000)) - 9223372036854775807) + ((9223372036854775807 + (abs(count(`ar_book`.`id`)) >= 1000000000000000000000000000000000000000000000000000000000)) - 9223372036854775807) + truncate(((2 * (sum(`ar_book`.`price`) * 100000000) + sign((sum(`ar_book`.`price`) * 100000000)) * abs((cast(count(`ar_book`.`id`) as decimal(65, 0))))) - mod((2 * (sum(`ar_book`.`price`) * 100000000) + sign((sum(`ar_book`.`price`) * 100000000)) * abs((cast(count(`ar_book`.`id`) as decimal(65, 0))))), (2 * nullif((cast(count(`ar_book`.`id`) as decimal(65, 0))), 0)))) / (2 * nullif((cast(count(`ar_book`.`id`) as decimal(65, 0))), 0)), 0) * 0.00000001) > ?",
      params: ["1"],
    },
    decimalDiv: {
      sql: "select `ar_book`.`id`, `ar_book`.`pages`, `ar_book`.`price`, `ar_book`.`author_id`, (((9223372036854775807 + (abs(`ar_book`.`price`) >= 10000000000000000000000000000000000000000000000000000000)) - 9223372036854775807) + ((9223372036854775807 + (abs(3) >= 1000000000000000000000000000000000000000000000000000000000)) - 9223372036854775807) + truncate(((2 * (`ar_book`.`price` * 100) + sign((`ar_book`.`price` * 100)) * abs((cast(3 as decimal(65, 0))))) - mod((2 * (`ar_book`.`price` * 100) + sign((`ar_book`.`price` * 100)) * abs((cast(3 as decimal(65, 0))))), (2 * nullif((cast(3 as decimal(65, 0))), 0)))) / (2 * nullif((cast(3 as decimal(65, 0))), 0)), 0) * 0.01) as `third`, (((9223372036854775807 + (abs(`ar_book`.`price`) >= 10000000000000000000000000000000000000000000000000)) - 9223372036854775807) + ((9223372036854775807 + (abs(`ar_book`.`pages`) >= 1000000000000000000000000000000000000000000000000000000000)) - 9223372036854775807) + truncate(((2 * (`ar_book`.`price` * 100000000) + sign((`ar_book`.`price` * 100000000)) * abs((cast(`ar_book`.`pages` as decimal(65, 0))))) - mod((2 * (`ar_book`.`price` * 100000000) + sign((`ar_book`.`price` * 100000000)) * abs((cast(`ar_book`.`pages` as decimal(65, 0))))), (2 * nullif((cast(`ar_book`.`pages` as decimal(65, 0))), 0)))) / (2 * nullif((cast(`ar_book`.`pages` as decimal(65, 0))), 0)), 0) * 0.00000001) as `per` from `ar_book` order by (((9223372036854775807 + (abs(`ar_book`.`price`) >= 10000000000000000000000000000000000000000000000000)) - 9223372036854775807) + ((9223372036854775807 + (abs(`ar_book`.`pages`) >= 1000000000000000000000000000000000000000000000000000000000)) - 9223372036854775807) + truncate(((2 * (`ar_book`.`price` * 100000000) + sign((`ar_book`.`price` * 100000000)) * abs((cast(`ar_book`.`pages` as decimal(65, 0))))) - mod((2 * (`ar_book`.`price` * 100000000) + sign((`ar_book`.`price` * 100000000)) * abs((cast(`ar_book`.`pages` as decimal(65, 0))))), (2 * nullif((cast(`ar_book`.`pages` as decimal(65, 0))), 0)))) / (2 * nullif((cast(`ar_book`.`pages` as decimal(65, 0))), 0)), 0) * 0.00000001) desc",
      params: [],
    },
    avgDecimal: {
      sql: "select `ar_author`.`id`, `ar_author`.`name`, `ar_author`.`rate`, `ar_author`.`fee`, ((((9223372036854775807 + (abs((select sum(`q0j1`.`price`) from `ar_author` as `q0` left join `ar_book` as `q0j1` on `q0j1`.`author_id` = `q0`.`id` where `q0`.`id` = `ar_author`.`id`)) >= 1000000000000000000000000000000000000000000000000000)) - 9223372036854775807) + ((9223372036854775807 + (abs((select count(`q1j1`.`price`) from `ar_author` as `q1` left join `ar_book` as `q1j1` on `q1j1`.`author_id` = `q1`.`id` where `q1`.`id` = `ar_author`.`id`)) >= 1000000000000000000000000000000000000000000000000000000000)) - 9223372036854775807) + truncate(((2 * ((select sum(`q0j1`.`price`) from `ar_author` as `q0` left join `ar_book` as `q0j1` on `q0j1`.`author_id` = `q0`.`id` where `q0`.`id` = `ar_author`.`id`) * 1000000) + sign(((select sum(`q0j1`.`price`) from `ar_author` as `q0` left join `ar_book` as `q0j1` on `q0j1`.`author_id` = `q0`.`id` where `q0`.`id` = `ar_author`.`id`) * 1000000)) * abs((cast((select count(`q1j1`.`price`) from `ar_author` as `q1` left join `ar_book` as `q1j1` on `q1j1`.`author_id` = `q1`.`id` where `q1`.`id` = `ar_author`.`id`) as decimal(65, 0))))) - mod((2 * ((select sum(`q0j1`.`price`) from `ar_author` as `q0` left join `ar_book` as `q0j1` on `q0j1`.`author_id` = `q0`.`id` where `q0`.`id` = `ar_author`.`id`) * 1000000) + sign(((select sum(`q0j1`.`price`) from `ar_author` as `q0` left join `ar_book` as `q0j1` on `q0j1`.`author_id` = `q0`.`id` where `q0`.`id` = `ar_author`.`id`) * 1000000)) * abs((cast((select count(`q1j1`.`price`) from `ar_author` as `q1` left join `ar_book` as `q1j1` on `q1j1`.`author_id` = `q1`.`id` where `q1`.`id` = `ar_author`.`id`) as decimal(65, 0))))), (2 * nullif((cast((select count(`q1j1`.`price`) from `ar_author` as `q1` left join `ar_book` as `q1j1` on `q1j1`.`author_id` = `q1`.`id` where `q1`.`id` = `ar_author`.`id`) as decimal(65, 0))), 0)))) / (2 * nullif((cast((select count(`q1j1`.`price`) from `ar_author` as `q1` left join `ar_book` as `q1j1` on `q1j1`.`author_id` = `q1`.`id` where `q1`.`id` = `ar_author`.`id`) as decimal(65, 0))), 0)), 0) * 0.000001) * 2) as `twice` from `ar_author`",
      params: [],
    },
  },
};

for (const dialect of ["sqlite", "postgres", "mysql"] as const)
  test(`annotate arithmetic SQL (${dialect})`, () => {
    for (const [name, make] of Object.entries(shapes))
      assert.deepEqual(make().toSql(dialect), expected[dialect]?.[name], `${dialect} ${name}`);
  });
