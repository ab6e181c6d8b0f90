/**
 * Nested `selectRelated` / `prefetchRelated` path types: each segment is checked against the
 * model reached so far (three segments deep), and the loaded instances are typed along the
 * single-valued steps. Checked by `tsc --noEmit`; each `@ts-expect-error` fails the check if its
 * line ever compiles. The test at the end runs the positive calls on SQLite.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createModel,
  Database,
  f,
  type Instance,
  model,
  type RelatedObject,
  throughOf,
  withRelated,
} from "flagon/orm";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}
const first = <T>(rows: readonly T[]): T => rows[0]!;

// Review -> Book -> Author -> Country, Book -> Publisher (nullable) -> Country (nullable),
// Book <-> Tag, Author <- Profile (one-to-one, reverse named on Author).
const Country = model("tnp.Country", { code: f.string({ maxLength: 2 }) });
const Publisher = model("tnp.Publisher", {
  name: f.string({ maxLength: 20 }),
  country: f.foreignKey(() => Country, { onDelete: "setNull", null: true }),
});
const AuthorBase = model("tnp.Author", {
  name: f.string({ maxLength: 20 }),
  country: f.foreignKey(() => Country, { onDelete: "cascade" }),
});
const TagBase = model("tnp.Tag", { label: f.string({ maxLength: 20 }) });
const Book = model("tnp.Book", {
  title: f.string({ maxLength: 20 }),
  author: f.foreignKey(() => AuthorBase, { onDelete: "cascade", relatedName: "books" }),
  publisher: f.foreignKey(() => Publisher, { onDelete: "setNull", null: true }),
  tags: f.manyToMany(() => TagBase, { relatedName: "books" }),
});
const Review = model("tnp.Review", {
  stars: f.int(),
  book: f.foreignKey(() => Book, { onDelete: "cascade" }),
});
const Profile = model("tnp.Profile", {
  bio: f.string({ maxLength: 20 }),
  author: f.oneToOne(() => AuthorBase, { onDelete: "cascade", relatedName: "profile" }),
});
const Author = withRelated(AuthorBase, {
  books: f.reverse(() => Book, "author"),
  profile: f.reverse(() => Profile, "author"),
});
const Tag = withRelated(TagBase, { books: f.reverse(() => Book, "tags") });

type CountryI = Instance<(typeof Country)["__fields"]>;
type PublisherI = Instance<(typeof Publisher)["__fields"]>;
type AuthorBaseI = Instance<(typeof AuthorBase)["__fields"]>;
type BookI = Instance<(typeof Book)["__fields"]>;
type ProfileI = Instance<(typeof Profile)["__fields"]>;

async function typed(db: Database): Promise<void> {
  // Two levels: the joined book has its author, typed as loaded.
  const r1 = first(await Review.objects.using(db).selectRelated("book.author"));
  expectType<Equal<typeof r1.book.author, AuthorBaseI>>(true);
  expectType<Equal<typeof r1.book.title, string>>(true);
  expectType<Equal<typeof r1.bookId, number>>(true);
  // Three levels, through a nullable key: `| null` from there on.
  const r2 = await Review.objects.using(db).selectRelated("book.publisher.country").get({ id: 1 });
  const pub = r2.book.publisher;
  expectType<Equal<NonNullable<typeof pub>["country"], CountryI | null>>(true);
  expectType<Equal<null extends typeof pub ? true : false, true>>(true);
  // Several paths sharing a prefix: one joined book with both loaded.
  const r3 = first(
    await Review.objects.using(db).selectRelated("book.author.country", "book.publisher"),
  );
  expectType<Equal<typeof r3.book.author.country, CountryI>>(true);
  expectType<Equal<typeof r3.book.publisher, PublisherI | null>>(true);
  // A plain head still gives the plain instance (no extra wrapping).
  const r4 = first(await Review.objects.using(db).selectRelated("book"));
  expectType<Equal<typeof r4.book, BookI>>(true);
  // Calls add up, as the joins do.
  const r5 = first(
    await Review.objects
      .using(db)
      .selectRelated("book")
      .selectRelated("book.author")
      .filter({ stars: { gte: 1 } }),
  );
  expectType<Equal<typeof r5.book.author.name, string>>(true);
  // The one-to-one's reverse side, from the withRelated model, then forward again.
  const a1 = first(await Author.objects.using(db).selectRelated("profile", "country"));
  expectType<Equal<typeof a1.profile, ProfileI | null>>(true);
  expectType<Equal<typeof a1.country, CountryI>>(true);
  const p1 = first(await Profile.objects.using(db).selectRelated("author.country"));
  expectType<Equal<typeof p1.author.country.code, string>>(true);

  // prefetchRelated: forward steps are typed as selectRelated's.
  const b1 = first(
    await Book.objects.using(db).prefetchRelated("author.country", "publisher.country"),
  );
  expectType<Equal<typeof b1.author.country, CountryI>>(true);
  expectType<Equal<NonNullable<typeof b1.publisher>["country"], CountryI | null>>(true);
  // Through many-to-many and reverse relations: checked; the managers keep their type.
  const b2 = first(
    await Book.objects.using(db).prefetchRelated("tags", "tags.books", "author.books"),
  );
  expectType<Equal<typeof b2.tags, Instance<(typeof Book)["__fields"]>["tags"]>>(true);
  await Tag.objects.using(db).prefetchRelated("books.author.country", "books.publisher");
  await Author.objects.using(db).prefetchRelated("books.tags", "books.reviewSet", "profile");
  const a2 = first(await Author.objects.using(db).prefetchRelated("profile.author", "books"));
  expectType<Equal<NonNullable<typeof a2.profile>["author"], AuthorBaseI>>(true);
  // Mixed with selectRelated: what both load is typed.
  const r6 = first(
    await Review.objects.using(db).selectRelated("book").prefetchRelated("book.author.country"),
  );
  expectType<Equal<typeof r6.book.author.country, CountryI>>(true);
  // Untyped as before: not loaded, not there.
  const plain = first(await Review.objects.using(db));
  expectType<Equal<"book" extends keyof typeof plain ? true : false, false>>(true);
  const a3 = first(await Author.objects.using(db));
  expectType<Equal<typeof a3.profile, RelatedObject<(typeof Profile)["__fields"]>>>(true);
}

/** Lines that must not compile; never called. */
function negatives(): void {
  // @ts-expect-error: Book has no "autor"
  Review.objects.selectRelated("book.autor");
  // @ts-expect-error: a scalar field is not a relation to join
  Review.objects.selectRelated("book.title");
  // @ts-expect-error: a many-to-many is not followed by selectRelated
  Review.objects.selectRelated("book.tags");
  // @ts-expect-error: nor a reverse foreign key, at any depth
  Profile.objects.selectRelated("author.books");
  // @ts-expect-error: third segment: Country has no "continent"
  Review.objects.selectRelated("book.author.continent");
  // @ts-expect-error: a path ends at a name, not a dot
  Review.objects.selectRelated("book.");
  // @ts-expect-error: the first segment is checked too
  Review.objects.selectRelated("bok.author");
  // @ts-expect-error: prefetch: the first segment must be a relation of Book
  Book.objects.prefetchRelated("title.x");
  // @ts-expect-error: prefetch: a scalar field of the model reached is not a relation
  Book.objects.prefetchRelated("author.name");
  // @ts-expect-error: two levels down, too
  Tag.objects.prefetchRelated("books.author.name");
  // @ts-expect-error: three levels down, too
  Review.objects.prefetchRelated("book.author.name");
  // @ts-expect-error: an empty segment
  Book.objects.prefetchRelated("author..country");
  // @ts-expect-error: one bad path among good ones
  Book.objects.prefetchRelated("author", "tags.label", "publisher");
}
void negatives;

test("the typed nested path calls above run on SQLite", async () => {
  const db = new Database("default", "sqlite::memory:");
  for (const m of [Country, Publisher, AuthorBase, TagBase, Book, throughOf(Book, "tags")])
    await createModel(db, m);
  for (const m of [Review, Profile]) await createModel(db, m);
  const fr = await Country.objects.using(db).create({ code: "fr" });
  const a = await Author.objects.using(db).create({ name: "A", countryId: fr.id });
  const b = await Book.objects.using(db).create({ title: "B", authorId: a.id });
  await Review.objects.using(db).create({ stars: 4, bookId: b.id });
  await Profile.objects.using(db).create({ bio: "x", authorId: a.id });
  await typed(db);
  const r = first(await Review.objects.using(db).selectRelated("book.author.country"));
  assert.equal(r.book.author.country.code, "fr");
  await db.close();
});
