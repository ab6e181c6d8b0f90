/**
 * annotate() with selectRelated, prefetchRelated, only/defer and distinct, as Django allows:
 * on real SQLite, PostgreSQL and MariaDB, with the numbers and the query counts asserted.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import type { Database } from "../db/index.ts";
import { deferredOf } from "../model/instance.ts";
import { f } from "../model/fields.ts";
import { model, withRelated } from "../model/model.ts";
import { Count, Sum } from "./aggregates.ts";
import { F } from "./expressions.ts";
import { counting } from "./fixtures/count-queries.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

const Publisher = model(
  "anncmb.Publisher",
  { name: f.string({ maxLength: 20 }) },
  { table: "flg_anncmb_pub" },
);
const AuthorBase = model(
  "anncmb.Author",
  {
    name: f.string({ maxLength: 20 }),
    country: f.string({ maxLength: 2 }),
    publisher: f.foreignKey(() => Publisher, { onDelete: "cascade", null: true }),
  },
  { table: "flg_anncmb_author", ordering: ["name"] },
);
const BookBase = model(
  "anncmb.Book",
  {
    title: f.string({ maxLength: 20 }),
    pages: f.int(),
    author: f.foreignKey(() => AuthorBase, { onDelete: "cascade", relatedName: "books" }),
  },
  { table: "flg_anncmb_book", ordering: ["title"] },
);
const Chapter = model(
  "anncmb.Chapter",
  {
    pages: f.int(),
    book: f.foreignKey(() => BookBase, { onDelete: "cascade", relatedName: "chapters" }),
  },
  { table: "flg_anncmb_chapter" },
);
const Book = withRelated(BookBase, { chapters: f.reverse(() => Chapter, "book") });
const Author = withRelated(AuthorBase, { books: f.reverse(() => Book, "author") });
const models = [Publisher, AuthorBase, BookBase, Chapter];

for (const backend of backends()) {
  describe(`annotate with selectRelated/prefetchRelated/only/defer/distinct (${backend.name})`, {
    skip: backend.skip,
  }, () => {
    let db: Database;
    const tables = useModelTables(backend, models);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      const pen = await Publisher.objects.using(db).create({ name: "pen" });
      const ann = await Author.objects
        .using(db)
        .create({ name: "ann", country: "fr", publisherId: pen.id });
      const bob = await Author.objects.using(db).create({ name: "bob", country: "fr" });
      await Author.objects.using(db).create({ name: "cy", country: "de" });
      const a1 = await Book.objects.using(db).create({ title: "a1", pages: 100, authorId: ann.id });
      const a2 = await Book.objects.using(db).create({ title: "a2", pages: 300, authorId: ann.id });
      await Book.objects.using(db).create({ title: "b1", pages: 50, authorId: bob.id });
      for (const [b, pages] of [
        [a1, 10],
        [a1, 20],
        [a2, 5],
      ] as const)
        await Chapter.objects.using(db).create({ pages, bookId: b.id });
    });

    test("selectRelated then annotate: the joined instances and the aggregates, one query", async () => {
      const [books, queries] = await counting(db, async () => {
        const rows = await Book.objects
          .using(db)
          .selectRelated("author.publisher")
          .annotate({ n: Count("chapters"), pages2: F("pages").mul(2) })
          .filter({ n: { gte: 1 } })
          .orderBy("-n", "title");
        return rows.map((b) => [b.title, b.n, b.pages2, b.author.name, b.author.publisher?.name]);
      });
      assert.equal(queries, 1);
      assert.deepEqual(books, [
        ["a1", 2, 200, "ann", "pen"],
        ["a2", 1, 600, "ann", "pen"],
      ]);
      const bob = await Book.objects
        .using(db)
        .selectRelated("author.publisher")
        .filter({ title: "b1" })
        .annotate({ n: Count("chapters") });
      assert.equal(bob[0]!.n, 0);
      assert.equal(bob[0]!.author.name, "bob");
      assert.equal(bob[0]!.author.publisher, null);
    });

    test("prefetchRelated then annotate: prefetched relations, aggregates by subquery", async () => {
      const [rows, queries] = await counting(db, async () => {
        const authors = await Author.objects
          .using(db)
          .prefetchRelated("books")
          .annotate({ n: Count("books"), pages: Sum("books.chapters.pages") });
        const out: unknown[] = [];
        for (const a of authors)
          out.push([a.name, a.n, a.pages, (await a.books.all()).map((b) => b.title)]);
        return out;
      });
      // The annotated query and one for the books: the managers read the prefetched rows.
      assert.equal(queries, 2);
      assert.deepEqual(rows, [
        ["ann", 2, 35, ["a1", "a2"]],
        ["bob", 1, null, ["b1"]],
        ["cy", 0, null, []],
      ]);
    });

    test("only()/defer() then annotate: the loaded fields and the annotations", async () => {
      const slim = await Author.objects
        .using(db)
        .only("name")
        .annotate({ n: Count("books") })
        .orderBy("-n");
      assert.deepEqual(
        slim.map((a) => [a.name, a.n]),
        [
          ["ann", 2],
          ["bob", 1],
          ["cy", 0],
        ],
      );
      assert.deepEqual([...(deferredOf(slim[0]!) ?? [])].sort(), ["country", "publisherId"]);
      assert.equal("country" in slim[0]!, false);
      const noPages = await Book.objects
        .using(db)
        .defer("pages")
        .annotate({ chapterPages: Sum("chapters.pages") });
      assert.deepEqual(
        noPages.map((b) => [b.title, b.chapterPages]),
        [
          ["a1", 30],
          ["a2", 5],
          ["b1", null],
        ],
      );
      assert.deepEqual([...(deferredOf(noPages[0]!) ?? [])], ["pages"]);
      // A deferred field loads on demand, as without annotate.
      await noPages[0]!.refreshFromDb();
      assert.equal((noPages[0] as unknown as { pages: number }).pages, 100);
    });

    test("distinct() then annotate: SELECT DISTINCT, per row and per values() group", async () => {
      const q = Author.objects
        .using(db)
        .distinct()
        .annotate({ n: Count("books") });
      assert.match(
        q.toSql(backend.name === "sqlite" ? "sqlite" : "postgres").sql,
        /^select distinct /,
      );
      assert.deepEqual(
        (await q).map((a) => [a.name, a.n]),
        [
          ["ann", 2],
          ["bob", 1],
          ["cy", 0],
        ],
      );
      const byCountry = await Author.objects
        .using(db)
        .values("country")
        .distinct()
        .annotate({ n: Count("books") })
        .orderBy("country");
      assert.deepEqual(byCountry, [
        { country: "de", n: 0 },
        { country: "fr", n: 3 },
      ]);
    });

    test("random order of an annotated query runs on every backend (MariaDB: rand())", async () => {
      const rows = await Author.objects
        .using(db)
        .annotate({ n: Count("books") })
        .orderBy("?");
      assert.deepEqual(rows.map((a) => a.n).sort(), [0, 1, 2]);
    });

    test("values() after selectRelated + annotate: plain rows, no joins", async () => {
      const rows = await Book.objects
        .using(db)
        .selectRelated("author")
        .prefetchRelated("chapters")
        .annotate({ n: Count("chapters") })
        .values("title", "n")
        .orderBy("title");
      assert.deepEqual(rows, [
        { title: "a1", n: 2 },
        { title: "a2", n: 1 },
        { title: "b1", n: 0 },
      ]);
    });
  });
}
