import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import type { Database } from "../db/index.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { model, withRelated } from "../model/model.ts";
import { throughOf } from "../model/relations.ts";
import { counting } from "./fixtures/count-queries.ts";
import { forget, keepPrefetched, prefetched } from "./prefetch-kept.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

const TagBase = model(
  "pf.Tag",
  { name: f.string({ maxLength: 20 }) },
  { table: "flg_pf_tag", ordering: ["name"] },
);
const AuthorBase = model(
  "pf.Author",
  { name: f.string({ maxLength: 20 }) },
  { table: "flg_pf_author", ordering: ["name"] },
);
const Book = model(
  "pf.Book",
  {
    title: f.string({ maxLength: 20 }),
    author: f.foreignKey(() => AuthorBase, { onDelete: "cascade", relatedName: "books" }),
    tags: f.manyToMany(() => TagBase, { relatedName: "books" }),
  },
  { table: "flg_pf_book", ordering: ["title"] },
);
const Author = withRelated(AuthorBase, { books: f.reverse(() => Book, "author") });
const Tag = withRelated(TagBase, { books: f.reverse(() => Book, "tags") });
const models = [TagBase, AuthorBase, Book, throughOf(Book, "tags")];

test("kept lists: several relations per owner, each forgotten on its own", () => {
  const owner = { id: 1 };
  assert.equal(prefetched(owner, "books"), undefined);
  const books = [1, 2];
  const tags = [3];
  keepPrefetched(owner, "books", books);
  keepPrefetched(owner, "tags", tags);
  assert.equal(prefetched(owner, "books"), books);
  assert.equal(prefetched(owner, "tags"), tags);
  assert.deepEqual(Object.keys(owner), ["id"]);
  forget(owner, "books");
  assert.equal(prefetched(owner, "books"), undefined);
  assert.equal(prefetched(owner, "tags"), tags);
  // Kept again after a forget, a list replaces any older one under the same name.
  const tags2 = [4];
  keepPrefetched(owner, "tags", tags2);
  assert.equal(prefetched(owner, "tags"), tags2);
  forget(owner, "tags");
  assert.equal(prefetched(owner, "tags"), undefined);
  assert.equal(prefetched(owner, "books"), undefined);
  // Private fields are not properties: even a frozen instance keeps its lists.
  const frozen = Object.freeze({ id: 2 });
  keepPrefetched(frozen, "books", books);
  assert.equal(prefetched(frozen, "books"), books);
});

for (const backend of backends()) {
  describe(`prefetchRelated (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, models);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
    });

    async function addAuthors(n: number, start: number): Promise<void> {
      const red = await Tag.objects.using(db).getOrCreate({ name: "red" });
      const blue = await Tag.objects.using(db).getOrCreate({ name: "blue" });
      for (let i = start; i < start + n; i++) {
        const a = await Author.objects.using(db).create({ name: `a${String(i).padStart(3, "0")}` });
        const b1 = await a.books.create({ title: `${a.name}-x` });
        await a.books.create({ title: `${a.name}-y` });
        await b1.tags.set([red[0], blue[0]]);
      }
    }

    async function load(): Promise<[string, string[], string[][]][]> {
      const authors = await Author.objects.using(db).prefetchRelated("books", "books.tags");
      const out: [string, string[], string[][]][] = [];
      for (const a of authors) {
        const books = await a.books.all();
        const tags: string[][] = [];
        for (const b of books) tags.push((await b.tags.all()).map((t) => t.name));
        out.push([a.name, books.map((b) => b.title), tags]);
      }
      return out;
    }

    test("the number of queries does not grow with the number of rows", async () => {
      await addAuthors(2, 0);
      const [few, q1] = await counting(db, load);
      assert.deepEqual(few[0], ["a000", ["a000-x", "a000-y"], [["blue", "red"], []]]);
      assert.equal(few.length, 2);
      await addAuthors(8, 2);
      const [many, q2] = await counting(db, load);
      assert.equal(many.length, 10);
      assert.deepEqual(many[9], ["a009", ["a009-x", "a009-y"], [["blue", "red"], []]]);
      // authors, books, book-tag links, tags: four, for two authors or ten.
      assert.equal(q1, 4);
      assert.equal(q2, 4);
    });

    test("without prefetching, each manager queries", async () => {
      const [, n] = await counting(db, async () => {
        for (const a of await Author.objects.using(db)) await a.books.all();
      });
      assert.equal(n, 11);
    });

    test("reverse many-to-many; filter() on a prefetched manager queries afresh", async () => {
      const tags = await Tag.objects.using(db).prefetchRelated("books");
      const red = tags.find((t) => t.name === "red")!;
      const [rows, n] = await counting(db, async () => red.books.all());
      assert.equal(n, 0);
      assert.equal(rows.length, 10);
      const [x, m] = await counting(db, async () => red.books.filter({ title: "a001-x" }));
      assert.equal(m, 1);
      assert.equal(x.length, 1);
      // Changing the links drops what was loaded.
      await red.books.remove(x[0]!);
      assert.equal((await red.books.all()).length, 9);
    });

    test("prefetched rows stay off the instance's own data (keys, JSON, spread)", async () => {
      const [plain] = await Author.objects.using(db).filter({ name: "a001" });
      const [loaded] = await Author.objects
        .using(db)
        .filter({ name: "a001" })
        .prefetchRelated("books");
      assert.deepEqual(Object.keys(loaded!), Object.keys(plain!));
      assert.equal(JSON.stringify(loaded), JSON.stringify(plain));
      // A copy is a plain row: its relation is not carried over, so it is not prefetched.
      const copy = { ...loaded! };
      assert.deepEqual(Object.getOwnPropertySymbols(copy), []);
      assert.deepEqual(Object.getOwnPropertySymbols(loaded!), []);
      assert.deepStrictEqual(loaded, plain);
      // Each call gives a fresh array: changing one does not change what is kept.
      const first = await loaded!.books.all();
      first.pop();
      assert.equal((await loaded!.books.all()).length, 2);
    });

    test("an unknown relation is refused", async () => {
      await assert.rejects(
        (async () => Author.objects.using(db).prefetchRelated("nope" as never))(),
        (e: Error & { code?: string }) => e.code === ERR_ORM_QUERY,
      );
    });
  });
}
