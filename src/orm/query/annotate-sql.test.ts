import assert from "node:assert/strict";
import { test } from "node:test";
import { Avg, Count, Max, Sum } from "./aggregates.ts";
import { F } from "./expressions.ts";
import { Author, Book, Tag } from "./fixtures/annotate-models.ts";

/**
 * The SQL each dialect gets for annotate() shapes (and a queryset ordered by F expressions),
 * pinned: a change here changes what runs on users' databases; review it, then update the
 * expected text. One group per row: each aggregate a correlated subquery (`q<n>`, its joins
 * `q<n>j<m>`); a values() grouping: one grouped query with its joins `a<m>`.
 */
const shapes = {
  reverseFkHaving: () =>
    Author.objects
      .filter({ country: "fr" })
      .annotate({ n: Count("books"), hi: Max("books.pages") })
      .filter({ n: { gte: 2 } })
      .orderBy("-n")
      .limit(5),
  manyToMany: () =>
    Tag.objects.annotate({ n: Count("books", { distinct: true }), avg: Avg("books.pages") }),
  valuesGroup: () =>
    Author.objects
      .values("country")
      .annotate({ n: Count("id") })
      .filter({ n: 1 }),
  multiStep: () =>
    Author.objects.annotate({ pages: Sum("books.chapters.pages"), tagged: Count("books.tags") }),
  valuesMultiStep: () =>
    Author.objects
      .values("country")
      .annotate({ pages: Sum("books.chapters.pages"), n: Count("books", { distinct: true }) })
      .filter({ pages: { gt: 100 } })
      .orderBy({ by: "-pages", nulls: "last" }),
  fAggregate: () =>
    Author.objects.annotate({ revenue: Sum(F("books.pages").mul(F("books.price"))) }),
  plainF: () =>
    Book.objects
      .annotate({ writer: F("author.name"), half: F("pages").mul(0.5) })
      .filter({ half: { lt: 100 } })
      .orderBy("writer"),
  chainedValuesSlice: () =>
    Author.objects
      .annotate({ n: Count("books"), pages: Sum("books.pages") })
      .annotate({ per: F("pages").div(F("n")) })
      .orderBy(F("per").desc({ nulls: "last" }))
      .values("name", "per")
      .slice(10, 20),
  querysetOrderF: () =>
    Book.objects.orderBy(F("author.name").asc({ nulls: "first" }), F("pages").mul(-1).desc()),
};
const expected = {
  sqlite: {
    reverseFkHaving: {
      sql: 'select "as_author"."id", "as_author"."name", "as_author"."country", (select count("q0j1"."id") from "as_author" as "q0" left join "as_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" where "q0"."id" = "as_author"."id") as "n", (select max("q1j1"."pages") from "as_author" as "q1" left join "as_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" where "q1"."id" = "as_author"."id") as "hi" from "as_author" where "as_author"."country" = ? and (select count("q0j1"."id") from "as_author" as "q0" left join "as_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" where "q0"."id" = "as_author"."id") >= ? order by "n" desc limit ?',
      params: ["fr", 2, 5],
    },
    manyToMany: {
      sql: 'select "as_tag"."id", "as_tag"."name", (select count(distinct "q0j2"."id") from "as_tag" as "q0" left join "as_book_tags" as "q0j1" on "q0j1"."to_id" = "q0"."id" left join "as_book" as "q0j2" on "q0j2"."id" = "q0j1"."from_id" where "q0"."id" = "as_tag"."id") as "n", (select avg("q1j2"."pages") from "as_tag" as "q1" left join "as_book_tags" as "q1j1" on "q1j1"."to_id" = "q1"."id" left join "as_book" as "q1j2" on "q1j2"."id" = "q1j1"."from_id" where "q1"."id" = "as_tag"."id") as "avg" from "as_tag"',
      params: [],
    },
    valuesGroup: {
      sql: 'select "as_author"."country", count("as_author"."id") as "n" from "as_author" group by "as_author"."country" having count("as_author"."id") = ?',
      params: [1],
    },
    multiStep: {
      sql: 'select "as_author"."id", "as_author"."name", "as_author"."country", (select sum("q0j2"."pages") from "as_author" as "q0" left join "as_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" left join "as_chapter" as "q0j2" on "q0j2"."book_id" = "q0j1"."id" where "q0"."id" = "as_author"."id") as "pages", (select count("q1j3"."id") from "as_author" as "q1" left join "as_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" left join "as_book_tags" as "q1j2" on "q1j2"."from_id" = "q1j1"."id" left join "as_tag" as "q1j3" on "q1j3"."id" = "q1j2"."to_id" where "q1"."id" = "as_author"."id") as "tagged" from "as_author" order by "as_author"."name" asc',
      params: [],
    },
    valuesMultiStep: {
      sql: 'select "as_author"."country", sum("a2"."pages") as "pages", count(distinct "a1"."id") as "n" from "as_author" left join "as_book" as "a1" on "a1"."author_id" = "as_author"."id" left join "as_chapter" as "a2" on "a2"."book_id" = "a1"."id" group by "as_author"."country" having sum("a2"."pages") > ? order by "pages" desc nulls last',
      params: [100],
    },
    fAggregate: {
      sql: 'select "as_author"."id", "as_author"."name", "as_author"."country", (select sum(("q0j1"."pages" * "q0j1"."price")) from "as_author" as "q0" left join "as_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" where "q0"."id" = "as_author"."id") as "revenue" from "as_author" order by "as_author"."name" asc',
      params: [],
    },
    plainF: {
      sql: 'select "as_book"."id", "as_book"."title", "as_book"."pages", "as_book"."price", "as_book"."author_id", "a1"."name" as "writer", ("as_book"."pages" * 0.5) as "half" from "as_book" left join "as_author" as "a1" on "a1"."id" = "as_book"."author_id" where ("as_book"."pages" * 0.5) < ? order by "a1"."name" asc',
      params: [100],
    },
    chainedValuesSlice: {
      sql: 'select "as_author"."name", (select count("q0j1"."id") from "as_author" as "q0" left join "as_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" where "q0"."id" = "as_author"."id") as "n", (select sum("q1j1"."pages") from "as_author" as "q1" left join "as_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" where "q1"."id" = "as_author"."id") as "pages", ((select sum("q1j1"."pages") from "as_author" as "q1" left join "as_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" where "q1"."id" = "as_author"."id") / (select count("q0j1"."id") from "as_author" as "q0" left join "as_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" where "q0"."id" = "as_author"."id")) as "per" from "as_author" order by "per" desc nulls last limit ? offset ?',
      params: [10, 10],
    },
    querysetOrderF: {
      sql: 'select "as_book"."id", "as_book"."title", "as_book"."pages", "as_book"."price", "as_book"."author_id" from "as_book" left join "as_author" as "ob_author" on "ob_author"."id" = "as_book"."author_id" order by "ob_author"."name" asc nulls first, ("as_book"."pages" * (-1)) desc',
      params: [],
    },
  },
  postgres: {
    reverseFkHaving: {
      sql: 'select "as_author"."id", "as_author"."name", "as_author"."country", (select count("q0j1"."id") from "as_author" as "q0" left join "as_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" where "q0"."id" = "as_author"."id") as "n", (select max("q1j1"."pages") from "as_author" as "q1" left join "as_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" where "q1"."id" = "as_author"."id") as "hi" from "as_author" where "as_author"."country" = $1 and (select count("q0j1"."id") from "as_author" as "q0" left join "as_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" where "q0"."id" = "as_author"."id") >= $2 order by "n" desc limit $3',
      params: ["fr", 2, 5],
    },
    manyToMany: {
      sql: 'select "as_tag"."id", "as_tag"."name", (select count(distinct "q0j2"."id") from "as_tag" as "q0" left join "as_book_tags" as "q0j1" on "q0j1"."to_id" = "q0"."id" left join "as_book" as "q0j2" on "q0j2"."id" = "q0j1"."from_id" where "q0"."id" = "as_tag"."id") as "n", (select avg("q1j2"."pages") from "as_tag" as "q1" left join "as_book_tags" as "q1j1" on "q1j1"."to_id" = "q1"."id" left join "as_book" as "q1j2" on "q1j2"."id" = "q1j1"."from_id" where "q1"."id" = "as_tag"."id") as "avg" from "as_tag"',
      params: [],
    },
    valuesGroup: {
      sql: 'select "as_author"."country", count("as_author"."id") as "n" from "as_author" group by "as_author"."country" having count("as_author"."id") = $1',
      params: [1],
    },
    multiStep: {
      sql: 'select "as_author"."id", "as_author"."name", "as_author"."country", (select sum("q0j2"."pages") from "as_author" as "q0" left join "as_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" left join "as_chapter" as "q0j2" on "q0j2"."book_id" = "q0j1"."id" where "q0"."id" = "as_author"."id") as "pages", (select count("q1j3"."id") from "as_author" as "q1" left join "as_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" left join "as_book_tags" as "q1j2" on "q1j2"."from_id" = "q1j1"."id" left join "as_tag" as "q1j3" on "q1j3"."id" = "q1j2"."to_id" where "q1"."id" = "as_author"."id") as "tagged" from "as_author" order by "as_author"."name" asc',
      params: [],
    },
    valuesMultiStep: {
      sql: 'select "as_author"."country", sum("a2"."pages") as "pages", count(distinct "a1"."id") as "n" from "as_author" left join "as_book" as "a1" on "a1"."author_id" = "as_author"."id" left join "as_chapter" as "a2" on "a2"."book_id" = "a1"."id" group by "as_author"."country" having sum("a2"."pages") > $1 order by "pages" desc nulls last',
      params: [100],
    },
    fAggregate: {
      sql: 'select "as_author"."id", "as_author"."name", "as_author"."country", (select sum(("q0j1"."pages" * "q0j1"."price")) from "as_author" as "q0" left join "as_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" where "q0"."id" = "as_author"."id") as "revenue" from "as_author" order by "as_author"."name" asc',
      params: [],
    },
    plainF: {
      sql: 'select "as_book"."id", "as_book"."title", "as_book"."pages", "as_book"."price", "as_book"."author_id", "a1"."name" as "writer", ("as_book"."pages" * 0.5) as "half" from "as_book" left join "as_author" as "a1" on "a1"."id" = "as_book"."author_id" where ("as_book"."pages" * 0.5) < $1 order by "a1"."name" asc',
      params: [100],
    },
    chainedValuesSlice: {
      sql: 'select "as_author"."name", (select count("q0j1"."id") from "as_author" as "q0" left join "as_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" where "q0"."id" = "as_author"."id") as "n", (select sum("q1j1"."pages") from "as_author" as "q1" left join "as_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" where "q1"."id" = "as_author"."id") as "pages", ((select sum("q1j1"."pages") from "as_author" as "q1" left join "as_book" as "q1j1" on "q1j1"."author_id" = "q1"."id" where "q1"."id" = "as_author"."id") / (select count("q0j1"."id") from "as_author" as "q0" left join "as_book" as "q0j1" on "q0j1"."author_id" = "q0"."id" where "q0"."id" = "as_author"."id")) as "per" from "as_author" order by "per" desc nulls last limit $1 offset $2',
      params: [10, 10],
    },
    querysetOrderF: {
      sql: 'select "as_book"."id", "as_book"."title", "as_book"."pages", "as_book"."price", "as_book"."author_id" from "as_book" left join "as_author" as "ob_author" on "ob_author"."id" = "as_book"."author_id" order by "ob_author"."name" asc nulls first, ("as_book"."pages" * (-1)) desc',
      params: [],
    },
  },
  mysql: {
    reverseFkHaving: {
      sql: "select `as_author`.`id`, `as_author`.`name`, `as_author`.`country`, (select count(`q0j1`.`id`) from `as_author` as `q0` left join `as_book` as `q0j1` on `q0j1`.`author_id` = `q0`.`id` where `q0`.`id` = `as_author`.`id`) as `n`, (select max(`q1j1`.`pages`) from `as_author` as `q1` left join `as_book` as `q1j1` on `q1j1`.`author_id` = `q1`.`id` where `q1`.`id` = `as_author`.`id`) as `hi` from `as_author` where `as_author`.`country` = ? and (select count(`q0j1`.`id`) from `as_author` as `q0` left join `as_book` as `q0j1` on `q0j1`.`author_id` = `q0`.`id` where `q0`.`id` = `as_author`.`id`) >= ? order by `n` desc limit ?",
      params: ["fr", 2, 5],
    },
    manyToMany: {
      sql: "select `as_tag`.`id`, `as_tag`.`name`, (select count(distinct `q0j2`.`id`) from `as_tag` as `q0` left join `as_book_tags` as `q0j1` on `q0j1`.`to_id` = `q0`.`id` left join `as_book` as `q0j2` on `q0j2`.`id` = `q0j1`.`from_id` where `q0`.`id` = `as_tag`.`id`) as `n`, (select avg(`q1j2`.`pages`) from `as_tag` as `q1` left join `as_book_tags` as `q1j1` on `q1j1`.`to_id` = `q1`.`id` left join `as_book` as `q1j2` on `q1j2`.`id` = `q1j1`.`from_id` where `q1`.`id` = `as_tag`.`id`) as `avg` from `as_tag`",
      params: [],
    },
    valuesGroup: {
      sql: "select `as_author`.`country`, count(`as_author`.`id`) as `n` from `as_author` group by `as_author`.`country` having count(`as_author`.`id`) = ?",
      params: [1],
    },
    multiStep: {
      sql: "select `as_author`.`id`, `as_author`.`name`, `as_author`.`country`, (select sum(`q0j2`.`pages`) from `as_author` as `q0` left join `as_book` as `q0j1` on `q0j1`.`author_id` = `q0`.`id` left join `as_chapter` as `q0j2` on `q0j2`.`book_id` = `q0j1`.`id` where `q0`.`id` = `as_author`.`id`) as `pages`, (select count(`q1j3`.`id`) from `as_author` as `q1` left join `as_book` as `q1j1` on `q1j1`.`author_id` = `q1`.`id` left join `as_book_tags` as `q1j2` on `q1j2`.`from_id` = `q1j1`.`id` left join `as_tag` as `q1j3` on `q1j3`.`id` = `q1j2`.`to_id` where `q1`.`id` = `as_author`.`id`) as `tagged` from `as_author` order by `as_author`.`name` asc",
      params: [],
    },
    valuesMultiStep: {
      sql: "select `as_author`.`country`, sum(`a2`.`pages`) as `pages`, count(distinct `a1`.`id`) as `n` from `as_author` left join `as_book` as `a1` on `a1`.`author_id` = `as_author`.`id` left join `as_chapter` as `a2` on `a2`.`book_id` = `a1`.`id` group by `as_author`.`country` having sum(`a2`.`pages`) > ? order by sum(`a2`.`pages`) is null asc, sum(`a2`.`pages`) desc",
      params: [100],
    },
    fAggregate: {
      sql: "select `as_author`.`id`, `as_author`.`name`, `as_author`.`country`, (select sum((`q0j1`.`pages` * `q0j1`.`price`)) from `as_author` as `q0` left join `as_book` as `q0j1` on `q0j1`.`author_id` = `q0`.`id` where `q0`.`id` = `as_author`.`id`) as `revenue` from `as_author` order by `as_author`.`name` asc",
      params: [],
    },
    plainF: {
      sql: "select `as_book`.`id`, `as_book`.`title`, `as_book`.`pages`, `as_book`.`price`, `as_book`.`author_id`, `a1`.`name` as `writer`, (`as_book`.`pages` * 0.5) as `half` from `as_book` left join `as_author` as `a1` on `a1`.`id` = `as_book`.`author_id` where (`as_book`.`pages` * 0.5) < ? order by `a1`.`name` asc",
      params: [100],
    },
    chainedValuesSlice: {
      sql: "select `as_author`.`name`, (select count(`q0j1`.`id`) from `as_author` as `q0` left join `as_book` as `q0j1` on `q0j1`.`author_id` = `q0`.`id` where `q0`.`id` = `as_author`.`id`) as `n`, (select sum(`q1j1`.`pages`) from `as_author` as `q1` left join `as_book` as `q1j1` on `q1j1`.`author_id` = `q1`.`id` where `q1`.`id` = `as_author`.`id`) as `pages`, ((select sum(`q1j1`.`pages`) from `as_author` as `q1` left join `as_book` as `q1j1` on `q1j1`.`author_id` = `q1`.`id` where `q1`.`id` = `as_author`.`id`) / (select count(`q0j1`.`id`) from `as_author` as `q0` left join `as_book` as `q0j1` on `q0j1`.`author_id` = `q0`.`id` where `q0`.`id` = `as_author`.`id`)) as `per` from `as_author` order by ((select sum(`q1j1`.`pages`) from `as_author` as `q1` left join `as_book` as `q1j1` on `q1j1`.`author_id` = `q1`.`id` where `q1`.`id` = `as_author`.`id`) / (select count(`q0j1`.`id`) from `as_author` as `q0` left join `as_book` as `q0j1` on `q0j1`.`author_id` = `q0`.`id` where `q0`.`id` = `as_author`.`id`)) is null asc, ((select sum(`q1j1`.`pages`) from `as_author` as `q1` left join `as_book` as `q1j1` on `q1j1`.`author_id` = `q1`.`id` where `q1`.`id` = `as_author`.`id`) / (select count(`q0j1`.`id`) from `as_author` as `q0` left join `as_book` as `q0j1` on `q0j1`.`author_id` = `q0`.`id` where `q0`.`id` = `as_author`.`id`)) desc limit ? offset ?",
      params: [10, 10],
    },
    querysetOrderF: {
      sql: "select `as_book`.`id`, `as_book`.`title`, `as_book`.`pages`, `as_book`.`price`, `as_book`.`author_id` from `as_book` left join `as_author` as `ob_author` on `ob_author`.`id` = `as_book`.`author_id` order by `ob_author`.`name` is null desc, `ob_author`.`name` asc, (`as_book`.`pages` * (-1)) desc",
      params: [],
    },
  },
};

for (const dialect of ["sqlite", "postgres", "mysql"] as const)
  test(`annotate SQL (${dialect})`, () => {
    for (const [name, make] of Object.entries(shapes))
      assert.deepEqual(
        make().toSql(dialect),
        expected[dialect][name as keyof typeof shapes],
        `${dialect} ${name}`,
      );
  });
