/**
 * `Prefetch(path, { queryset, toAttr })` on every backend: a custom queryset per relation kind
 * (reverse foreign key, many-to-many, forward foreign key, a one-to-one's reverse side), `toAttr`,
 * nested lookups and how they combine with plain paths, the lookups refused, and the number of
 * queries, which does not depend on the number of rows.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import type { Database } from "../db/index.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { model, withRelated } from "../model/model.ts";
import { throughOf } from "../model/relations.ts";
import type { Instance } from "../model/types.ts";
import { counting } from "./fixtures/count-queries.ts";
import { useModelTables } from "./fixtures/model-tables.ts";
import { Prefetch } from "./prefetch-lookup.ts";

const TagBase = model(
  "pfo.Tag",
  { name: f.string({ maxLength: 20 }) },
  { table: "flg_pfo_tag", ordering: ["name"] },
);
const AuthorBase = model(
  "pfo.Author",
  { name: f.string({ maxLength: 20 }) },
  { table: "flg_pfo_author", ordering: ["name"] },
);
const Book = model(
  "pfo.Book",
  {
    title: f.string({ maxLength: 20 }),
    year: f.int(),
    author: f.foreignKey(() => AuthorBase, { onDelete: "cascade", relatedName: "books" }),
    tags: f.manyToMany(() => TagBase, { relatedName: "books" }),
  },
  { table: "flg_pfo_book", ordering: ["title"] },
);
const Profile = model(
  "pfo.Profile",
  {
    bio: f.string({ maxLength: 20 }),
    author: f.oneToOne(() => AuthorBase, { onDelete: "cascade", relatedName: "profile" }),
  },
  { table: "flg_pfo_profile" },
);
const Author = withRelated(AuthorBase, {
  books: f.reverse(() => Book, "author"),
  profile: f.reverse(() => Profile, "author"),
});
const Tag = withRelated(TagBase, { books: f.reverse(() => Book, "tags") });
const models = [TagBase, AuthorBase, Book, throughOf(Book, "tags"), Profile];

type BookI = Instance<(typeof Book)["__fields"]>;
type AuthorI = Instance<(typeof Author)["__fields"]>;

/** A coded query error whose message holds every one of `parts`. */
function refused(...parts: string[]) {
  return (e: Error & { code?: string }) =>
    e.code === ERR_ORM_QUERY && parts.every((p) => e.message.includes(p));
}

const titles = (books: readonly { title: string }[]) => books.map((b) => b.title);

for (const backend of backends()) {
  describe(`Prefetch objects (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, models);
    // Books from 2000 on, newest first; no `using`: it runs where the owners came from.
    const recent = Book.objects.filter({ year: { gte: 2000 } }).orderBy("-year");

    /** Ann: A1 (1990), A2 (2005), A3 (2010); Bob: B1 (2001), B2 (1980); Cid: none. */
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      const [x, y, z] = [
        await Tag.objects.using(db).create({ name: "x" }),
        await Tag.objects.using(db).create({ name: "y" }),
        await Tag.objects.using(db).create({ name: "z" }),
      ];
      const ann = await Author.objects.using(db).create({ name: "Ann" });
      const bob = await Author.objects.using(db).create({ name: "Bob" });
      await Author.objects.using(db).create({ name: "Cid" });
      const a1 = await ann.books.create({ title: "A1", year: 1990 });
      const a2 = await ann.books.create({ title: "A2", year: 2005 });
      await ann.books.create({ title: "A3", year: 2010 });
      const b1 = await bob.books.create({ title: "B1", year: 2001 });
      await bob.books.create({ title: "B2", year: 1980 });
      await a1.tags.add(x, y);
      await a2.tags.add(y);
      await b1.tags.add(x, y, z);
      await Profile.objects.using(db).create({ bio: "ann-bio", authorId: ann.id });
      await Profile.objects.using(db).create({ bio: "bob-bio", authorId: bob.id });
    });

    test("reverse foreign key: the queryset's filter and order, in the manager's all()", async () => {
      const [authors, n] = await counting(db, async () =>
        Author.objects.using(db).prefetchRelated(Prefetch("books", { queryset: recent })),
      );
      assert.equal(n, 2);
      const [seen, m] = await counting(db, async () => {
        const out: [string, string[]][] = [];
        for (const a of authors) out.push([a.name, titles(await a.books.all())]);
        return out;
      });
      assert.equal(m, 0);
      assert.deepEqual(seen, [
        ["Ann", ["A3", "A2"]],
        ["Bob", ["B1"]],
        ["Cid", []],
      ]);
    });

    test("many-to-many: the queryset's filter and order", async () => {
      const xz = Tag.objects.filter({ name: { in: ["x", "z"] } }).orderBy("-name");
      const [books, n] = await counting(db, async () =>
        Book.objects.using(db).prefetchRelated(Prefetch("tags", { queryset: xz })),
      );
      // books, links, tags.
      assert.equal(n, 3);
      const [seen, m] = await counting(db, async () => {
        const out: [string, string[]][] = [];
        for (const b of books) out.push([b.title, (await b.tags.all()).map((t) => t.name)]);
        return out;
      });
      assert.equal(m, 0);
      assert.deepEqual(seen, [
        ["A1", ["x"]],
        ["A2", []],
        ["A3", []],
        ["B1", ["z", "x"]],
        ["B2", []],
      ]);
    });

    test("forward foreign key: a row the queryset leaves out gives null", async () => {
      const notBob = Author.objects.exclude({ name: "Bob" });
      const [books, n] = await counting(db, async () =>
        Book.objects.using(db).prefetchRelated(Prefetch("author", { queryset: notBob })),
      );
      assert.equal(n, 2);
      assert.deepEqual(
        books.map((b) => [b.title, (b.author as { name: string } | null)?.name ?? null]),
        [
          ["A1", "Ann"],
          ["A2", "Ann"],
          ["A3", "Ann"],
          ["B1", null],
          ["B2", null],
        ],
      );
      // The row is untouched: the instance sits beside it, as with a plain path.
      assert.deepEqual(Object.keys(books[0]!), ["id", "title", "year", "authorId"]);
    });

    test("the queryset's only() and selectRelated() apply; the key is loaded anyway", async () => {
      const [authors, n] = await counting(db, async () =>
        Author.objects
          .using(db)
          .filter({ name: "Ann" })
          .prefetchRelated(
            Prefetch("books", { queryset: Book.objects.only("title").selectRelated("author") }),
          ),
      );
      assert.equal(n, 2);
      const books = await authors[0]!.books.all();
      assert.deepEqual(titles(books), ["A1", "A2", "A3"]);
      assert.equal("year" in books[0]!, false);
      assert.equal(books[0]!.authorId, authors[0]!.id);
      const joined = (books[0] as unknown as { author: { name: string } }).author;
      assert.equal(joined.name, "Ann");
    });

    test("toAttr, reverse foreign key: a list under the name, the manager left alone", async () => {
      const [authors, n] = await counting(db, async () =>
        Author.objects
          .using(db)
          .prefetchRelated(Prefetch("books", { queryset: recent, toAttr: "recentBooks" })),
      );
      assert.equal(n, 2);
      const listed: BookI[] = authors[0]!.recentBooks;
      assert.deepEqual(titles(listed), ["A3", "A2"]);
      assert.deepEqual(
        authors.map((a) => titles(a.recentBooks)),
        [["A3", "A2"], ["B1"], []],
      );
      // Off the row: keys, JSON and structural equality see the plain instance.
      const [plain] = await Author.objects.using(db).filter({ name: "Ann" });
      assert.deepEqual(Object.keys(authors[0]!), Object.keys(plain!));
      assert.equal(JSON.stringify(authors[0]), JSON.stringify(plain));
      assert.deepStrictEqual(authors[0], plain);
      // The relation's own cache is not filled: all() queries, and gives every book.
      const [all, m] = await counting(db, async () => authors[0]!.books.all());
      assert.equal(m, 1);
      assert.deepEqual(titles(all), ["A1", "A2", "A3"]);
    });

    test("toAttr, many-to-many without a queryset: the model's rows", async () => {
      const [books, n] = await counting(db, async () =>
        Book.objects.using(db).prefetchRelated(Prefetch("tags", { toAttr: "tagList" })),
      );
      assert.equal(n, 3);
      assert.deepEqual(
        books.map((b) => [b.title, b.tagList.map((t) => t.name)]),
        [
          ["A1", ["x", "y"]],
          ["A2", ["y"]],
          ["A3", []],
          ["B1", ["x", "y", "z"]],
          ["B2", []],
        ],
      );
      const [, m] = await counting(db, async () => books[0]!.tags.all());
      assert.equal(m, 1);
    });

    test("toAttr, forward foreign key: the instance or null, the field's name left alone", async () => {
      const ann = Author.objects.filter({ name: "Ann" });
      const books = await Book.objects
        .using(db)
        .prefetchRelated(Prefetch("author", { queryset: ann, toAttr: "annAuthor" }));
      assert.deepEqual(
        books.map((b) => b.annAuthor?.name ?? null),
        ["Ann", "Ann", "Ann", null, null],
      );
      assert.equal(Object.hasOwn(books[0]!, "author"), false);
      assert.equal(Object.getOwnPropertyDescriptor(books[0]!, "annAuthor")?.enumerable, false);
    });

    test("toAttr, a one-to-one's reverse side: the row or null, the accessor left alone", async () => {
      const [authors, n] = await counting(db, async () =>
        Author.objects.using(db).prefetchRelated(Prefetch("profile", { toAttr: "prof" })),
      );
      assert.equal(n, 2);
      assert.deepEqual(
        authors.map((a) => a.prof?.bio ?? null),
        ["ann-bio", "bob-bio", null],
      );
      const [p, m] = await counting(db, async () => authors[0]!.profile);
      assert.equal(m, 1);
      assert.equal(p.bio, "ann-bio");
    });

    test("nested: the queryset and toAttr apply to the last segment", async () => {
      const [books, n] = await counting(db, async () =>
        Book.objects
          .using(db)
          .filter({ title: { in: ["A1", "B2"] } })
          .prefetchRelated(Prefetch("author.books", { queryset: recent, toAttr: "recent" })),
      );
      // books, their authors (in the field's place), the authors' recent books.
      assert.equal(n, 3);
      assert.deepEqual(
        books.map((b) => [
          b.author.name,
          titles((b.author as unknown as { recent: BookI[] }).recent),
        ]),
        [
          ["Ann", ["A3", "A2"]],
          ["Bob", ["B1"]],
        ],
      );
      const [authors, m] = await counting(db, async () =>
        Author.objects
          .using(db)
          .filter({ name: { in: ["Ann", "Bob"] } })
          .prefetchRelated(Prefetch("books.tags", { queryset: Tag.objects.filter({ name: "y" }) })),
      );
      assert.equal(m, 4);
      const [seen, k] = await counting(db, async () => {
        const out: [string, string[]][] = [];
        for (const a of authors)
          for (const b of await a.books.all())
            out.push([b.title, (await b.tags.all()).map((t) => t.name)]);
        return out;
      });
      assert.equal(k, 0);
      assert.deepEqual(seen, [
        ["A1", ["y"]],
        ["A2", ["y"]],
        ["A3", []],
        ["B1", ["y"]],
        ["B2", []],
      ]);
    });

    test("a path going on past a Prefetch loads from the rows its queryset gave", async () => {
      const load = async (authors: PromiseLike<AuthorI[]>) => {
        const rows = await authors;
        const out: [string, string, string[]][] = [];
        for (const a of rows)
          for (const b of await a.books.all())
            out.push([a.name, b.title, (await b.tags.all()).map((t) => t.name)]);
        return out;
      };
      const expected = [
        ["Ann", "A3", []],
        ["Ann", "A2", ["y"]],
        ["Bob", "B1", ["x", "y", "z"]],
      ];
      // Either order: the path's first segment is the Prefetch's.
      const q = Author.objects.using(db);
      const [first, n1] = await counting(db, async () =>
        load(q.prefetchRelated("books.tags", Prefetch("books", { queryset: recent }))),
      );
      const [second, n2] = await counting(db, async () =>
        load(q.prefetchRelated(Prefetch("books", { queryset: recent }), "books.tags")),
      );
      assert.deepEqual(first, expected);
      assert.deepEqual(second, expected);
      // authors, books, links, tags; nothing more while reading.
      assert.equal(n1, 4);
      assert.equal(n2, 4);
      // Through a toAttr name too (untyped: the name is not the model's).
      const withRecent = q.prefetchRelated(
        Prefetch("books", { queryset: recent, toAttr: "recentBooks" }),
      );
      const untyped = withRecent as unknown as { prefetchRelated(p: string): typeof withRecent };
      const authors = await untyped.prefetchRelated("recentBooks.tags");
      const [tags, m] = await counting(db, async () => {
        const out: string[][] = [];
        for (const b of authors[0]!.recentBooks) out.push((await b.tags.all()).map((t) => t.name));
        return out;
      });
      assert.equal(m, 0);
      assert.deepEqual(tags, [[], ["y"]]);
    });

    test("a plain path and a toAttr Prefetch of one relation load both", async () => {
      const [authors, n] = await counting(db, async () =>
        Author.objects
          .using(db)
          .prefetchRelated("books")
          .prefetchRelated(Prefetch("books", { queryset: recent, toAttr: "recentBooks" })),
      );
      assert.equal(n, 3);
      const [all, m] = await counting(db, async () => authors[0]!.books.all());
      assert.equal(m, 0);
      assert.deepEqual(titles(all), ["A1", "A2", "A3"]);
      assert.deepEqual(titles(authors[0]!.recentBooks), ["A3", "A2"]);
      // The same queryset twice is one lookup.
      const [, k] = await counting(db, async () =>
        Author.objects
          .using(db)
          .prefetchRelated(
            Prefetch("books", { queryset: recent }),
            Prefetch("books", { queryset: recent }),
          ),
      );
      assert.equal(k, 2);
    });

    test("one destination, different querysets: refused", async () => {
      const seen = refused('"books" lookup was already seen with a different queryset');
      const all = Book.objects.all();
      await assert.rejects(
        async () =>
          Author.objects
            .using(db)
            .prefetchRelated(
              Prefetch("books", { queryset: recent }),
              Prefetch("books", { queryset: all }),
            ),
        seen,
      );
      await assert.rejects(
        async () =>
          Author.objects
            .using(db)
            .prefetchRelated("books", Prefetch("books", { queryset: recent })),
        seen,
      );
      await assert.rejects(
        async () =>
          Author.objects
            .using(db)
            .prefetchRelated(Prefetch("books", { queryset: recent }), "books"),
        seen,
      );
      await assert.rejects(
        async () =>
          Author.objects
            .using(db)
            .prefetchRelated(Prefetch("books", { queryset: recent, toAttr: "mine" }))
            .prefetchRelated(Prefetch("books", { queryset: all, toAttr: "mine" })),
        refused('"mine" lookup was already seen with a different queryset'),
      );
      // Two relations under one name.
      await assert.rejects(
        async () =>
          Author.objects
            .using(db)
            .prefetchRelated(Prefetch("books", { toAttr: "mine" }))
            .prefetchRelated(Prefetch("profile", { toAttr: "mine" })),
        refused('"mine"', "books", "profile"),
      );
    });

    test("a toAttr that would hide a field, a relation or a method: refused", async () => {
      for (const name of ["name", "books", "profile", "save", "id"])
        await assert.rejects(
          async () => Author.objects.using(db).prefetchRelated(Prefetch("books", { toAttr: name })),
          refused(`toAttr "${name}"`, "pfo.Author"),
        );
      for (const name of ["author", "authorId", "tags", "refreshFromDb"])
        await assert.rejects(
          async () => Book.objects.using(db).prefetchRelated(Prefetch("author", { toAttr: name })),
          refused(`toAttr "${name}"`, "pfo.Book"),
        );
      assert.throws(() => Prefetch("books", { toAttr: "a.b" }), refused("toAttr"));
    });

    test("a queryset of another model, sliced, or of values: refused", async () => {
      await assert.rejects(
        async () =>
          Author.objects
            .using(db)
            .prefetchRelated(Prefetch("books", { queryset: Tag.objects.all() })),
        refused("pfo.Tag", "pfo.Book", '"books"'),
      );
      // Checked before anything is loaded, whether or not rows reach it.
      await assert.rejects(
        async () =>
          Author.objects
            .using(db)
            .filter({ name: "nobody" })
            .prefetchRelated(Prefetch("books.author", { queryset: Tag.objects.all() })),
        refused("pfo.Tag", "pfo.Author"),
      );
      assert.throws(
        () =>
          Author.objects.prefetchRelated(Prefetch("books", { queryset: Book.objects.slice(0, 2) })),
        refused("sliced"),
      );
      assert.throws(
        () =>
          Author.objects.prefetchRelated(Prefetch("books", { queryset: recent.values("title") })),
        refused("values()"),
      );
      assert.throws(
        () =>
          Author.objects.prefetchRelated(
            Prefetch("books", { queryset: recent.valuesList("title") }),
          ),
        refused("values()"),
      );
      assert.throws(
        () => Author.objects.prefetchRelated({ path: "books" } as never),
        refused("Prefetch"),
      );
      await assert.rejects(
        async () => Author.objects.using(db).prefetchRelated(Prefetch("books.nope") as never),
        refused('"nope"', "books.nope"),
      );
    });

    test("the number of queries does not grow with the number of rows", async () => {
      const load = async () => {
        const authors = await Author.objects
          .using(db)
          .prefetchRelated(Prefetch("books", { queryset: recent }), "books.tags")
          .prefetchRelated(Prefetch("profile", { toAttr: "prof" }));
        const out: [string, string | null, string[]][] = [];
        for (const a of authors)
          for (const b of await a.books.all())
            out.push([a.name, a.prof?.bio ?? null, (await b.tags.all()).map((t) => t.name)]);
        return out;
      };
      const [few, q1] = await counting(db, load);
      assert.equal(few.length, 3);
      const [y] = await Tag.objects.using(db).filter({ name: "y" });
      for (let i = 0; i < 8; i++) {
        const a = await Author.objects.using(db).create({ name: `D${i}` });
        await Profile.objects.using(db).create({ bio: `d${i}`, authorId: a.id });
        const b = await a.books.create({ title: `D${i}-new`, year: 2020 });
        await a.books.create({ title: `D${i}-old`, year: 1970 });
        await b.tags.add(y!);
      }
      const [many, q2] = await counting(db, load);
      assert.equal(many.length, 11);
      assert.deepEqual(many[10], ["D7", "d7", ["y"]]);
      // authors, books, links, tags, profiles: five, for three authors or eleven.
      assert.equal(q1, 5);
      assert.equal(q2, 5);
    });
  });
}
