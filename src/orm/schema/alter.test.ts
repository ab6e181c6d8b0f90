/**
 * ALTER statements per dialect, pinned as text (the behaviour on real databases is covered by
 * src/migrations/operations.test.ts).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { mysqlDialect, postgresDialect, sqliteDialect } from "../db/index.ts";
import { f } from "../model/fields.ts";
import { model } from "../model/model.ts";
import {
  addColumnSql,
  alterColumnSql,
  dropColumnSql,
  literalSql,
  renameColumnSql,
  renameTableSql,
} from "./alter.ts";
import { renameDerivedNamesSql } from "./rename-names.ts";

const Tag = model("alt.Tag", { name: f.string({ maxLength: 10 }) }, { table: "alt_tag" });
const Before = model("alt.Post", { title: f.string({ maxLength: 10 }) }, { table: "alt_post" });
const After = model(
  "alt.Post",
  {
    title: f.string({ maxLength: 10 }),
    tag: f.foreignKey(() => Tag, { onDelete: "cascade" }),
    views: f.int({ default: 0 }),
  },
  { table: "alt_post" },
);
const tag = After.meta.byName.get("tag")!;
const views = After.meta.byName.get("views")!;

test("add column: PostgreSQL fills rows once, then adds the key and its index", () => {
  assert.deepEqual(addColumnSql(Before.meta, After.meta, views, postgresDialect, 0), [
    'alter table "alt_post" add column "views" integer not null default 0',
    'alter table "alt_post" alter column "views" drop default',
  ]);
  assert.deepEqual(addColumnSql(Before.meta, After.meta, tag, postgresDialect), [
    'alter table "alt_post" add column "tag_id" bigint not null',
    'alter table "alt_post" add constraint "alt_post_tag_id_fk_alt_tag" foreign key ("tag_id") references "alt_tag" ("id") on delete cascade',
    'create index "alt_post_tag_id_idx" on "alt_post" ("tag_id")',
  ]);
});

test("SQLite rebuilds the table: create, copy, drop, rename, indexes", () => {
  const s = addColumnSql(Before.meta, After.meta, views, sqliteDialect, 7);
  assert.match(s[0]!, /^create table "new__alt_post"/);
  assert.equal(
    s[1],
    'insert into "new__alt_post" ("id", "title", "views") select "id", "title", 7 from "alt_post"',
  );
  assert.deepEqual(s.slice(2, 4), [
    'drop table "alt_post"',
    'alter table "new__alt_post" rename to "alt_post"',
  ]);
});

test("MySQL drops a foreign key before its column; modifies columns in place", () => {
  assert.deepEqual(dropColumnSql(After.meta, Before.meta, tag, mysqlDialect), [
    "alter table `alt_post` drop foreign key `alt_post_tag_id_fk_alt_tag`",
    "alter table `alt_post` drop column `tag_id`",
  ]);
  const Wider = model(
    "alt.Post",
    { title: f.string({ maxLength: 20, null: true }) },
    { table: "alt_post" },
  );
  const t0 = Before.meta.byName.get("title")!;
  const t1 = Wider.meta.byName.get("title")!;
  assert.deepEqual(alterColumnSql(Before.meta, t0, Wider.meta, t1, mysqlDialect), [
    "alter table `alt_post` modify column `title` varchar(20) character set utf8mb4 collate utf8mb4_bin null",
  ]);
  assert.deepEqual(alterColumnSql(Before.meta, t0, Wider.meta, t1, postgresDialect), [
    'alter table "alt_post" alter column "title" type varchar(20) using "title"::varchar(20)',
    'alter table "alt_post" alter column "title" drop not null',
  ]);
});

test("renames, and derived names follow a renamed table", () => {
  assert.equal(renameTableSql("a", "b", mysqlDialect), "rename table `a` to `b`");
  assert.equal(renameTableSql("a", "b", sqliteDialect), 'alter table "a" rename to "b"');
  assert.equal(
    renameColumnSql("t", "a", "b", postgresDialect),
    'alter table "t" rename column "a" to "b"',
  );
  const Moved = model(
    "alt.Article",
    {
      title: f.string({ maxLength: 10 }),
      tag: f.foreignKey(() => Tag, { onDelete: "cascade" }),
      views: f.int({ default: 0 }),
    },
    { table: "alt_article" },
  );
  assert.deepEqual(renameDerivedNamesSql(After.meta, Moved.meta, postgresDialect), [
    'alter table "alt_article" rename constraint "alt_post_tag_id_fk_alt_tag" to "alt_article_tag_id_fk_alt_tag"',
    'alter index "alt_post_tag_id_idx" rename to "alt_article_tag_id_idx"',
  ]);
  assert.equal(renameDerivedNamesSql(After.meta, Moved.meta, mysqlDialect).length, 3);
});

test("literals per dialect", () => {
  assert.equal(literalSql(true, postgresDialect), "true");
  assert.equal(literalSql(true, mysqlDialect), "1");
  assert.equal(literalSql("it's", sqliteDialect), "'it''s'");
  assert.throws(() => literalSql(Number.NaN, sqliteDialect), RangeError);
});
