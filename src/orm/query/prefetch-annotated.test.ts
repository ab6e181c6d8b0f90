/**
 * `Prefetch(path, { queryset })` with an `annotate()`d query on every backend: the relation's
 * condition joins the query's own filter, each prefetched instance carries its annotations (in
 * the manager's `all()` or under `toAttr`), a HAVING filter and an ordering by an annotation
 * apply, as do `only()`, `selectRelated` and `prefetchRelated` given before `annotate()`, a path
 * going on past it loads, a query naming its own database runs there, and what cannot work is
 * refused.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import { Database } from "../db/index.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { model, withRelated } from "../model/model.ts";
import { throughOf } from "../model/relations.ts";
import { createModel } from "../schema/schema-editor.ts";
import { Count } from "./aggregates.ts";
import { counting } from "./fixtures/count-queries.ts";
import { useModelTables } from "./fixtures/model-tables.ts";
import { Prefetch } from "./prefetch-lookup.ts";

const TagBase = model(
  "pfa.Tag",
  { name: f.string({ maxLength: 20 }) },
  { table: "flg_pfa_tag", ordering: ["name"] },
);
const Publisher = model(
  "pfa.Publisher",
  { name: f.string({ maxLength: 20 }) },
  { table: "flg_pfa_pub" },
);
const AuthorBase = model(
  "pfa.Author",
  { name: f.string({ maxLength: 20 }) },
  { table: "flg_pfa_author", ordering: ["name"] },
);
const BookBase = model(
  "pfa.Book",
  {
    title: f.string({ maxLength: 20 }),
    year: f.int(),
    author: f.foreignKey(() => AuthorBase, { onDelete: "cascade", relatedName: "books" }),
    publisher: f.foreignKey(() => Publisher, {
      onDelete: "cascade",
      null: true,
      relatedName: "books",
    }),
    tags: f.manyToMany(() => TagBase, { relatedName: "books" }),
  },
  { table: "flg_pfa_book", ordering: ["title"] },
);
const Chapter = model(
  "pfa.Chapter",
  {
    pages: f.int(),
    book: f.foreignKey(() => BookBase, { onDelete: "cascade", relatedName: "chapters" }),
  },
  { table: "flg_pfa_chapter" },
);
const Book = withRelated(BookBase, { chapters: f.reverse(() => Chapter, "book") });
const Author = withRelated(AuthorBase, { books: f.reverse(() => Book, "author") });
const Tag = withRelated(TagBase, { books: f.reverse(() => Book, "tags") });
const models = [TagBase, Publisher, AuthorBase, BookBase, throughOf(BookBase, "tags"), Chapter];

/** A coded query error whose message holds every one of `parts`. */
function refused(...parts: string[]) {
  return (e: Error & { code?: string }) =>
    e.code === ERR_ORM_QUERY && parts.every((p) => e.message.includes(p));
}

type Row = { title: string; n: number };
/**
 * The manager's `all()` is typed as without the `Prefetch` (docs/orm.md): these tests read the
 * annotations and joined rows the queryset put there.
 */
type Loaded = Row & { publisher: { name: string } | null };
const loaded = async (rows: PromiseLike<readonly object[]>) => (await rows) as unknown as Loaded[];
const counts = (books: readonly Row[]) => books.map((b) => [b.title, b.n]);

for (const backend of backends()) {
  describe(`Prefetch with an annotated query (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, models);
    // Chapters per book, most first; no `using`: it runs where the owners came from.
    const byChapters = Book.objects.annotate({ n: Count("chapters") }).orderBy("-n", "title");

    /**
     * Ann: A1 (1990, 3 chapters, tags x y, Pub), A2 (2005, 1, tag y), A3 (2010, 0);
     * Bob: B1 (2001, 2, tags x y z), B2 (1980, 0); Cid: no books.
     */
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      const [x, y, z] = [
        await Tag.objects.using(db).create({ name: "x" }),
        await Tag.objects.using(db).create({ name: "y" }),
        await Tag.objects.using(db).create({ name: "z" }),
      ];
      const pub = await Publisher.objects.using(db).create({ name: "Pub" });
      const ann = await Author.objects.using(db).create({ name: "Ann" });
      const bob = await Author.objects.using(db).create({ name: "Bob" });
      await Author.objects.using(db).create({ name: "Cid" });
      const a1 = await ann.books.create({ title: "A1", year: 1990, publisherId: pub.id });
      const a2 = await ann.books.create({ title: "A2", year: 2005 });
      await ann.books.create({ title: "A3", year: 2010 });
      const b1 = await bob.books.create({ title: "B1", year: 2001 });
      await bob.books.create({ title: "B2", year: 1980 });
      for (const [book, n] of [
        [a1, 3],
        [a2, 1],
        [b1, 2],
      ] as const)
        for (let i = 0; i < n; i++) await book.chapters.create({ pages: 10 });
      await a1.tags.add(x, y);
      await a2.tags.add(y);
      await b1.tags.add(x, y, z);
    });

    test("reverse foreign key: each book carries its count, ordered by it", async () => {
      const [authors, n] = await counting(db, async () =>
        Author.objects.using(db).prefetchRelated(Prefetch("books", { queryset: byChapters })),
      );
      assert.equal(n, 2);
      const [seen, m] = await counting(db, async () => {
        const out: [string, unknown[]][] = [];
        for (const a of authors) out.push([a.name, counts(await loaded(a.books.all()))]);
        return out;
      });
      assert.equal(m, 0);
      assert.deepEqual(seen, [
        [
          "Ann",
          [
            ["A1", 3],
            ["A2", 1],
            ["A3", 0],
          ],
        ],
        [
          "Bob",
          [
            ["B1", 2],
            ["B2", 0],
          ],
        ],
        ["Cid", []],
      ]);
    });

    test("toAttr, the source's filter and a HAVING filter on the annotation", async () => {
      const busy = Book.objects
        .filter({ year: { gte: 2000 } })
        .annotate({ n: Count("chapters") })
        .filter({ n: { gte: 1 } })
        .orderBy("-n");
      const authors = await Author.objects
        .using(db)
        .prefetchRelated(Prefetch("books", { queryset: busy, toAttr: "busy" }));
      assert.deepEqual(
        authors.map((a) => [a.name, counts(a.busy as Row[])]),
        [
          ["Ann", [["A2", 1]]],
          ["Bob", [["B1", 2]]],
          ["Cid", []],
        ],
      );
      // Not enumerable, as selectRelated's; the manager is left alone (it queries).
      assert.equal(Object.keys(authors[0]!).includes("busy"), false);
      const [all, q] = await counting(db, async () => authors[0]!.books.all());
      assert.equal(q, 1);
      assert.equal(all.length, 3);
    });

    test("forward foreign key with toAttr: the annotated owner, or null", async () => {
      const prolific = Author.objects.annotate({ nb: Count("books") }).filter({ nb: { gte: 3 } });
      const books = await Book.objects
        .using(db)
        .orderBy("title")
        .prefetchRelated(Prefetch("author", { queryset: prolific, toAttr: "writer" }));
      assert.deepEqual(
        books.map((b) => [b.title, b.writer === null ? null : [b.writer.name, b.writer.nb]]),
        [
          ["A1", ["Ann", 3]],
          ["A2", ["Ann", 3]],
          ["A3", ["Ann", 3]],
          ["B1", null],
          ["B2", null],
        ],
      );
    });

    test("only() leaving the key out, and prefetchRelated() before annotate(), apply", async () => {
      const qs = Book.objects
        .only("title")
        .prefetchRelated("tags")
        .annotate({ n: Count("chapters") })
        .orderBy("-n");
      const [authors, n] = await counting(db, async () =>
        Author.objects.using(db).prefetchRelated(Prefetch("books", { queryset: qs })),
      );
      // Authors, books, then the books' tag links and tags.
      assert.equal(n, 4);
      const [seen, m] = await counting(db, async () => {
        const out: unknown[] = [];
        for (const a of authors)
          for (const b of await a.books.all())
            out.push([
              b.title,
              (b as unknown as Row).n,
              Object.hasOwn(b, "year"),
              b.authorId === a.id,
            ]);
        const b1 = (await authors[1]!.books.all())[0]!;
        out.push((await b1.tags.all()).map((t) => t.name));
        return out;
      });
      assert.equal(m, 0);
      assert.deepEqual(seen, [
        ["A1", 3, false, true],
        ["A2", 1, false, true],
        ["A3", 0, false, true],
        ["B1", 2, false, true],
        ["B2", 0, false, true],
        ["x", "y", "z"],
      ]);
    });

    test("selectRelated() before annotate(), and a path going on past the Prefetch", async () => {
      const qs = Book.objects.selectRelated("publisher").annotate({ n: Count("chapters") });
      const [authors, n] = await counting(db, async () =>
        Author.objects.using(db).prefetchRelated(Prefetch("books", { queryset: qs }), "books.tags"),
      );
      assert.equal(n, 4);
      const [seen, m] = await counting(db, async () => {
        const out: unknown[] = [];
        for (const b of await authors[0]!.books.all()) {
          const l = b as unknown as Loaded;
          out.push([b.title, l.n, l.publisher?.name ?? null, (await b.tags.all()).length]);
        }
        return out;
      });
      assert.equal(m, 0);
      assert.deepEqual(seen, [
        ["A1", 3, "Pub", 2],
        ["A2", 1, null, 1],
        ["A3", 0, null, 0],
      ]);
    });

    test("a query naming its own database runs there, not on the owners'", async () => {
      const ann = await Author.objects.using(db).get({ name: "Ann" });
      const other = new Database("pfa-other", "sqlite::memory:");
      try {
        for (const m of models) await createModel(other, m);
        await Author.objects.using(other).create({ id: ann.id, name: "Ann elsewhere" });
        const b = await Book.objects
          .using(other)
          .create({ title: "E1", year: 2020, authorId: ann.id });
        await b.chapters.create({ pages: 1 });
        const qs = Book.objects.using(other).annotate({ n: Count("chapters") });
        const [got] = await Author.objects
          .using(db)
          .filter({ id: ann.id })
          .prefetchRelated(Prefetch("books", { queryset: qs, toAttr: "there" }));
        assert.deepEqual(counts(got!.there as Row[]), [["E1", 1]]);
      } finally {
        await other.close();
      }
    });

    test("values(), a slice or another model: refused", async () => {
      const ann = Book.objects.annotate({ n: Count("chapters") });
      assert.throws(
        () => Author.objects.prefetchRelated(Prefetch("books", { queryset: ann.values("title") })),
        refused('Prefetch("books")', "values()"),
      );
      assert.throws(
        () =>
          Author.objects.prefetchRelated(
            Prefetch("books", {
              queryset: Book.objects.values("year").annotate({ n: Count("id") }),
            }),
          ),
        refused('Prefetch("books")', "values()"),
      );
      assert.throws(
        () => Author.objects.prefetchRelated(Prefetch("books", { queryset: ann.slice(0, 2) })),
        refused('Prefetch("books")', "sliced"),
      );
      await assert.rejects(
        async () =>
          Author.objects.using(db).prefetchRelated(
            Prefetch("books", {
              queryset: Tag.objects.annotate({ n: Count("books") }) as never,
            }),
          ),
        refused("pfa.Tag", "pfa.Book", '"books"'),
      );
    });
  });
}
