import assert from "node:assert/strict";
import { test } from "node:test";
import { relationQueries } from "./fixtures/relation-queries.ts";

/**
 * The SQL of the relations slice's query shapes, pinned per dialect. Every multi-valued relation
 * is an uncorrelated `in (select ...)`, so a row matches once however many related rows match.
 */
const expected = {
  sqlite: {
    reverse: {
      sql: 'select "snaprel_author"."id", "snaprel_author"."name" from "snaprel_author" where "snaprel_author"."id" in (select "snaprel_book"."author_id" from "snaprel_book" where "snaprel_book"."title" = ?)',
      params: ["T"],
    },
    manyToMany: {
      sql: 'select "snaprel_book"."id", "snaprel_book"."title", "snaprel_book"."author_id" from "snaprel_book" where "snaprel_book"."id" in (select "snaprel_book_tags"."from_id" from "snaprel_book_tags" where "snaprel_book_tags"."to_id" in (select "snaprel_tag"."id" from "snaprel_tag" where "snaprel_tag"."name" in (?, ?)))',
      params: ["a", "b"],
    },
    reverseManyToMany: {
      sql: 'select "snaprel_tag"."id", "snaprel_tag"."name" from "snaprel_tag" where not coalesce("snaprel_tag"."id" in (select "snaprel_book_tags"."to_id" from "snaprel_book_tags" where "snaprel_book_tags"."from_id" = ?), 1 = 0)',
      params: [3],
    },
    selectRelated: {
      sql: 'select "snaprel_book"."id", "snaprel_book"."title", "snaprel_book"."author_id", "sr_author"."id" as "sr_author__id", "sr_author"."name" as "sr_author__name" from "snaprel_book" left join "snaprel_author" as "sr_author" on "sr_author"."id" = "snaprel_book"."author_id" where "snaprel_book"."title" = ?',
      params: ["T"],
    },
    fFilter: {
      sql: 'select "snaprel_book"."id", "snaprel_book"."title", "snaprel_book"."author_id" from "snaprel_book" where "snaprel_book"."id" < (("snaprel_book"."author_id" * ?) + ?)',
      params: [2, 1],
    },
    fUpdate: {
      sql: 'update "snaprel_book" set "title" = ?, "author_id" = ("snaprel_book"."author_id" + ?)',
      params: ["x", 1],
    },
    aggregate: {
      sql: 'select count(distinct "snaprel_book"."author_id") as "n", max("snaprel_book"."id") as "m" from "snaprel_book"',
      params: [],
    },
    distinctNulls: {
      sql: 'select distinct "snaprel_book"."author_id" from "snaprel_book" order by "snaprel_book"."author_id" desc nulls last',
      params: [],
    },
    random: {
      sql: 'select "snaprel_book"."id", "snaprel_book"."title", "snaprel_book"."author_id" from "snaprel_book" order by random() asc limit 1',
      params: [],
    },
  },
  postgres: {
    reverse: {
      sql: 'select "snaprel_author"."id", "snaprel_author"."name" from "snaprel_author" where "snaprel_author"."id" in (select "snaprel_book"."author_id" from "snaprel_book" where "snaprel_book"."title" = $1)',
      params: ["T"],
    },
    manyToMany: {
      sql: 'select "snaprel_book"."id", "snaprel_book"."title", "snaprel_book"."author_id" from "snaprel_book" where "snaprel_book"."id" in (select "snaprel_book_tags"."from_id" from "snaprel_book_tags" where "snaprel_book_tags"."to_id" in (select "snaprel_tag"."id" from "snaprel_tag" where "snaprel_tag"."name" in ($1, $2)))',
      params: ["a", "b"],
    },
    reverseManyToMany: {
      sql: 'select "snaprel_tag"."id", "snaprel_tag"."name" from "snaprel_tag" where not coalesce("snaprel_tag"."id" in (select "snaprel_book_tags"."to_id" from "snaprel_book_tags" where "snaprel_book_tags"."from_id" = $1), 1 = 0)',
      params: [3],
    },
    selectRelated: {
      sql: 'select "snaprel_book"."id", "snaprel_book"."title", "snaprel_book"."author_id", "sr_author"."id" as "sr_author__id", "sr_author"."name" as "sr_author__name" from "snaprel_book" left join "snaprel_author" as "sr_author" on "sr_author"."id" = "snaprel_book"."author_id" where "snaprel_book"."title" = $1',
      params: ["T"],
    },
    fFilter: {
      sql: 'select "snaprel_book"."id", "snaprel_book"."title", "snaprel_book"."author_id" from "snaprel_book" where "snaprel_book"."id" < (("snaprel_book"."author_id" * $1) + $2)',
      params: [2, 1],
    },
    fUpdate: {
      sql: 'update "snaprel_book" set "title" = $1, "author_id" = ("snaprel_book"."author_id" + $2)',
      params: ["x", 1],
    },
    aggregate: {
      sql: 'select count(distinct "snaprel_book"."author_id") as "n", max("snaprel_book"."id") as "m" from "snaprel_book"',
      params: [],
    },
    distinctNulls: {
      sql: 'select distinct "snaprel_book"."author_id" from "snaprel_book" order by "snaprel_book"."author_id" desc nulls last',
      params: [],
    },
    random: {
      sql: 'select "snaprel_book"."id", "snaprel_book"."title", "snaprel_book"."author_id" from "snaprel_book" order by random() asc limit $1',
      params: [1],
    },
  },
  mysql: {
    reverse: {
      sql: "select `snaprel_author`.`id`, `snaprel_author`.`name` from `snaprel_author` where `snaprel_author`.`id` in (select `snaprel_book`.`author_id` from `snaprel_book` where `snaprel_book`.`title` = ?)",
      params: ["T"],
    },
    manyToMany: {
      sql: "select `snaprel_book`.`id`, `snaprel_book`.`title`, `snaprel_book`.`author_id` from `snaprel_book` where `snaprel_book`.`id` in (select `snaprel_book_tags`.`from_id` from `snaprel_book_tags` where `snaprel_book_tags`.`to_id` in (select `snaprel_tag`.`id` from `snaprel_tag` where `snaprel_tag`.`name` in (?, ?)))",
      params: ["a", "b"],
    },
    reverseManyToMany: {
      sql: "select `snaprel_tag`.`id`, `snaprel_tag`.`name` from `snaprel_tag` where not coalesce(`snaprel_tag`.`id` in (select `snaprel_book_tags`.`to_id` from `snaprel_book_tags` where `snaprel_book_tags`.`from_id` = ?), 1 = 0)",
      params: [3],
    },
    selectRelated: {
      sql: "select `snaprel_book`.`id`, `snaprel_book`.`title`, `snaprel_book`.`author_id`, `sr_author`.`id` as `sr_author__id`, `sr_author`.`name` as `sr_author__name` from `snaprel_book` left join `snaprel_author` as `sr_author` on `sr_author`.`id` = `snaprel_book`.`author_id` where `snaprel_book`.`title` = ?",
      params: ["T"],
    },
    fFilter: {
      sql: "select `snaprel_book`.`id`, `snaprel_book`.`title`, `snaprel_book`.`author_id` from `snaprel_book` where `snaprel_book`.`id` < ((`snaprel_book`.`author_id` * ?) + ?)",
      params: [2, 1],
    },
    fUpdate: {
      sql: "update `snaprel_book` set `title` = ?, `author_id` = (`snaprel_book`.`author_id` + ?)",
      params: ["x", 1],
    },
    aggregate: {
      sql: "select count(distinct `snaprel_book`.`author_id`) as `n`, max(`snaprel_book`.`id`) as `m` from `snaprel_book`",
      params: [],
    },
    distinctNulls: {
      sql: "select distinct `snaprel_book`.`author_id` from `snaprel_book` order by `snaprel_book`.`author_id` is null asc, `snaprel_book`.`author_id` desc",
      params: [],
    },
    random: {
      sql: "select `snaprel_book`.`id`, `snaprel_book`.`title`, `snaprel_book`.`author_id` from `snaprel_book` order by rand() asc limit ?",
      params: [1],
    },
  },
} as const;

for (const dialect of ["sqlite", "postgres", "mysql"] as const) {
  test(`relation filters compile to the pinned SQL (${dialect})`, () => {
    assert.deepEqual(relationQueries(dialect), expected[dialect]);
  });
}
