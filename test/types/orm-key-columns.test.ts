/**
 * Declaration options never widen a model's type, and a foreign key's row property filters, for
 * the type-checker. A key set such as `uniqueTogether` once made TypeScript infer the base model
 * as the whole FieldMap, whose string index emptied `only()`'s result (no fields, no `save`) and
 * let any key through `filter()`. `authorId` (Django's `author_id`) takes the key's value and its
 * lookups. Each `@ts-expect-error` fails `tsc --noEmit` if its line ever compiles; the runtime
 * tests run the typed calls on SQLite, with `build()`, an unsaved instance.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createModel, Database, f, model, ModelRegistry, ValidationError } from "flagon/orm";

const registry = new ModelRegistry();
const Author = model("tkc.Author", { name: f.string({ maxLength: 10 }) }, { registry });
const Book = model(
  "tkc.Book",
  {
    title: f.string({ maxLength: 20 }),
    pages: f.int({ default: 0 }),
    author: f.foreignKey(() => Author, { onDelete: "cascade" }),
  },
  { registry, uniqueTogether: [["title", "author"]], indexes: [{ fields: ["pages"] }] },
);

async function typed(db: Database): Promise<string | undefined> {
  const only = await Book.objects.using(db).only("title").first();
  const title: string | undefined = only?.title;
  // @ts-expect-error: a field only() left out is not there
  void only?.pages;
  await only?.save();
  await Book.objects.using(db).filter({ authorId: 1 });
  await Book.objects.using(db).filter({ authorId: { in: [1, 2] } });
  return title;
}

// Compile-time only: refused by the type-checker (and at run time, by the query layer).
export function refused(db: Database): unknown[] {
  return [
    // @ts-expect-error: a key is a number here
    Book.objects.using(db).filter({ authorId: "x" }),
    // @ts-expect-error: only foreign keys have a key column
    Book.objects.using(db).filter({ titleId: 1 }),
    // @ts-expect-error: an unknown field (a string index would have let it through)
    Book.objects.using(db).filter({ nope: 1 }),
  ];
}

test("the typed calls run: only() keeps its fields, authorId filters by key", async () => {
  const db = new Database("default", "sqlite::memory:");
  try {
    await createModel(db, Author);
    await createModel(db, Book);
    const a = await Author.objects.using(db).create({ name: "A" });
    const b = await Author.objects.using(db).create({ name: "B" });
    await Book.objects.using(db).create({ title: "one", pages: 3, authorId: a.id });
    await Book.objects.using(db).create({ title: "two", pages: 4, authorId: b.id });
    assert.equal(await typed(db), "one");
    const byA = await Book.objects.using(db).filter({ authorId: a.id });
    assert.deepEqual(
      byA.map((x) => x.title),
      ["one"],
    );
    assert.equal(
      await Book.objects
        .using(db)
        .filter({ authorId: { in: [a.id, b.id] } })
        .count(),
      2,
    );
  } finally {
    await db.close();
  }
});

test("build() gives a typed instance that is not saved until save()", async () => {
  const db = new Database("default", "sqlite::memory:");
  try {
    await createModel(db, Author);
    await createModel(db, Book);
    const a = await Author.objects.using(db).create({ name: "A" });
    const b = Book.objects.build({ title: "new", authorId: a.id });
    const pages: number = b.pages;
    assert.equal(pages, 0, "the default is filled");
    assert.equal(b.id, null);
    assert.equal(await Book.objects.using(db).count(), 0, "nothing written yet");
    await b.validate({ using: db });
    await b.save({ using: db });
    assert.equal(typeof b.id, "number");
    assert.equal((await Book.objects.using(db).get({ id: b.id })).title, "new");
    // A second one with the same (title, author) fails validation before any INSERT.
    const dup = Book.objects.build({ title: "new", authorId: a.id });
    await assert.rejects(dup.validate({ using: db }), (e: unknown) => {
      assert.ok(e instanceof ValidationError);
      assert.match(
        e.fields.__all__?.[0]?.message ?? "",
        /with this Title and Author already exists/,
      );
      return true;
    });
    // @ts-expect-error: build() takes the model's fields only
    assert.throws(() => Book.objects.build({ nope: 1 }), /no field "nope"/);
  } finally {
    await db.close();
  }
});
