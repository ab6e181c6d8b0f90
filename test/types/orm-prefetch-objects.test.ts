/**
 * `Prefetch` object types: a `toAttr` adds a property typed by the queryset's rows (a list for a
 * multi-valued relation, the instance or `null` for a single-valued one), the path is checked
 * as the string form's is, and a `Prefetch` without `toAttr` types the row as its path would.
 * An `annotate()`d queryset's rows carry their annotations in the type.
 * Checked by `tsc --noEmit`; each `@ts-expect-error` fails the check if its line ever compiles.
 * The test at the end runs the positive calls on SQLite.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  Count,
  createModel,
  Database,
  f,
  type Instance,
  model,
  Prefetch,
  type RelatedObject,
  throughOf,
  withRelated,
} from "flagon/orm";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}
const first = <T>(rows: readonly T[]): T => rows[0]!;

const TagBase = model("tpo.Tag", { label: f.string({ maxLength: 20 }) });
const AuthorBase = model("tpo.Author", { name: f.string({ maxLength: 20 }) });
const Book = model("tpo.Book", {
  title: f.string({ maxLength: 20 }),
  year: f.int(),
  author: f.foreignKey(() => AuthorBase, { onDelete: "cascade", relatedName: "books" }),
  tags: f.manyToMany(() => TagBase, { relatedName: "books" }),
});
const Profile = model("tpo.Profile", {
  bio: f.string({ maxLength: 20 }),
  author: f.oneToOne(() => AuthorBase, { onDelete: "cascade", relatedName: "profile" }),
});
const Author = withRelated(AuthorBase, {
  books: f.reverse(() => Book, "author"),
  profile: f.reverse(() => Profile, "author"),
});
const Tag = withRelated(TagBase, { books: f.reverse(() => Book, "tags") });

type BookF = (typeof Book)["__fields"];
type BookI = Instance<BookF>;
type AuthorI = Instance<(typeof Author)["__fields"]>;
type AuthorBaseI = Instance<(typeof AuthorBase)["__fields"]>;
type TagBaseI = Instance<(typeof TagBase)["__fields"]>;
type ProfileI = Instance<(typeof Profile)["__fields"]>;

async function typed(db: Database): Promise<void> {
  const recent = Book.objects.filter({ year: { gte: 2000 } }).orderBy("-year");
  // toAttr on a reverse foreign key: a list of the queryset's rows.
  const a1 = first(
    await Author.objects
      .using(db)
      .prefetchRelated(Prefetch("books", { queryset: recent, toAttr: "recentBooks" })),
  );
  expectType<Equal<typeof a1.recentBooks, BookI[]>>(true);
  expectType<Equal<typeof a1.books, AuthorI["books"]>>(true);
  expectType<Equal<typeof a1.name, string>>(true);
  // The rows are the queryset's: only() leaves the others out of the type too.
  const a2 = first(
    await Author.objects
      .using(db)
      .prefetchRelated(Prefetch("books", { queryset: Book.objects.only("title"), toAttr: "bs" })),
  );
  expectType<Equal<"year" extends keyof (typeof a2.bs)[number] ? true : false, false>>(true);
  expectType<Equal<(typeof a2.bs)[number]["title"], string>>(true);
  // Single-valued: the instance or null, whatever the key's nullability; the field's name
  // is not loaded.
  const b1 = first(
    await Book.objects
      .using(db)
      .prefetchRelated(Prefetch("author", { queryset: Author.objects.all(), toAttr: "writer" })),
  );
  expectType<Equal<typeof b1.writer, AuthorI | null>>(true);
  expectType<Equal<"author" extends keyof typeof b1 ? true : false, false>>(true);
  // Without a queryset: the model's instances; a many-to-many, a one-to-one's reverse side.
  const b2 = first(
    await Book.objects
      .using(db)
      .prefetchRelated(Prefetch("author", { toAttr: "w" }))
      .prefetchRelated(Prefetch("tags", { toAttr: "tagList" })),
  );
  expectType<Equal<typeof b2.w, AuthorBaseI | null>>(true);
  expectType<Equal<typeof b2.tagList, TagBaseI[]>>(true);
  const a3 = first(
    await Author.objects.using(db).prefetchRelated(Prefetch("profile", { toAttr: "prof" })),
  );
  expectType<Equal<typeof a3.prof, ProfileI | null>>(true);
  expectType<Equal<typeof a3.profile, RelatedObject<(typeof Profile)["__fields"]>>>(true);

  // Without toAttr: typed as the string form.
  const b3 = first(
    await Book.objects
      .using(db)
      .prefetchRelated(Prefetch("author", { queryset: Author.objects.all() })),
  );
  expectType<Equal<typeof b3.author, AuthorBaseI>>(true);
  const b4 = first(await Book.objects.using(db).prefetchRelated("author"));
  expectType<Equal<typeof b3, typeof b4>>(true);
  const a4 = await Author.objects
    .using(db)
    .prefetchRelated(Prefetch("books", { queryset: recent }));
  expectType<Equal<typeof a4, AuthorI[]>>(true);
  // Mixed with paths in one call, and nested.
  const b5 = first(
    await Book.objects
      .using(db)
      .prefetchRelated("tags", Prefetch("author.books", { queryset: recent }), "author"),
  );
  expectType<Equal<typeof b5.author.name, string>>(true);
  const b5s = first(await Book.objects.using(db).prefetchRelated("tags", "author.books", "author"));
  expectType<Equal<typeof b5, typeof b5s>>(true);
  // Only what the paths load: a Prefetch does not widen the paths to every relation.
  const a5 = first(
    await Author.objects
      .using(db)
      .prefetchRelated(Prefetch("books", { queryset: recent }), "books.tags"),
  );
  expectType<Equal<typeof a5, AuthorI>>(true);
  // A nested toAttr: the earlier segments load in their own places, the name is untyped.
  const b6 = first(
    await Book.objects
      .using(db)
      .prefetchRelated(Prefetch("author.books", { queryset: recent, toAttr: "recent" })),
  );
  expectType<Equal<typeof b6.author, AuthorBaseI>>(true);
  await Tag.objects.using(db).prefetchRelated(Prefetch("books.author", { toAttr: "a" }));
  // An annotate()d queryset: a toAttr's rows are its rows, annotations included.
  const byTags = Book.objects.annotate({ nt: Count("tags") }).orderBy("-nt");
  const a7 = first(
    await Author.objects
      .using(db)
      .prefetchRelated(Prefetch("books", { queryset: byTags, toAttr: "tagged" })),
  );
  expectType<Equal<typeof a7.tagged, (BookI & { nt: number })[]>>(true);
  expectType<Equal<(typeof a7.tagged)[number]["nt"], number>>(true);
  assert.deepEqual(
    a7.tagged.map((x) => [x.title, x.nt]),
    [
      ["B", 1],
      ["Old", 0],
    ],
  );
}

/** Lines that must not compile; never called. */
function negatives(): void {
  const recent = Book.objects.filter({ year: { gte: 2000 } });
  // @ts-expect-error: Author has no relation "bokos"
  Author.objects.prefetchRelated(Prefetch("bokos", { queryset: recent, toAttr: "x" }));
  // @ts-expect-error: nor without toAttr
  Author.objects.prefetchRelated(Prefetch("bokos", { queryset: recent }));
  // @ts-expect-error: a scalar field is not a relation
  Book.objects.prefetchRelated(Prefetch("title", { toAttr: "x" }));
  // @ts-expect-error: nested segments are checked as in the string form
  Book.objects.prefetchRelated(Prefetch("author.name"));
  // @ts-expect-error: a typed toAttr is one Prefetch per call (chain the calls)
  Book.objects.prefetchRelated("tags", Prefetch("author", { toAttr: "w" }));
  const a = first([] as AuthorI[]);
  // @ts-expect-error: no toAttr, no new property
  void a.recentBooks;
}
void negatives;

test("the typed Prefetch calls above run on SQLite", async () => {
  const db = new Database("default", "sqlite::memory:");
  for (const m of [TagBase, AuthorBase, Book, throughOf(Book, "tags"), Profile])
    await createModel(db, m);
  const ann = await Author.objects.using(db).create({ name: "Ann" });
  const b = await Book.objects.using(db).create({ title: "B", year: 2001, authorId: ann.id });
  await Book.objects.using(db).create({ title: "Old", year: 1990, authorId: ann.id });
  const t = await Tag.objects.using(db).create({ label: "t" });
  await b.tags.add(t);
  await typed(db);
  const [loaded] = await Author.objects
    .using(db)
    .prefetchRelated(
      Prefetch("books", { queryset: Book.objects.filter({ year: { gte: 2000 } }), toAttr: "rb" }),
    );
  assert.deepEqual(
    loaded!.rb.map((x) => x.title),
    ["B"],
  );
  await db.close();
});
