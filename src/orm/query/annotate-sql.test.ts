import assert from "node:assert/strict";
import { test } from "node:test";
import { Avg, Count, Max } from "./aggregates.ts";
import { Author, Tag } from "./fixtures/annotate-models.ts";

/**
 * The SQL each dialect gets for annotate() shapes, pinned: a change here changes what runs on
 * users' databases; review it, then update the expected text.
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
};

const expected = {
  sqlite: {
    reverseFkHaving: {
      sql: 'select "as_author"."id", "as_author"."name", "as_author"."country", count("a0"."id") as "n", max("a0"."pages") as "hi" from "as_author" left join "as_book" as "a0" on "a0"."author_id" = "as_author"."id" where "as_author"."country" = ? group by "as_author"."id", "as_author"."name", "as_author"."country" having count("a0"."id") >= ? order by count("a0"."id") desc limit ?',
      params: ["fr", 2, 5],
    },
    manyToMany: {
      sql: 'select "as_tag"."id", "as_tag"."name", count(distinct "a0"."from_id") as "n", avg("a0t"."pages") as "avg" from "as_tag" left join "as_book_tags" as "a0" on "a0"."to_id" = "as_tag"."id" left join "as_book" as "a0t" on "a0t"."id" = "a0"."from_id" group by "as_tag"."id", "as_tag"."name"',
      params: [],
    },
    valuesGroup: {
      sql: 'select "as_author"."country", count("as_author"."id") as "n" from "as_author" group by "as_author"."country" having count("as_author"."id") = ?',
      params: [1],
    },
  },
  postgres: {
    reverseFkHaving: {
      sql: 'select "as_author"."id", "as_author"."name", "as_author"."country", count("a0"."id") as "n", max("a0"."pages") as "hi" from "as_author" left join "as_book" as "a0" on "a0"."author_id" = "as_author"."id" where "as_author"."country" = $1 group by "as_author"."id", "as_author"."name", "as_author"."country" having count("a0"."id") >= $2 order by count("a0"."id") desc limit $3',
      params: ["fr", 2, 5],
    },
    manyToMany: {
      sql: 'select "as_tag"."id", "as_tag"."name", count(distinct "a0"."from_id") as "n", avg("a0t"."pages") as "avg" from "as_tag" left join "as_book_tags" as "a0" on "a0"."to_id" = "as_tag"."id" left join "as_book" as "a0t" on "a0t"."id" = "a0"."from_id" group by "as_tag"."id", "as_tag"."name"',
      params: [],
    },
    valuesGroup: {
      sql: 'select "as_author"."country", count("as_author"."id") as "n" from "as_author" group by "as_author"."country" having count("as_author"."id") = $1',
      params: [1],
    },
  },
  mysql: {
    reverseFkHaving: {
      sql: "select `as_author`.`id`, `as_author`.`name`, `as_author`.`country`, count(`a0`.`id`) as `n`, max(`a0`.`pages`) as `hi` from `as_author` left join `as_book` as `a0` on `a0`.`author_id` = `as_author`.`id` where `as_author`.`country` = ? group by `as_author`.`id`, `as_author`.`name`, `as_author`.`country` having count(`a0`.`id`) >= ? order by count(`a0`.`id`) desc limit ?",
      params: ["fr", 2, 5],
    },
    manyToMany: {
      sql: "select `as_tag`.`id`, `as_tag`.`name`, count(distinct `a0`.`from_id`) as `n`, avg(`a0t`.`pages`) as `avg` from `as_tag` left join `as_book_tags` as `a0` on `a0`.`to_id` = `as_tag`.`id` left join `as_book` as `a0t` on `a0t`.`id` = `a0`.`from_id` group by `as_tag`.`id`, `as_tag`.`name`",
      params: [],
    },
    valuesGroup: {
      sql: "select `as_author`.`country`, count(`as_author`.`id`) as `n` from `as_author` group by `as_author`.`country` having count(`as_author`.`id`) = ?",
      params: [1],
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
