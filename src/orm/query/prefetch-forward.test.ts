import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import type { Database } from "../db/index.ts";
import { f } from "../model/fields.ts";
import { model, withRelated } from "../model/model.ts";
import { counting, recording } from "./fixtures/count-queries.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

// Book -> Author (required) and Book -> Author as editor (nullable); Author -> Country.
const Country = model(
  "pff.Country",
  { code: f.string({ maxLength: 2 }) },
  { table: "flg_pff_country" },
);
const AuthorBase = model(
  "pff.Author",
  {
    name: f.string({ maxLength: 20 }),
    country: f.foreignKey(() => Country, { onDelete: "cascade", null: true }),
  },
  { table: "flg_pff_author", ordering: ["name"] },
);
const Book = model(
  "pff.Book",
  {
    title: f.string({ maxLength: 20 }),
    author: f.foreignKey(() => AuthorBase, { onDelete: "cascade", relatedName: "books" }),
    editor: f.foreignKey(() => AuthorBase, {
      onDelete: "setNull",
      null: true,
      relatedName: "edited",
    }),
  },
  { table: "flg_pff_book", ordering: ["title"] },
);
const Author = withRelated(AuthorBase, { books: f.reverse(() => Book, "author") });
const models = [Country, AuthorBase, Book];

for (const backend of backends()) {
  describe(`prefetchRelated across forward foreign keys (${backend.name})`, {
    skip: backend.skip,
  }, () => {
    let db: Database;
    const tables = useModelTables(backend, models);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
    });

    /** `n` authors (every other one with a country), two books each, edited by the first. */
    async function seed(n: number, start: number): Promise<void> {
      const [fr] = await Country.objects.using(db).getOrCreate({ code: "fr" });
      const [first] = await Author.objects
        .using(db)
        .getOrCreate({ name: "a000" }, { countryId: fr.id });
      for (let i = start; i < start + n; i++) {
        const name = `a${String(i).padStart(3, "0")}`;
        const [a] = await Author.objects
          .using(db)
          .getOrCreate({ name }, { countryId: i % 2 === 0 ? fr.id : null });
        await a.books.create({ title: `${name}-x`, editorId: first.id });
        await a.books.create({ title: `${name}-y` });
      }
    }

    async function load(): Promise<[string, string, string | null, string | null][]> {
      const books = await Book.objects
        .using(db)
        .prefetchRelated("author", "editor", "author.country");
      return books.map((b) => [
        b.title,
        b.author.name,
        b.editor?.name ?? null,
        (b.author as unknown as { country: { code: string } | null }).country?.code ?? null,
      ]);
    }

    test("one query per relation, whatever the number of rows; NULL keys give null", async () => {
      await seed(2, 0);
      const [few, q1] = await counting(db, load);
      assert.deepEqual(few, [
        ["a000-x", "a000", "a000", "fr"],
        ["a000-y", "a000", null, "fr"],
        ["a001-x", "a001", "a000", null],
        ["a001-y", "a001", null, null],
      ]);
      await seed(10, 2);
      const [many, q2] = await counting(db, load);
      assert.equal(many.length, 24);
      assert.deepEqual(many[23], ["a011-y", "a011", null, null]);
      // books, authors, editors, countries: four, for four books or twenty-four.
      assert.equal(q1, 4);
      assert.equal(q2, 4);
      // Without prefetching, there is nothing under the field's name.
      const [plain] = await Book.objects.using(db).filter({ title: "a000-x" });
      assert.equal((plain as unknown as { author?: unknown }).author, undefined);
    });

    test("reads the same as selectRelated, and stays off the row", async () => {
      const pick = (bs: { author: { name: string }; editor: { name: string } | null }[]) =>
        bs.map((b) => [b.author.name, b.editor?.name ?? null]);
      const q = Book.objects.using(db).filter({ author: { name: { in: ["a000", "a001"] } } });
      const joined = await q.selectRelated("author", "editor");
      const fetched = await q.prefetchRelated("author", "editor");
      assert.deepEqual(pick(fetched), pick(joined));
      assert.deepEqual(Object.keys(fetched[0]!), ["id", "title", "authorId", "editorId"]);
      assert.equal(JSON.stringify(fetched[0]), JSON.stringify((await q)[0]));
      // Every book of one author gets the same instance: one row, loaded once.
      assert.equal(fetched[0]!.author, fetched[1]!.author);
    });

    test("nested paths: forward then reverse, reverse then forward", async () => {
      const [books, n] = await counting(db, async () =>
        Book.objects.using(db).filter({ title: "a003-x" }).prefetchRelated("author.books"),
      );
      assert.equal(n, 3);
      const siblings = await (
        books[0]!.author as unknown as { books: { all(): Promise<{ title: string }[]> } }
      ).books.all();
      assert.deepEqual(
        siblings.map((b) => b.title),
        ["a003-x", "a003-y"],
      );

      const [rows, m] = await counting(db, async () => {
        const authors = await Author.objects
          .using(db)
          .filter({ name: { in: ["a000", "a001"] } })
          .prefetchRelated("books.editor", "edited.author" as never);
        const out: [string, (string | null)[], string[]][] = [];
        for (const a of authors) {
          const books = await a.books.all();
          const edited = await (
            a as unknown as { edited: { all(): Promise<{ author: { name: string } }[]> } }
          ).edited.all();
          out.push([
            a.name,
            books.map(
              (b) => (b as unknown as { editor: { name: string } | null }).editor?.name ?? null,
            ),
            edited.map((b) => b.author.name),
          ]);
        }
        return out;
      });
      // authors, their books, the books' editors, the books they edited, those books' authors.
      assert.equal(m, 5);
      assert.equal(rows.length, 2);
      assert.deepEqual(rows[1], ["a001", ["a000", null], []]);
      assert.deepEqual(rows[0]![1], ["a000", null]);
      const all = Array.from({ length: 12 }, (_, i) => `a${String(i).padStart(3, "0")}`);
      assert.deepEqual(rows[0]![2], all);
    });

    test("after selectRelated, a nested path goes on from the joined rows", async () => {
      const [books, n] = await counting(db, async () =>
        Book.objects
          .using(db)
          .filter({ title: { in: ["a000-x", "a001-x"] } })
          .selectRelated("author")
          .prefetchRelated("author.country"),
      );
      // The joined query, then countries: the authors are not fetched again.
      assert.equal(n, 2);
      assert.deepEqual(
        books.map(
          (b) =>
            (b.author as unknown as { country: { code: string } | null }).country?.code ?? null,
        ),
        ["fr", null],
      );
    });

    test("the query: the distinct keys, unordered", async () => {
      const [, statements] = await recording(db, async () =>
        Book.objects
          .using(db)
          .filter({ title: { in: ["a000-x", "a000-y", "a001-x"] } })
          .prefetchRelated("author"),
      );
      assert.equal(statements.length, 2);
      const q = backend.name === "mysql" ? "`" : '"';
      const params = { sqlite: "?, ?", postgres: "$1, $2", mysql: "?, ?" }[backend.name];
      const sql = `select "flg_pff_author"."id", "flg_pff_author"."name", "flg_pff_author"."country_id" from "flg_pff_author" where "flg_pff_author"."id" in (${params})`;
      assert.equal(statements[1], sql.replaceAll('"', q));
    });

    test("no rows, or only NULL keys, run no further query", async () => {
      const [none, n] = await counting(db, async () =>
        Book.objects.using(db).filter({ title: "nope" }).prefetchRelated("author"),
      );
      assert.deepEqual(none, []);
      assert.equal(n, 1);
      const [unedited, m] = await counting(db, async () =>
        Book.objects.using(db).filter({ title: "a001-y" }).prefetchRelated("editor"),
      );
      assert.equal(m, 1);
      assert.equal(unedited[0]!.editor, null);
    });
  });
}
