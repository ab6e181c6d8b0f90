import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import type { Database } from "../db/index.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { model, withRelated } from "../model/model.ts";
import { throughOf } from "../model/relations.ts";
import { Avg, Count, Max, Min, Sum } from "./aggregates.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

const TagBase = model(
  "ann.Tag",
  { name: f.string({ maxLength: 20 }) },
  { table: "flg_ann_tag", ordering: ["name"] },
);
const AuthorBase = model(
  "ann.Author",
  { name: f.string({ maxLength: 20 }), country: f.string({ maxLength: 2 }) },
  { table: "flg_ann_author", ordering: ["name"] },
);
const Book = model(
  "ann.Book",
  {
    title: f.string({ maxLength: 20 }),
    pages: f.int(),
    author: f.foreignKey(() => AuthorBase, { onDelete: "cascade", relatedName: "books" }),
    tags: f.manyToMany(() => TagBase, { relatedName: "books" }),
  },
  { table: "flg_ann_book", ordering: ["title"] },
);
const Author = withRelated(AuthorBase, { books: f.reverse(() => Book, "author") });
const Tag = withRelated(TagBase, { books: f.reverse(() => Book, "tags") });
const models = [TagBase, AuthorBase, Book, throughOf(Book, "tags")];

for (const backend of backends()) {
  describe(`annotate (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, models);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      const red = await Tag.objects.using(db).create({ name: "red" });
      const blue = await Tag.objects.using(db).create({ name: "blue" });
      await Tag.objects.using(db).create({ name: "none" });
      const ann = await Author.objects.using(db).create({ name: "ann", country: "fr" });
      const bob = await Author.objects.using(db).create({ name: "bob", country: "fr" });
      await Author.objects.using(db).create({ name: "cy", country: "de" });
      const b1 = await ann.books.create({ title: "a1", pages: 100 });
      const b2 = await ann.books.create({ title: "a2", pages: 300 });
      await bob.books.create({ title: "b1", pages: 50 });
      await b1.tags.set([red, blue]);
      await b2.tags.set([red]);
    });

    test("Count over a reverse foreign key, zero for rows without any", async () => {
      const rows = await Author.objects.using(db).annotate({ n: Count("books") });
      assert.deepEqual(
        rows.map((a) => [a.name, a.n]),
        [
          ["ann", 2],
          ["bob", 1],
          ["cy", 0],
        ],
      );
      // Instances stay instances: their methods work.
      assert.equal(typeof rows[0]!.save, "function");
    });

    test("Sum, Avg, Min, Max across the relation; null where there are no rows", async () => {
      const rows = await Author.objects
        .using(db)
        .annotate({
          s: Sum("books.pages"),
          a: Avg("books.pages"),
          lo: Min("books.pages"),
          hi: Max("books.pages"),
        })
        .orderBy("name");
      assert.deepEqual(
        rows.map((r) => [r.name, r.s, r.a, r.lo, r.hi]),
        [
          ["ann", 400, 200, 100, 300],
          ["bob", 50, 50, 50, 50],
          ["cy", null, null, null, null],
        ],
      );
    });

    test("many-to-many, both sides", async () => {
      const tags = await Tag.objects
        .using(db)
        .annotate({ n: Count("books"), p: Sum("books.pages") });
      assert.deepEqual(
        tags.map((t) => [t.name, t.n, t.p]),
        [
          ["blue", 1, 100],
          ["none", 0, null],
          ["red", 2, 400],
        ],
      );
      const books = await Book.objects
        .using(db)
        .annotate({ n: Count("tags") })
        .orderBy("title");
      assert.deepEqual(
        books.map((b) => [b.title, b.n]),
        [
          ["a1", 2],
          ["a2", 1],
          ["b1", 0],
        ],
      );
    });

    test("filter before annotate is WHERE, after is HAVING; order by an annotation", async () => {
      const rows = await Author.objects
        .using(db)
        .filter({ country: "fr" })
        .annotate({ n: Count("books") })
        .filter({ n: { gte: 1 } })
        .orderBy("-n");
      assert.deepEqual(
        rows.map((r) => [r.name, r.n]),
        [
          ["ann", 2],
          ["bob", 1],
        ],
      );
      const exact = await Author.objects
        .using(db)
        .annotate({ n: Count("books") })
        .filter({ n: 0 });
      assert.deepEqual(
        exact.map((r) => r.name),
        ["cy"],
      );
      const none = await Author.objects
        .using(db)
        .annotate({ hi: Max("books.pages") })
        .filter({ hi: { isnull: true } });
      assert.deepEqual(
        none.map((r) => r.name),
        ["cy"],
      );
      const top = await Author.objects
        .using(db)
        .annotate({ n: Count("books") })
        .orderBy("-n")
        .limit(1);
      assert.deepEqual(
        top.map((r) => r.name),
        ["ann"],
      );
    });

    test("values(...).annotate groups by the values", async () => {
      const rows = await Author.objects
        .using(db)
        .values("country")
        .annotate({
          rows: Count("id"),
          authors: Count("id", { distinct: true }),
          nbooks: Count("books"),
        })
        .orderBy("country");
      // The join to books fans out: three joined rows for the two French authors (as Django).
      assert.deepEqual(rows, [
        { country: "de", rows: 1, authors: 1, nbooks: 0 },
        { country: "fr", rows: 3, authors: 2, nbooks: 3 },
      ]);
      const distinct = await Author.objects
        .using(db)
        .values("country")
        .annotate({ authors: Count("id") })
        .filter({ authors: { gt: 1 } });
      assert.deepEqual(distinct, [{ country: "fr", authors: 2 }]);
    });

    test("wrong names are coded errors", () => {
      const qs = Author.objects.using(db);
      const code = { code: ERR_ORM_QUERY };
      assert.throws(() => qs.annotate({ n: Count("nope") } as never), code);
      assert.throws(() => qs.annotate({ n: Sum("books") }), code);
      assert.throws(() => qs.annotate({ name: Count("books") }), code);
      assert.throws(() => qs.annotate({ books: Count("books") }), code);
      assert.throws(() => qs.annotate({ n: Count("books.nope") } as never), code);
      const ann = qs.annotate({ n: Count("books") });
      assert.throws(() => ann.filter({ m: 1 } as never), code);
      assert.throws(() => ann.filter({ n: { like: 1 } } as never), code);
      assert.throws(() => ann.orderBy("zz" as never), code);
      assert.throws(() => qs.valuesList("name").annotate({ n: Count("books") }), code);
      // selectRelated/prefetchRelated/only/defer/distinct combine: annotate-combine.test.ts.
    });
  });
}
