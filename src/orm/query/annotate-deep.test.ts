/**
 * annotate() across several relations, with F expressions, values() after annotate, slicing and
 * ordering by expressions: on real SQLite, PostgreSQL and MariaDB, with the numbers asserted.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import type { Database } from "../db/index.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { model, withRelated } from "../model/model.ts";
import { throughOf } from "../model/relations.ts";
import { Avg, Count, Max, Min, Sum } from "./aggregates.ts";
import { F } from "./expressions.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

const TagBase = model("annd.Tag", { name: f.string({ maxLength: 20 }) }, { table: "flg_annd_tag" });
const PublisherBase = model(
  "annd.Publisher",
  { name: f.string({ maxLength: 20 }) },
  { table: "flg_annd_pub" },
);
const AuthorBase = model(
  "annd.Author",
  { name: f.string({ maxLength: 20 }), country: f.string({ maxLength: 2 }), rate: f.int() },
  { table: "flg_annd_author", ordering: ["name"] },
);
const BookBase = model(
  "annd.Book",
  {
    title: f.string({ maxLength: 20 }),
    pages: f.int(),
    price: f.float(),
    cost: f.decimal({ maxDigits: 8, decimalPlaces: 2 }),
    author: f.foreignKey(() => AuthorBase, { onDelete: "cascade", relatedName: "books" }),
    publisher: f.foreignKey(() => PublisherBase, {
      onDelete: "cascade",
      null: true,
      relatedName: "books",
    }),
    tags: f.manyToMany(() => TagBase, { relatedName: "books" }),
  },
  { table: "flg_annd_book", ordering: ["title"] },
);
const Chapter = model(
  "annd.Chapter",
  {
    pages: f.int(),
    words: f.int({ null: true }),
    book: f.foreignKey(() => BookBase, { onDelete: "cascade", relatedName: "chapters" }),
  },
  { table: "flg_annd_chapter" },
);
const Award = model(
  "annd.Award",
  {
    year: f.int(),
    author: f.foreignKey(() => AuthorBase, { onDelete: "cascade", relatedName: "awards" }),
  },
  { table: "flg_annd_award" },
);
const Book = withRelated(BookBase, { chapters: f.reverse(() => Chapter, "book") });
const Author = withRelated(AuthorBase, {
  books: f.reverse(() => Book, "author"),
  awards: f.reverse(() => Award, "author"),
});
const Tag = withRelated(TagBase, { books: f.reverse(() => Book, "tags") });
const Publisher = withRelated(PublisherBase, { books: f.reverse(() => Book, "publisher") });
const models = [
  TagBase,
  PublisherBase,
  AuthorBase,
  BookBase,
  throughOf(BookBase, "tags"),
  Chapter,
  Award,
];

for (const backend of backends()) {
  describe(`annotate across relations and expressions (${backend.name})`, {
    skip: backend.skip,
  }, () => {
    let db: Database;
    const tables = useModelTables(backend, models);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      const red = await Tag.objects.using(db).create({ name: "red" });
      const blue = await Tag.objects.using(db).create({ name: "blue" });
      const pen = await Publisher.objects.using(db).create({ name: "pen" });
      const orb = await Publisher.objects.using(db).create({ name: "orb" });
      await Publisher.objects.using(db).create({ name: "none" });
      const ann = await Author.objects.using(db).create({ name: "ann", country: "fr", rate: 2 });
      const bob = await Author.objects.using(db).create({ name: "bob", country: "fr", rate: 3 });
      await Author.objects.using(db).create({ name: "cy", country: "de", rate: 5 });
      const book = (title: string, pages: number, price: number, a: number, p: number) =>
        Book.objects
          .using(db)
          .create({ title, pages, price, cost: "1.00", authorId: a, publisherId: p });
      const a1 = await book("a1", 100, 10.5, ann.id, pen.id);
      const a2 = await book("a2", 300, 20, ann.id, orb.id);
      await book("b1", 50, 5, bob.id, pen.id);
      await a1.tags.set([red, blue]);
      await a2.tags.set([red]);
      for (const [b, pages, words] of [
        [a1, 10, 1000],
        [a1, 20, null],
        [a1, 30, 3000],
        [a2, 100, 500],
        [a2, 150, null],
      ] as const)
        await Chapter.objects.using(db).create({ pages, words, bookId: b.id });
      for (const [a, year] of [
        [ann, 2001],
        [ann, 2005],
        [ann, 2010],
        [bob, 2003],
      ] as const)
        await Award.objects.using(db).create({ year, authorId: a.id });
    });

    test("two and three steps: reverse, reverse; reverse, many-to-many; forward", async () => {
      const rows = await Author.objects.using(db).annotate({
        nch: Count("books.chapters"),
        pages: Sum("books.chapters.pages"),
        longest: Max("books.chapters.pages"),
        tagged: Count("books.tags"),
        words: Avg("books.chapters.words"),
      });
      assert.deepEqual(
        rows.map((r) => [r.name, r.nch, r.pages, r.longest, r.tagged, r.words]),
        [
          ["ann", 5, 310, 150, 3, 1500],
          ["bob", 0, null, null, 0, null],
          ["cy", 0, null, null, 0, null],
        ],
      );
      const tags = await Tag.objects
        .using(db)
        .annotate({
          pages: Sum("books.chapters.pages"),
          writers: Count("books.author", { distinct: true }),
        })
        .orderBy("name");
      assert.deepEqual(
        tags.map((t) => [t.name, t.pages, t.writers]),
        [
          ["blue", 60, 1],
          ["red", 310, 1],
        ],
      );
      const pubs = await Publisher.objects
        .using(db)
        .annotate({
          authors: Count("books.author", { distinct: true }),
          low: Min("books.author.rate"),
        })
        .orderBy("name");
      assert.deepEqual(
        pubs.map((p) => [p.name, p.authors, p.low]),
        [
          ["none", 0, null],
          ["orb", 1, 2],
          ["pen", 2, 2],
        ],
      );
    });

    test("per row, aggregates over two multi-valued relations do not multiply", async () => {
      const rows = await Author.objects
        .using(db)
        .annotate({ nb: Count("books"), na: Count("awards"), pages: Sum("books.pages") });
      assert.deepEqual(
        rows.map((r) => [r.name, r.nb, r.na, r.pages]),
        [
          ["ann", 2, 3, 400],
          ["bob", 1, 1, 50],
          ["cy", 0, 0, null],
        ],
      );
    });

    test("values() before annotate groups by them; joins multiply there, distinct helps", async () => {
      const rows = await Author.objects
        .using(db)
        .values("country")
        .annotate({
          pages: Sum("books.chapters.pages"),
          joined: Count("books"),
          nb: Count("books", { distinct: true }),
          na: Count("awards", { distinct: true }),
          dp: Sum("books.pages", { distinct: true }),
        })
        .orderBy("country");
      // Every path is joined into the grouped query, as in Django: ann's 5 chapters (of 2 books)
      // times 3 awards are 15 rows, bob's book without chapters times 1 award one more; so the
      // plain count and the sum are multiplied, the distinct counts are not.
      assert.deepEqual(rows, [
        { country: "de", pages: null, joined: 0, nb: 0, na: 0, dp: null },
        { country: "fr", pages: 310 * 3, joined: 16, nb: 3, na: 4, dp: 450 },
      ]);
      const having = await Author.objects
        .using(db)
        .values("country")
        .annotate({ nch: Count("books.chapters") })
        .filter({ nch: { gte: 1 } });
      assert.deepEqual(having, [{ country: "fr", nch: 5 }]);
    });

    test("a values() grouping with plain F annotations and orderings (GROUP BY them)", async () => {
      const rows = await Book.objects
        .using(db)
        .values("authorId")
        .annotate({ writer: F("author.name"), n: Count("id"), total: Sum("pages") })
        .values("writer", "n", "total")
        .orderBy("writer");
      assert.deepEqual(rows, [
        { writer: "ann", n: 2, total: 400 },
        { writer: "bob", n: 1, total: 50 },
      ]);
      // As in Django, ordering by a field outside the grouping groups by it too (the type
      // offers only the grouping's fields, so this needs a cast).
      const byName = await Author.objects
        .using(db)
        .values("country")
        .annotate({ n: Count("books") })
        .orderBy("name" as never);
      assert.deepEqual(byName, [
        { country: "fr", n: 2 },
        { country: "fr", n: 1 },
        { country: "de", n: 0 },
      ]);
    });

    test("aggregates of F expressions, plain F annotations, annotations of annotations", async () => {
      const rows = await Author.objects
        .using(db)
        .annotate({
          revenue: Sum(F("books.pages").mul(F("books.price"))),
          weighted: Sum(F("books.pages").mul(F("rate"))),
          n: Count("books"),
          pages: Sum("books.pages"),
          tenfold: F("rate").mul(10),
        })
        .annotate({ perBook: F("pages").div(F("n")), plusOne: F("tenfold").add(1) });
      assert.deepEqual(
        rows.map((r) => [r.name, r.revenue, r.weighted, r.tenfold, r.perBook, r.plusOne]),
        [
          ["ann", 7050, 800, 20, 200, 21],
          ["bob", 250, 150, 30, 50, 31],
          ["cy", null, null, 50, null, 51],
        ],
      );
      const books = await Book.objects
        .using(db)
        .annotate({
          writer: F("author.name"),
          label: F("publisher.name"),
          half: F("pages").mul(0.5),
        })
        .orderBy("title");
      assert.deepEqual(
        books.map((b) => [b.title, b.writer, b.label, b.half]),
        [
          ["a1", "ann", "pen", 50],
          ["a2", "ann", "orb", 150],
          ["b1", "bob", "pen", 25],
        ],
      );
      // A plain expression is compared per row (WHERE), an aggregate of one too.
      const cheap = await Book.objects
        .using(db)
        .annotate({ half: F("pages").mul(0.5), nch: Count("chapters") })
        .filter({ half: { lt: 100 }, nch: { gte: 1 } });
      assert.deepEqual(
        cheap.map((b) => b.title),
        ["a1"],
      );
    });

    test("aggregate() across relations and of F expressions", async () => {
      assert.deepEqual(
        await Author.objects
          .using(db)
          .filter({ country: "fr" })
          .orderBy("name")
          .aggregate({
            pages: Sum("books.chapters.pages"),
            nb: Count("books", { distinct: true }),
          }),
        { pages: 310, nb: 3 },
      );
      assert.deepEqual(
        await Book.objects
          .using(db)
          .aggregate({ revenue: Sum(F("pages").mul(F("price"))), top: Max("author.rate") }),
        { revenue: 7300, top: 3 },
      );
      assert.deepEqual(
        await Author.objects
          .using(db)
          .filter({ country: "xx" })
          .aggregate({ n: Count("books"), p: Sum("books.pages") }),
        { n: 0, p: null },
      );
      await assert.rejects(Author.objects.using(db).aggregate({ p: Sum("books.title") } as never), {
        code: ERR_ORM_QUERY,
      });
    });

    test("filter on aggregates across several steps (HAVING), then order and slice", async () => {
      const rows = await Author.objects
        .using(db)
        .annotate({ pages: Sum("books.chapters.pages") })
        .filter({ pages: { gt: 100 } });
      assert.deepEqual(
        rows.map((r) => [r.name, r.pages]),
        [["ann", 310]],
      );
      const none = await Author.objects
        .using(db)
        .annotate({ pages: Sum("books.chapters.pages") })
        .filter({ pages: { isnull: true } })
        .orderBy("-name");
      assert.deepEqual(
        none.map((r) => r.name),
        ["cy", "bob"],
      );
    });

    test("values() after annotate picks the output; slice and offset page", async () => {
      const picked = await Author.objects
        .using(db)
        .annotate({ n: Count("books"), aw: Count("awards") })
        .values("name", "n")
        .orderBy("-n", "name");
      assert.deepEqual(picked, [
        { name: "ann", n: 2 },
        { name: "bob", n: 1 },
        { name: "cy", n: 0 },
      ]);
      const all = await Author.objects
        .using(db)
        .annotate({ n: Count("books") })
        .values()
        .orderBy("name")
        .limit(1);
      assert.deepEqual(
        all.map((r) => ({ ...r, id: 0 })),
        [{ id: 0, name: "ann", country: "fr", rate: 2, n: 2 }],
      );
      const base = Author.objects
        .using(db)
        .annotate({ n: Count("books") })
        .orderBy("name" as never);
      assert.deepEqual(
        (await base.slice(1, 3)).map((r) => [r.name, r.n]),
        [
          ["bob", 1],
          ["cy", 0],
        ],
      );
      assert.deepEqual(
        (await base.offset(2)).map((r) => r.name),
        ["cy"],
      );
      assert.deepEqual(
        (await base.slice(1).limit(1)).map((r) => r.name),
        ["bob"],
      );
      const grouped = await Author.objects
        .using(db)
        .values("country")
        .annotate({ n: Count("books") })
        .values("n")
        .orderBy("-n");
      assert.deepEqual(grouped, [{ n: 3 }, { n: 0 }]);
    });

    test("order by F expressions and annotations, with NULLs placed", async () => {
      const rows = await Author.objects
        .using(db)
        .annotate({ n: Count("books"), aw: Count("awards") })
        .orderBy(F("n").add(F("aw")).desc(), "name");
      assert.deepEqual(
        rows.map((r) => [r.name, r.n + r.aw]),
        [
          ["ann", 5],
          ["bob", 2],
          ["cy", 0],
        ],
      );
      const pages = Author.objects.using(db).annotate({ cp: Sum("books.chapters.pages") });
      const last = await pages.orderBy({ by: "-cp", nulls: "last" }, "name");
      assert.deepEqual(
        last.map((r) => r.name),
        ["ann", "bob", "cy"],
      );
      const first = await pages.orderBy(F("cp").asc({ nulls: "first" }), "-name");
      assert.deepEqual(
        first.map((r) => r.name),
        ["cy", "bob", "ann"],
      );
      const books = await Book.objects.using(db).orderBy(F("author.rate").mul(F("pages")).desc());
      assert.deepEqual(
        books.map((b) => b.title),
        ["a2", "a1", "b1"],
      );
      const neg = await Book.objects
        .using(db)
        .orderBy(F("pages").mul(-1).asc())
        .valuesList("title", { flat: true });
      assert.deepEqual(neg, ["a2", "a1", "b1"]);
      const words = await Chapter.objects
        .using(db)
        .orderBy(F("words").desc({ nulls: "last" }), "pages")
        .valuesList("pages", { flat: true });
      assert.deepEqual(words, [30, 10, 100, 20, 150]);
      assert.deepEqual(
        (
          await Chapter.objects
            .using(db)
            .orderBy(F("words").desc({ nulls: "last" }), "pages")
            .last()
        )?.pages,
        150,
      );
      const annotatedAfterF = await Book.objects
        .using(db)
        .orderBy(F("pages").mul(0.5).desc())
        .annotate({ n: Count("chapters") });
      assert.deepEqual(
        annotatedAfterF.map((b) => [b.title, b.n]),
        [
          ["a2", 2],
          ["a1", 3],
          ["b1", 0],
        ],
      );
    });

    test("bad paths, fields and expressions are coded errors naming the problem", () => {
      const qs = Author.objects.using(db);
      const code = (m: RegExp) => ({ code: ERR_ORM_QUERY, message: m });
      const bad = (a: unknown) => qs.annotate(a as never);
      assert.throws(
        () => bad({ n: Count("books.nope.pages") }),
        code(/no field or relation "nope"/),
      );
      assert.throws(() => bad({ n: Count("books.pages.x") }), code(/"pages" is a field/));
      assert.throws(
        () => bad({ n: Sum("books.title") }),
        code(/title is a string field, not a number/),
      );
      // Decimals are exact (annotate-decimal.test.ts); only what cannot stay exact is refused.
      assert.throws(
        () => bad({ n: Avg(F("books.cost").div(F("books.price"))) }),
        code(/float field/),
      );
      assert.throws(() => bad({ n: Sum("books.chapters") }), code(/needs a field/));
      assert.throws(
        () => bad({ n: Sum(F("books.nope").mul(2)) }),
        code(/no field or relation "nope"/),
      );
      assert.throws(() => bad({ n: Sum(F("books.title").mul(2)) }), code(/not a number/));
      assert.throws(() => bad({ n: F("nope").add(1) }), code(/no field or relation "nope"/));
      assert.throws(() => bad({ n: F("books.pages") }), code(/multi-valued relation/));
      assert.throws(() => bad({ n: F("name").mul(2) }), code(/string field/));
      assert.throws(() => bad({ n: Count("books"), m: Sum(F("n")) }), code(/annotation "n"/));
      assert.throws(() => bad({ books: Count("books") }), code(/not a usable name/));
      assert.throws(() => bad({ n: 3 }), code(/not Count\/Sum\/Avg\/Min\/Max or an F\(\)/));
      assert.throws(() => bad({ n: F("name").mul(Number.NaN) }), code(/finite number/));
      const ann = qs.annotate({ n: Count("books") });
      assert.throws(() => ann.orderBy("books.pages" as never), code(/multi-valued relation/));
      assert.throws(() => ann.orderBy(F("zz").desc() as never), code(/"zz" is neither/));
      assert.throws(
        () => ann.orderBy(F("n").mul(F("zz")).desc() as never),
        code(/no field or relation "zz"/),
      );
      assert.throws(() => qs.orderBy(F("nope").mul(2).asc() as never), code(/has no such field/));
      assert.throws(() => ann.values("zz" as never), code(/neither an annotation nor a field/));
      assert.throws(() => ann.annotate({ n: Count("awards") } as never), code(/annotated twice/));
      assert.throws(() => ann.slice(2, 1), { code: ERR_ORM_QUERY });
      assert.throws(() => ann.limit(1).filter({ n: 1 }), code(/sliced/));
      assert.throws(() => qs.orderBy(F("nope").asc() as never), code(/no field "nope"/));
      assert.throws(() => Book.objects.using(db).orderBy(F("author.nope").asc() as never), {
        code: ERR_ORM_QUERY,
      });
      assert.throws(
        () => Book.objects.using(db).orderBy(F("pages").desc({ nulls: "x" as never })),
        { code: ERR_ORM_QUERY },
      );
      assert.throws(
        () =>
          Author.objects
            .using(db)
            .values("country")
            .annotate({ n: Count("books") })
            .values("name" as never),
        code(/values\(\) grouping/),
      );
    });
  });
}
