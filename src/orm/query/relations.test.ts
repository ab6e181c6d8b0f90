import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type { Database } from "../db/index.ts";
import { backends } from "../db/fixtures/backends.ts";
import { f } from "../model/fields.ts";
import { model } from "../model/model.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

// A chain of foreign keys, the first to a UUID key: Review -> Book -> Publisher.
const Publisher = model(
  "rel.Publisher",
  { id: f.uuidPk(), name: f.string({ maxLength: 50 }) },
  { table: "flg_rel_publisher" },
);
const Book = model(
  "rel.Book",
  {
    title: f.string({ maxLength: 50 }),
    publisher: f.foreignKey(() => Publisher, { onDelete: "cascade" }),
  },
  { table: "flg_rel_book" },
);
const Review = model(
  "rel.Review",
  {
    stars: f.int(),
    book: f.foreignKey(() => Book, { onDelete: "cascade" }),
  },
  { table: "flg_rel_review" },
);
const models = [Publisher, Book, Review];

for (const backend of backends()) {
  describe(`filters across foreign keys (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, models);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      const penguin = await Publisher.objects.using(db).create({ name: "Penguin" });
      const vintage = await Publisher.objects.using(db).create({ name: "Vintage" });
      const a = await Book.objects.using(db).create({ title: "A", publisherId: penguin.id });
      const b = await Book.objects.using(db).create({ title: "B", publisherId: vintage.id });
      for (const [book, stars] of [
        [a, 5],
        [a, 3],
        [b, 4],
      ] as const)
        await Review.objects.using(db).create({ bookId: book.id, stars });
    });

    test("a foreign key to a UUID key stores and matches the UUID", async () => {
      const penguin = await Publisher.objects.using(db).get({ name: "Penguin" });
      const a = await Book.objects.using(db).get({ publisher: penguin.id });
      assert.equal(a.publisherId, penguin.id);
      assert.equal(a.title, "A");
    });

    test("two hops: reviews of books published by Penguin", async () => {
      const stars = await Review.objects
        .using(db)
        .filter({ book: { publisher: { name: "Penguin" } } })
        .orderBy("stars")
        .valuesList("stars", { flat: true });
      assert.deepEqual(stars, [3, 5]);
    });

    test("a relation filter mixes with lookups on both sides", async () => {
      const n = await Review.objects
        .using(db)
        .filter({
          stars: { gte: 4 },
          book: { title: { in: ["A", "B"] }, publisher: { name: { iendswith: "AGE" } } },
        })
        .count();
      assert.equal(n, 1);
      assert.equal(
        await Review.objects
          .using(db)
          .exclude({ book: { publisher: { name: "Penguin" } } })
          .count(),
        1,
      );
    });

    test("deleting the publisher cascades two levels", async () => {
      const vintage = await Publisher.objects.using(db).get({ name: "Vintage" });
      await vintage.delete();
      assert.equal(await Book.objects.using(db).count(), 1);
      assert.equal(await Review.objects.using(db).count(), 2);
    });
  });
}
