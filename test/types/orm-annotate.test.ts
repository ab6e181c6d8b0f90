/**
 * annotate() and orderBy-across-relations type tests: checked by `tsc --noEmit`; each `@ts-expect-error` fails the check if
 * its line ever compiles. The runtime test runs the typed calls on SQLite.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  Avg,
  Count,
  createModel,
  Database,
  F,
  f,
  Max,
  Min,
  model,
  Sum,
  withRelated,
} from "flagon/orm";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

const AuthorBase = model("tann.Author", { name: f.string({ maxLength: 50 }) });
const BookBase = model("tann.Book", {
  title: f.string({ maxLength: 50 }),
  pages: f.int(),
  published: f.date({ null: true }),
  author: f.foreignKey(() => AuthorBase, { onDelete: "cascade", relatedName: "books" }),
});
const Chapter = model("tann.Chapter", {
  pages: f.int(),
  book: f.foreignKey(() => BookBase, { onDelete: "cascade", relatedName: "chapters" }),
});
/** Books with their chapters: paths of two steps from an author. */
const Book = withRelated(BookBase, { chapters: f.reverse(() => Chapter, "book") });
const Author = withRelated(AuthorBase, { books: f.reverse(() => Book, "author") });
const AuthorCh = Author;

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

/** Paths across several relations, F expressions, values() after annotate, F orderings. */
async function deep(db: Database): Promise<void> {
  const rows = await AuthorCh.objects
    .using(db)
    .annotate({
      pages: Sum("books.chapters.pages"),
      nch: Count("books.chapters"),
      weighted: Sum(F("books.pages").mul(2)),
      shout: F("name"),
      idTwice: F("id").mul(2),
    })
    .annotate({ perChapter: F("pages").div(F("nch")), same: F("nch") })
    .filter({ nch: { gte: 1 }, perChapter: { gt: 1 } })
    .orderBy(F("perChapter").desc({ nulls: "last" }), "-nch", "name")
    .slice(0, 10);
  type Row = (typeof rows)[number];
  expectType<Equal<Row["pages"], number | null>>(true);
  expectType<Equal<Row["nch"], number>>(true);
  expectType<Equal<Row["weighted"], number | null>>(true);
  expectType<Equal<Row["shout"], string>>(true);
  expectType<Equal<Row["idTwice"], number | null>>(true);
  expectType<Equal<Row["perChapter"], number | null>>(true);
  expectType<Equal<Row["same"], number>>(true);
  expectType<Equal<Row["name"], string>>(true);
  assert.deepEqual(rows, []);

  const picked = await AuthorCh.objects
    .using(db)
    .annotate({ n: Count("books") })
    .values("name", "n");
  type Picked = (typeof picked)[number];
  expectType<Equal<Picked["name"], string>>(true);
  expectType<Equal<Picked["n"], number>>(true);
  expectType<Equal<keyof Picked, "name" | "n">>(true);
  assert.deepEqual(picked, [{ name: "Ann", n: 1 }]);

  const grouped = await AuthorCh.objects
    .using(db)
    .values("name")
    .annotate({ n: Count("books.chapters") })
    .values("n");
  expectType<Equal<keyof (typeof grouped)[number], "n">>(true);

  await Book.objects.using(db).orderBy(F("pages").mul(F("authorId")).desc(), F("title").asc());

  const total = await AuthorCh.objects
    .using(db)
    .aggregate({ p: Sum("books.chapters.pages"), n: Count("books") });
  expectType<Equal<typeof total, { p: number | null; n: number }>>(true);
  assert.deepEqual(total, { p: null, n: 1 });

  void deepRejected;
}

/** Never run: each call is a compile error (and would throw a coded error at run time). */
function deepRejected(db: Database): void {
  const ann = AuthorCh.objects.using(db).annotate({ n: Count("books") });
  // @ts-expect-error: no such path (two steps)
  AuthorCh.objects.annotate({ n: Sum("books.chapters.nope") });
  // @ts-expect-error: pages is a field, not a relation
  AuthorCh.objects.annotate({ n: Sum("books.pages.x") });
  // @ts-expect-error: an unknown relation
  AuthorCh.objects.annotate({ n: Count("novels") });
  // @ts-expect-error: F on an unknown field, in an aggregate
  AuthorCh.objects.annotate({ n: Sum(F("books.nope").mul(2)) });
  // @ts-expect-error: F on an unknown field, as a plain annotation
  AuthorCh.objects.annotate({ n: F("nope").add(1) });
  // @ts-expect-error: a later annotate names an unknown annotation
  ann.annotate({ m: F("zz").add(1) });
  // @ts-expect-error: values() after annotate takes fields and annotations
  ann.values("zz");
  // @ts-expect-error: ordering by an F of an unknown name
  ann.orderBy(F("zz").desc());
  // @ts-expect-error: a queryset orders by F of its own fields
  Book.objects.orderBy(F("nope").desc());
  // @ts-expect-error: aggregate() checks paths too
  AuthorCh.objects.aggregate({ n: Sum("books.chapters.nope") });
  // @ts-expect-error: not a NULL placement
  Book.objects.orderBy(F("pages").desc({ nulls: "middle" }));
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
    for (const m of [AuthorBase, BookBase, Chapter]) await createModel(db, m);
    const a = await Author.objects.using(db).create({ name: "Ann" });
    await Book.objects.using(db).create({ title: "T", pages: 10, authorId: a.id });
    await typed(db);
    await deep(db);
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

/** Decimals: Sum/Avg and arithmetic reading a decimal type as decimal strings. */
const Shop = model("tann.Shop", { name: f.string({ maxLength: 20 }) });
const Item = model("tann.Item", {
  price: f.decimal({ maxDigits: 8, decimalPlaces: 2 }),
  qty: f.int(),
  shop: f.foreignKey(() => Shop, { onDelete: "cascade", relatedName: "items" }),
});
const ShopR = withRelated(Shop, { items: f.reverse(() => Item, "shop") });

async function decimals(db: Database): Promise<void> {
  const agg = await Item.objects.using(db).aggregate({
    total: Sum("price"),
    mean: Avg("price"),
    n: Count(),
    q: Sum("qty"),
    gross: Sum(F("price").mul(F("qty"))),
  });
  expectType<Equal<typeof agg.total, string | null>>(true);
  expectType<Equal<typeof agg.mean, string | null>>(true);
  expectType<Equal<typeof agg.gross, string | null>>(true);
  expectType<Equal<typeof agg.q, number | null>>(true);
  // Min/Max without a type: the field's (a decimal's string).
  const mm = await Item.objects.using(db).aggregate({ lo: Min("price"), hi: Max("qty") });
  expectType<Equal<typeof mm.lo, string | null>>(true);
  expectType<Equal<typeof mm.hi, number | null>>(true);
  // @ts-expect-error: a decimal sum is a string, not a number
  const wrong: number | null = agg.total;
  void wrong;
  const [s] = await ShopR.objects
    .using(db)
    .annotate({ total: Sum("items.price"), n: Sum("items.qty") })
    .annotate({ doubled: F("total").mul(2), more: F("n").add(1), hi: F("total") });
  if (s === undefined) return;
  expectType<Equal<typeof s.total, string | null>>(true);
  expectType<Equal<typeof s.doubled, string | null>>(true);
  expectType<Equal<typeof s.more, number | null>>(true);
  expectType<Equal<typeof s.hi, string | null>>(true);
  const [m] = await ShopR.objects.using(db).annotate({ top: Max("items.price") });
  expectType<Equal<NonNullable<typeof m>["top"], string | null>>(true);
  void (() =>
    // @ts-expect-error: not a number
    s.total?.toFixed(2));
}

/** annotate() keeps what selectRelated/only/defer made of the instance type. */
async function combined(db: Database): Promise<void> {
  const [b] = await Book.objects
    .using(db)
    .selectRelated("author")
    .only("title", "authorId")
    .annotate({ n: Count("chapters") });
  if (b === undefined) return;
  expectType<Equal<typeof b.n, number>>(true);
  expectType<Equal<typeof b.author.name, string>>(true);
  b.title;
  // @ts-expect-error: pages was not loaded (only)
  b.pages;
  const [d] = await Book.objects
    .using(db)
    .defer("pages")
    .annotate({ n: Count("chapters") });
  // @ts-expect-error: deferred
  d?.pages;
}
void combined;

test("decimal annotate types run on SQLite", async () => {
  const db = new Database("default", "sqlite::memory:");
  try {
    for (const m of [Shop, Item]) await createModel(db, m);
    const s = await ShopR.objects.using(db).create({ name: "s" });
    await Item.objects.using(db).create({ price: "1.25", qty: 2, shopId: s.id });
    await Item.objects.using(db).create({ price: "0.10", qty: 1, shopId: s.id });
    await decimals(db);
    const agg = await Item.objects.using(db).aggregate({ total: Sum("price"), mean: Avg("price") });
    assert.deepEqual(agg, { total: "1.35", mean: "0.675000" });
  } finally {
    await db.close();
  }
});
