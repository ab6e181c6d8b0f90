import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import type { Database } from "../db/index.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { model } from "../model/model.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

const Publisher = model(
  "obr.Publisher",
  { name: f.string({ maxLength: 20 }) },
  { table: "flg_obr_publisher" },
);
const Author = model(
  "obr.Author",
  {
    name: f.string({ maxLength: 20 }),
    publisher: f.foreignKey(() => Publisher, { onDelete: "cascade", null: true }),
  },
  { table: "flg_obr_author" },
);
const Book = model(
  "obr.Book",
  {
    title: f.string({ maxLength: 20 }),
    author: f.foreignKey(() => Author, { onDelete: "cascade" }),
  },
  { table: "flg_obr_book" },
);

test("orderBy across a foreign key: SQL per dialect", () => {
  const qs = Book.objects.orderBy("-author.name", "title");
  assert.deepEqual(qs.toSql("postgres"), {
    sql: 'select "flg_obr_book"."id", "flg_obr_book"."title", "flg_obr_book"."author_id" from "flg_obr_book" left join "flg_obr_author" as "ob_author" on "ob_author"."id" = "flg_obr_book"."author_id" order by "ob_author"."name" desc, "flg_obr_book"."title" asc',
    params: [],
  });
  assert.deepEqual(qs.toSql("sqlite").sql, qs.toSql("postgres").sql);
  assert.deepEqual(qs.toSql("mysql"), {
    sql: "select `flg_obr_book`.`id`, `flg_obr_book`.`title`, `flg_obr_book`.`author_id` from `flg_obr_book` left join `flg_obr_author` as `ob_author` on `ob_author`.`id` = `flg_obr_book`.`author_id` order by `ob_author`.`name` desc, `flg_obr_book`.`title` asc",
    params: [],
  });
  const deep = Book.objects.orderBy("author.publisher.name" as never).toSql("sqlite").sql;
  assert.match(
    deep,
    /left join "flg_obr_publisher" as "ob_author__publisher" on "ob_author__publisher"."id" = "ob_author"."publisher_id" order by "ob_author__publisher"."name" asc$/,
  );
});

test("orderBy across relations: wrong paths are coded errors", () => {
  const code = { code: ERR_ORM_QUERY };
  assert.throws(() => Book.objects.orderBy("title.name" as never), code);
  assert.throws(() => Book.objects.orderBy("author.nope" as never), code);
  assert.throws(() => Book.objects.orderBy("nope.name" as never), code);
});

for (const backend of backends()) {
  describe(`orderBy across relations (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, [Publisher, Author, Book]);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      const zed = await Publisher.objects.using(db).create({ name: "zed" });
      const acme = await Publisher.objects.using(db).create({ name: "acme" });
      const ann = await Author.objects.using(db).create({ name: "ann", publisherId: zed.id });
      const bob = await Author.objects.using(db).create({ name: "bob", publisherId: acme.id });
      const cy = await Author.objects.using(db).create({ name: "cy", publisherId: null });
      await Book.objects.using(db).create({ title: "b", authorId: ann.id });
      await Book.objects.using(db).create({ title: "a", authorId: bob.id });
      await Book.objects.using(db).create({ title: "c", authorId: ann.id });
      await Book.objects.using(db).create({ title: "d", authorId: cy.id });
    });

    test("one step, both directions, with filters, first/last", async () => {
      const titles = async (qs: PromiseLike<{ title: string }[]>) => (await qs).map((b) => b.title);
      const books = Book.objects.using(db);
      assert.deepEqual(await titles(books.orderBy("author.name", "title")), ["b", "c", "a", "d"]);
      assert.deepEqual(await titles(books.orderBy("-author.name", "title")), ["d", "a", "b", "c"]);
      assert.deepEqual(
        await titles(books.filter({ title: { in: ["a", "b"] } }).orderBy("-author.name")),
        ["a", "b"],
      );
      assert.equal((await books.orderBy("author.name", "title").last())?.title, "d");
      assert.equal(await books.orderBy("author.name").count(), 4);
    });

    test("two steps, keeping rows whose foreign key is NULL", async () => {
      const rows = await Book.objects
        .using(db)
        .orderBy({ by: "author.publisher.name", nulls: "last" } as never, "title")
        .valuesList("title", { flat: true });
      assert.deepEqual(rows, ["a", "b", "c", "d"]);
    });
  });
}
