import assert from "node:assert/strict";
import { test } from "node:test";
import { snapshotQueries } from "./fixtures/snapshot-queries.ts";

/**
 * The SQL each dialect gets for representative queries, pinned. A change here is a change in
 * what runs on users' databases: review it, then update the expected text.
 */
const expected = {
  sqlite: {
    getByPk: {
      sql: 'select "snap_book"."id", "snap_book"."title", "snap_book"."pages", "snap_book"."author_id" from "snap_book" where "snap_book"."id" = ? order by "snap_book"."pages" desc',
      params: [1],
    },
    lookupsSliced: {
      sql: 'select "snap_book"."id", "snap_book"."title", "snap_book"."pages", "snap_book"."author_id" from "snap_book" where (lower("snap_book"."title") like lower(?) escape \'!\' and "snap_book"."pages" in (?, ?)) order by "snap_book"."title" asc, "snap_book"."id" desc limit 20 offset ?',
      params: ["%a!_b%", 1, 2, 10],
    },
    qAndForeignKey: {
      sql: 'select "snap_book"."id", "snap_book"."title", "snap_book"."pages", "snap_book"."author_id" from "snap_book" where (("snap_book"."title" glob ? or not coalesce("snap_book"."pages" between ? and ?, 1 = 0)) and not coalesce("snap_book"."author_id" in (select "snap_author"."id" from "snap_author" where "snap_author"."name" = ?), 1 = 0)) order by "snap_book"."pages" desc',
      params: ["x*", 1, 5, "Ann"],
    },
    offsetOnly: {
      sql: 'select "snap_book"."id", "snap_book"."title", "snap_book"."pages", "snap_book"."author_id" from "snap_book" order by "snap_book"."pages" desc limit -1 offset ?',
      params: [5],
    },
    update: {
      sql: 'update "snap_book" set "pages" = ? where "snap_book"."id" = ?',
      params: [3, 7],
    },
    delete: {
      sql: 'delete from "snap_book" where "snap_book"."id" = ?',
      params: [7],
    },
    insert: {
      sql: 'insert into "snap_book" ("title", "author_id") values (?, ?) returning "id"',
      params: ["T", 1],
    },
    bulkUpdate: {
      sql: 'update "snap_book" set "title" = case "snap_book"."id" when ? then ? when ? then ? else "snap_book"."title" end, "pages" = case "snap_book"."id" when ? then ? when ? then ? else "snap_book"."pages" end where "snap_book"."id" in (?, ?)',
      params: [1, "A", 2, "B", 1, 10, 2, 20, 1, 2],
    },
    insertIgnore: {
      sql: 'insert into "snap_book" ("title", "pages", "author_id") values (?, ?, ?), (?, ?, ?) on conflict do nothing',
      params: ["T", 1, 1, "U", 2, 1],
    },
    upsert: {
      sql: 'insert into "snap_book" ("title", "pages", "author_id") values (?, ?, ?), (?, ?, ?) on conflict ("title", "author_id") do update set "pages" = "excluded"."pages" returning "id"',
      params: ["T", 1, 1, "U", 2, 1],
    },
    createTable: [
      'create table "snap_book" (\n  "id" integer primary key autoincrement,\n  "title" varchar(200) not null,\n  "pages" integer not null,\n  "author_id" integer not null,\n  constraint "snap_book_title_author_id_uniq" unique ("title", "author_id"),\n  constraint "snap_book_author_id_fk_snap_author" foreign key ("author_id") references "snap_author" ("id") on delete cascade\n)',
      'create index "snap_book_title_idx" on "snap_book" ("title")',
      'create index "snap_book_author_id_idx" on "snap_book" ("author_id")',
    ],
  },
  postgres: {
    getByPk: {
      sql: 'select "snap_book"."id", "snap_book"."title", "snap_book"."pages", "snap_book"."author_id" from "snap_book" where "snap_book"."id" = $1 order by "snap_book"."pages" desc',
      params: [1],
    },
    lookupsSliced: {
      sql: 'select "snap_book"."id", "snap_book"."title", "snap_book"."pages", "snap_book"."author_id" from "snap_book" where (lower("snap_book"."title") like lower($1) escape \'!\' and "snap_book"."pages" in ($2, $3)) order by "snap_book"."title" asc, "snap_book"."id" desc limit $4 offset $5',
      params: ["%a!_b%", 1, 2, 20, 10],
    },
    qAndForeignKey: {
      sql: 'select "snap_book"."id", "snap_book"."title", "snap_book"."pages", "snap_book"."author_id" from "snap_book" where (("snap_book"."title" like $1 escape \'!\' or not coalesce("snap_book"."pages" between $2 and $3, 1 = 0)) and not coalesce("snap_book"."author_id" in (select "snap_author"."id" from "snap_author" where "snap_author"."name" = $4), 1 = 0)) order by "snap_book"."pages" desc',
      params: ["x%", 1, 5, "Ann"],
    },
    offsetOnly: {
      sql: 'select "snap_book"."id", "snap_book"."title", "snap_book"."pages", "snap_book"."author_id" from "snap_book" order by "snap_book"."pages" desc offset $1',
      params: [5],
    },
    update: {
      sql: 'update "snap_book" set "pages" = $1 where "snap_book"."id" = $2',
      params: [3, 7],
    },
    delete: {
      sql: 'delete from "snap_book" where "snap_book"."id" = $1',
      params: [7],
    },
    insert: {
      sql: 'insert into "snap_book" ("title", "author_id") values ($1, $2) returning "id"',
      params: ["T", 1],
    },
    bulkUpdate: {
      sql: 'update "snap_book" set "title" = case "snap_book"."id" when $1 then $2 when $3 then $4 else "snap_book"."title" end, "pages" = case "snap_book"."id" when $5 then $6 when $7 then $8 else "snap_book"."pages" end where "snap_book"."id" in ($9, $10)',
      params: [1, "A", 2, "B", 1, 10, 2, 20, 1, 2],
    },
    insertIgnore: {
      sql: 'insert into "snap_book" ("title", "pages", "author_id") values ($1, $2, $3), ($4, $5, $6) on conflict do nothing',
      params: ["T", 1, 1, "U", 2, 1],
    },
    upsert: {
      sql: 'insert into "snap_book" ("title", "pages", "author_id") values ($1, $2, $3), ($4, $5, $6) on conflict ("title", "author_id") do update set "pages" = "excluded"."pages" returning "id"',
      params: ["T", 1, 1, "U", 2, 1],
    },
    createTable: [
      'create table "snap_book" (\n  "id" bigint generated by default as identity primary key,\n  "title" varchar(200) not null,\n  "pages" integer not null,\n  "author_id" bigint not null,\n  constraint "snap_book_title_author_id_uniq" unique ("title", "author_id"),\n  constraint "snap_book_author_id_fk_snap_author" foreign key ("author_id") references "snap_author" ("id") on delete cascade\n)',
      'create index "snap_book_title_idx" on "snap_book" ("title")',
      'create index "snap_book_author_id_idx" on "snap_book" ("author_id")',
    ],
  },
  mysql: {
    getByPk: {
      sql: "select `snap_book`.`id`, `snap_book`.`title`, `snap_book`.`pages`, `snap_book`.`author_id` from `snap_book` where `snap_book`.`id` = ? order by `snap_book`.`pages` desc",
      params: [1],
    },
    lookupsSliced: {
      sql: "select `snap_book`.`id`, `snap_book`.`title`, `snap_book`.`pages`, `snap_book`.`author_id` from `snap_book` where (lower(`snap_book`.`title`) like lower(?) escape '!' and `snap_book`.`pages` in (?, ?)) order by `snap_book`.`title` asc, `snap_book`.`id` desc limit ? offset ?",
      params: ["%a!_b%", 1, 2, 20, 10],
    },
    qAndForeignKey: {
      sql: "select `snap_book`.`id`, `snap_book`.`title`, `snap_book`.`pages`, `snap_book`.`author_id` from `snap_book` where ((`snap_book`.`title` like ? escape '!' or not coalesce(`snap_book`.`pages` between ? and ?, 1 = 0)) and not coalesce(`snap_book`.`author_id` in (select `snap_author`.`id` from `snap_author` where `snap_author`.`name` = ?), 1 = 0)) order by `snap_book`.`pages` desc",
      params: ["x%", 1, 5, "Ann"],
    },
    offsetOnly: {
      sql: "select `snap_book`.`id`, `snap_book`.`title`, `snap_book`.`pages`, `snap_book`.`author_id` from `snap_book` order by `snap_book`.`pages` desc limit 18446744073709551615 offset ?",
      params: [5],
    },
    update: {
      sql: "update `snap_book` set `pages` = ? where `snap_book`.`id` = ?",
      params: [3, 7],
    },
    delete: {
      sql: "delete from `snap_book` where `snap_book`.`id` = ?",
      params: [7],
    },
    insert: {
      sql: "insert into `snap_book` (`title`, `author_id`) values (?, ?)",
      params: ["T", 1],
    },
    bulkUpdate: {
      sql: "update `snap_book` set `title` = case `snap_book`.`id` when ? then ? when ? then ? else `snap_book`.`title` end, `pages` = case `snap_book`.`id` when ? then ? when ? then ? else `snap_book`.`pages` end where `snap_book`.`id` in (?, ?)",
      params: [1, "A", 2, "B", 1, 10, 2, 20, 1, 2],
    },
    insertIgnore: {
      sql: "insert ignore into `snap_book` (`title`, `pages`, `author_id`) values (?, ?, ?), (?, ?, ?)",
      params: ["T", 1, 1, "U", 2, 1],
    },
    upsert: {
      sql: "insert into `snap_book` (`title`, `pages`, `author_id`) values (?, ?, ?), (?, ?, ?) on duplicate key update `pages` = values(`pages`)",
      params: ["T", 1, 1, "U", 2, 1],
    },
    createTable: [
      "create table `snap_book` (\n  `id` bigint auto_increment primary key,\n  `title` varchar(200) character set utf8mb4 collate utf8mb4_bin not null,\n  `pages` integer not null,\n  `author_id` bigint not null,\n  constraint `snap_book_title_author_id_uniq` unique (`title`, `author_id`),\n  constraint `snap_book_author_id_fk_snap_author` foreign key (`author_id`) references `snap_author` (`id`) on delete cascade\n) engine=InnoDB",
      "create index `snap_book_title_idx` on `snap_book` (`title`)",
      "create index `snap_book_author_id_idx` on `snap_book` (`author_id`)",
    ],
  },
};

for (const dialect of ["sqlite", "postgres", "mysql"] as const) {
  test(`generated SQL is pinned (${dialect})`, () => {
    const got = JSON.parse(JSON.stringify(snapshotQueries(dialect)));
    assert.deepEqual(got, expected[dialect]);
  });
}
