/**
 * Nested `selectRelated` and `prefetchRelated` paths on every backend: two and three levels,
 * NULL keys along the way, long names, the number of statements each load takes (counted with
 * the query observer), and the coded error a wrong segment gives untyped code.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import { type Database, observeQueries } from "../db/index.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { model, withRelated } from "../model/model.ts";
import { throughOf } from "../model/relations.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

// Review -> Book -> Author -> Country; Book -> Publisher (nullable) -> Country (nullable);
// Book <-> Tag; Edition -> Book through a long field name (long join aliases).
const Country = model(
  "np.Country",
  { isoCountryCodeAlpha2: f.string({ maxLength: 2 }) },
  { table: "flg_np_country" },
);
const Publisher = model(
  "np.Publisher",
  {
    name: f.string({ maxLength: 20 }),
    country: f.foreignKey(() => Country, { onDelete: "setNull", null: true }),
  },
  { table: "flg_np_publisher" },
);
const AuthorBase = model(
  "np.Author",
  {
    name: f.string({ maxLength: 20 }),
    country: f.foreignKey(() => Country, { onDelete: "cascade" }),
  },
  { table: "flg_np_author", ordering: ["name"] },
);
const TagBase = model(
  "np.Tag",
  { label: f.string({ maxLength: 20 }) },
  { table: "flg_np_tag", ordering: ["label"] },
);
const Book = model(
  "np.Book",
  {
    title: f.string({ maxLength: 20 }),
    author: f.foreignKey(() => AuthorBase, { onDelete: "cascade", relatedName: "books" }),
    publisher: f.foreignKey(() => Publisher, { onDelete: "setNull", null: true }),
    tags: f.manyToMany(() => TagBase, { relatedName: "books" }),
  },
  { table: "flg_np_book", ordering: ["title"] },
);
const Review = model(
  "np.Review",
  { stars: f.int(), book: f.foreignKey(() => Book, { onDelete: "cascade" }) },
  { table: "flg_np_review", ordering: ["stars"] },
);
const Edition = model(
  "np.Edition",
  {
    number: f.int(),
    originalPublishedBookOfThisEdition: f.foreignKey(() => Book, { onDelete: "cascade" }),
  },
  { table: "flg_np_edition", ordering: ["number"] },
);
const Author = withRelated(AuthorBase, { books: f.reverse(() => Book, "author") });
const Tag = withRelated(TagBase, { books: f.reverse(() => Book, "tags") });
const models = [Country, Publisher, AuthorBase, TagBase, Book, throughOf(Book, "tags")];

/** `fn`'s result and how many statements ran meanwhile. */
async function queries<T>(fn: () => PromiseLike<T>): Promise<[T, number]> {
  let n = 0;
  const out = await observeQueries(
    async () => fn(),
    () => {
      n++;
    },
  );
  return [out, n];
}

/** A wrong-segment error: coded, naming the segment and its path. */
function wrongSegment(segment: string, path: string) {
  return (e: Error & { code?: string }) =>
    e.code === ERR_ORM_QUERY && e.message.includes(`"${segment}"`) && e.message.includes(path);
}

for (const backend of backends()) {
  describe(`nested relation paths (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, [...models, Review, Edition]);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      const fr = await Country.objects.using(db).create({ isoCountryCodeAlpha2: "fr" });
      const pen = await Publisher.objects.using(db).create({ name: "Pen", countryId: fr.id });
      const indie = await Publisher.objects.using(db).create({ name: "Indie" });
      const ann = await Author.objects.using(db).create({ name: "Ann", countryId: fr.id });
      const bob = await Author.objects.using(db).create({ name: "Bob", countryId: fr.id });
      const [x, y] = [
        await Tag.objects.using(db).create({ label: "x" }),
        await Tag.objects.using(db).create({ label: "y" }),
      ];
      const b1 = await ann.books.create({ title: "A1", publisherId: pen.id });
      const b2 = await ann.books.create({ title: "A2", publisherId: indie.id });
      const b3 = await bob.books.create({ title: "B1" });
      await b1.tags.add(x, y);
      await b3.tags.add(x);
      for (const [i, b] of [b1, b2, b3].entries()) {
        await Review.objects.using(db).create({ stars: i + 1, bookId: b.id });
        await Edition.objects
          .using(db)
          .create({ number: i + 1, originalPublishedBookOfThisEditionId: b.id });
      }
    });

    test("selectRelated, two levels: one query, typed without casts", async () => {
      const [reviews, n] = await queries(() =>
        Review.objects.using(db).selectRelated("book.author"),
      );
      assert.equal(n, 1);
      assert.deepEqual(
        reviews.map((r) => [r.stars, r.book.title, r.book.author.name]),
        [
          [1, "A1", "Ann"],
          [2, "A2", "Ann"],
          [3, "B1", "Bob"],
        ],
      );
      // The joined instances keep their rows as their own properties.
      assert.deepEqual(Object.keys(reviews[0]!.book), ["id", "title", "authorId", "publisherId"]);
    });

    test("selectRelated, three levels: NULL keys give null where they are", async () => {
      const [reviews, n] = await queries(() =>
        Review.objects.using(db).selectRelated("book.publisher.country", "book.author.country"),
      );
      assert.equal(n, 1);
      assert.deepEqual(
        reviews.map((r) => [
          r.book.publisher?.name ?? null,
          // Indie has no country: null at the third level; B1 has no publisher: null at the second.
          r.book.publisher === null
            ? "-"
            : (r.book.publisher.country?.isoCountryCodeAlpha2 ?? null),
          r.book.author.country.isoCountryCodeAlpha2,
        ]),
        [
          ["Pen", "fr", "fr"],
          ["Indie", null, "fr"],
          [null, "-", "fr"],
        ],
      );
    });

    test("selectRelated with long names: the joined row is read whole", async () => {
      // `sr_originalPublishedBookOfThisEdition__publisher__country__iso_country_code_alpha2`
      // is past PostgreSQL's 63 bytes: the join takes a short alias instead.
      const [editions, n] = await queries(() =>
        Edition.objects
          .using(db)
          .selectRelated("originalPublishedBookOfThisEdition.publisher.country"),
      );
      assert.equal(n, 1);
      assert.deepEqual(
        editions.map((e) => {
          const p = e.originalPublishedBookOfThisEdition.publisher;
          return [e.originalPublishedBookOfThisEdition.title, p?.country?.isoCountryCodeAlpha2];
        }),
        [
          ["A1", "fr"],
          ["A2", undefined],
          ["B1", undefined],
        ],
      );
    });

    test("prefetchRelated, forward three levels: one query per level, nulls kept", async () => {
      const [reviews, n] = await queries(() =>
        Review.objects.using(db).prefetchRelated("book.publisher.country"),
      );
      // reviews, books, publishers, countries.
      assert.equal(n, 4);
      assert.deepEqual(
        reviews.map((r) => [
          r.book.publisher?.name ?? null,
          r.book.publisher?.country?.isoCountryCodeAlpha2 ?? null,
        ]),
        [
          ["Pen", "fr"],
          ["Indie", null],
          [null, null],
        ],
      );
    });

    test("prefetchRelated, reverse then many-to-many: the managers query no more", async () => {
      const [authors, n] = await queries(() =>
        Author.objects.using(db).prefetchRelated("books.tags"),
      );
      // authors, books, the tag links, the tags.
      assert.equal(n, 4);
      const [seen, m] = await queries(async () => {
        const out: [string, string, string[]][] = [];
        for (const a of authors)
          for (const b of await a.books.all())
            out.push([a.name, b.title, (await b.tags.all()).map((t) => t.label)]);
        return out;
      });
      assert.equal(m, 0);
      assert.deepEqual(seen, [
        ["Ann", "A1", ["x", "y"]],
        ["Ann", "A2", []],
        ["Bob", "B1", ["x"]],
      ]);
    });

    test("prefetchRelated, many-to-many then forward two levels", async () => {
      const [tags, n] = await queries(() =>
        Tag.objects.using(db).prefetchRelated("books.author.country", "books.publisher"),
      );
      // tags, links, books, authors, countries, publishers.
      assert.equal(n, 6);
      type Loaded = {
        title: string;
        author: { name: string; country: { isoCountryCodeAlpha2: string } };
        publisher: { name: string } | null;
      };
      const [seen, m] = await queries(async () => {
        const out: [string, string[]][] = [];
        for (const t of tags) {
          // Under a multi-valued step the loaded instances are there, untyped.
          const books = (await t.books.all()) as unknown as Loaded[];
          const line = books.map(
            (b) =>
              `${b.title}:${b.author.name}:${b.author.country.isoCountryCodeAlpha2}:${b.publisher?.name ?? "-"}`,
          );
          out.push([t.label, line]);
        }
        return out;
      });
      assert.equal(m, 0);
      assert.deepEqual(seen, [
        ["x", ["A1:Ann:fr:Pen", "B1:Bob:fr:-"]],
        ["y", ["A1:Ann:fr:Pen"]],
      ]);
    });

    test("selectRelated then prefetchRelated goes on from the joined rows", async () => {
      const [reviews, n] = await queries(() =>
        Review.objects
          .using(db)
          .filter({ stars: { lte: 2 } })
          .selectRelated("book.author")
          .prefetchRelated("book.author.books"),
      );
      // the joined reviews, then the authors' books: the authors are not fetched again.
      assert.equal(n, 2);
      // `book.author` is typed as the model its key points at, which names no `books`.
      const author = reviews[0]!.book.author as unknown as {
        books: { all(): Promise<{ title: string }[]> };
      };
      const [titles, m] = await queries(() => author.books.all());
      assert.equal(m, 0);
      assert.deepEqual(
        titles.map((b) => b.title),
        ["A1", "A2"],
      );
    });

    test("a wrong segment from untyped code is a coded error naming it", async () => {
      assert.throws(
        () => Review.objects.using(db).selectRelated("book.author.nope" as never),
        wrongSegment("nope", "book.author.nope"),
      );
      // A field that is not a foreign key, deep down.
      assert.throws(
        () => Review.objects.using(db).selectRelated("book.author.name" as never),
        wrongSegment("name", "book.author.name"),
      );
      await assert.rejects(
        async () => Review.objects.using(db).prefetchRelated("book.title" as never),
        wrongSegment("title", "book.title"),
      );
      // Checked whether or not any row reaches the segment.
      await assert.rejects(
        async () =>
          Review.objects
            .using(db)
            .filter({ stars: 99 })
            .prefetchRelated("book.author.nope" as never),
        wrongSegment("nope", "book.author.nope"),
      );
    });
  });
}
