import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import type { Database } from "../db/index.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { model } from "../model/model.ts";
import { counting } from "./fixtures/count-queries.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

// Review -> Book -> Publisher, plus a nullable editor on Book pointing at Publisher too.
const Publisher = model(
  "sr.Publisher",
  { name: f.string({ maxLength: 30 }) },
  { table: "flg_sr_publisher" },
);
const Book = model(
  "sr.Book",
  {
    title: f.string({ maxLength: 30 }),
    publisher: f.foreignKey(() => Publisher, { onDelete: "cascade" }),
    editor: f.foreignKey(() => Publisher, {
      onDelete: "setNull",
      null: true,
      relatedName: "edited",
    }),
  },
  { table: "flg_sr_book", ordering: ["title"] },
);
const Review = model(
  "sr.Review",
  { stars: f.int(), book: f.foreignKey(() => Book, { onDelete: "cascade" }) },
  { table: "flg_sr_review", ordering: ["stars"] },
);
const models = [Publisher, Book, Review];

for (const backend of backends()) {
  describe(`selectRelated (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, models);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      const p = await Publisher.objects.using(db).create({ name: "Penguin" });
      const e = await Publisher.objects.using(db).create({ name: "Ed" });
      const a = await Book.objects
        .using(db)
        .create({ title: "A", publisherId: p.id, editorId: e.id });
      const b = await Book.objects.using(db).create({ title: "B", publisherId: p.id });
      await Review.objects.using(db).create({ stars: 3, bookId: a.id });
      await Review.objects.using(db).create({ stars: 5, bookId: b.id });
    });

    test("one query brings the related rows, nested, null where the key is null", async () => {
      const [reviews, n] = await counting(db, async () =>
        Review.objects.using(db).selectRelated("book.publisher", "book.editor"),
      );
      assert.equal(n, 1);
      assert.deepEqual(
        reviews.map((r) => [
          r.stars,
          r.book.title,
          (r.book as unknown as { publisher: { name: string } }).publisher.name,
        ]),
        [
          [3, "A", "Penguin"],
          [5, "B", "Penguin"],
        ],
      );
      const editors = reviews.map(
        (r) => (r.book as unknown as { editor: { name: string } | null }).editor?.name ?? null,
      );
      assert.deepEqual(editors, ["Ed", null]);
      // The instance's own properties stay its row.
      assert.deepEqual(Object.keys(reviews[0]!), ["id", "stars", "bookId"]);
      assert.equal(reviews[0]!.book.id, reviews[0]!.bookId);
    });

    test("typed top level, works with filters, get and first, and nullable keys", async () => {
      const books = await Book.objects
        .using(db)
        .selectRelated("editor", "publisher")
        .filter({ title: "B" });
      assert.equal(books[0]!.editor, null);
      assert.equal(books[0]!.publisher.name, "Penguin");
      const one = await Book.objects.using(db).selectRelated("editor").get({ title: "A" });
      assert.equal(one.editor?.name, "Ed");
      const first = await Review.objects.using(db).selectRelated("book").first();
      assert.equal(first?.book.title, "A");
      // count() and exists() ignore the joins.
      assert.equal(await Review.objects.using(db).selectRelated("book").count(), 2);
    });

    test("an unknown or non-foreign-key path is refused", () => {
      assert.throws(
        () => Review.objects.selectRelated("stars" as never),
        (e: Error & { code?: string }) => e.code === ERR_ORM_QUERY,
      );
      assert.throws(
        // Typed paths refuse it at compile time; untyped code gets the run-time error.
        () => Review.objects.selectRelated("book.nope" as never),
        (e: Error & { code?: string }) => e.code === ERR_ORM_QUERY && /book\.nope/.test(e.message),
      );
    });
  });
}
