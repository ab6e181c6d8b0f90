/**
 * annotate() and orderBy-across-relations type tests: checked by `tsc --noEmit`; each `@ts-expect-error` fails the check if
 * its line ever compiles. The runtime test runs the typed calls on SQLite.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Count, createModel, Database, f, Max, Min, model, Sum, withRelated } from "flagon/orm";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

const AuthorBase = model("tann.Author", { name: f.string({ maxLength: 50 }) });
const Book = model("tann.Book", {
  title: f.string({ maxLength: 50 }),
  pages: f.int(),
  published: f.date({ null: true }),
  author: f.foreignKey(() => AuthorBase, { onDelete: "cascade", relatedName: "books" }),
});
const Author = withRelated(AuthorBase, { books: f.reverse(() => Book, "author") });

async function typed(db: Database): Promise<void> {
  const rows = await Author.objects
    .using(db)
    .annotate({
      n: Count("books"),
      pages: Sum("books.pages"),
      last: Max<string>("books.published"),
    })
    .filter({ n: { gte: 1 }, pages: 10 })
    .orderBy("-n", "name");
  const r = rows[0]!;
  expectType<Equal<typeof r.n, number>>(true);
  expectType<Equal<typeof r.pages, number | null>>(true);
  expectType<Equal<typeof r.last, string | null>>(true);
  expectType<Equal<typeof r.name, string>>(true);

  const grouped = await Author.objects
    .using(db)
    .values("name")
    .annotate({ n: Count("books") });
  expectType<Equal<(typeof grouped)[number], { name: string } & { n: number }>>(true);

  void rejected;
}

/** Never run: each call is a compile error (and would throw a coded error at run time). */
function rejected(db: Database): void {
  const ann = Author.objects.using(db).annotate({ n: Count("books"), lo: Min("books.pages") });
  // @ts-expect-error: not an annotation
  ann.filter({ m: 1 });
  // @ts-expect-error: a count is a number
  ann.filter({ n: "2" });
  // @ts-expect-error: not a HAVING lookup
  ann.filter({ n: { icontains: 2 } });
  // @ts-expect-error: neither an annotation nor a field
  ann.orderBy("-zz");
  // orderBy across a foreign key: the target's row properties, one step.
  Book.objects.orderBy("author.name", "-author.id", "title");
  // @ts-expect-error: the author has no such field
  Book.objects.orderBy("author.nope");
  // @ts-expect-error: title is not a foreign key
  Book.objects.orderBy("title.name");
  // @ts-expect-error: annotate takes aggregates
  Author.objects.annotate({ n: 1 });
}

test("annotate types run on SQLite", async () => {
  const db = new Database("default", "sqlite::memory:");
  try {
    for (const m of [AuthorBase, Book]) await createModel(db, m);
    const a = await Author.objects.using(db).create({ name: "Ann" });
    await Book.objects.using(db).create({ title: "T", pages: 10, authorId: a.id });
    await typed(db);
    const [row] = await Author.objects.using(db).annotate({ n: Count("books") });
    assert.equal(row?.n, 1);
  } finally {
    await db.close();
  }
});

/** only/defer narrow the instance type; wrong keys are compile errors. */
async function picked(db: Database): Promise<void> {
  const [b] = await Book.objects.using(db).only("title");
  expectType<
    Equal<
      typeof b,
      | undefined
      | Omit<Awaited<ReturnType<typeof Book.objects.get>>, "pages" | "published" | "authorId">
    >
  >(true);
  // @ts-expect-error: pages was not loaded
  b?.pages;
  const [c] = await Book.objects.using(db).defer("pages");
  c?.title;
  // @ts-expect-error: deferred
  c?.pages;
  // @ts-expect-error: no such field
  Book.objects.only("nope");
  // @ts-expect-error: the key is always loaded
  Book.objects.defer("id");
}
void picked;
