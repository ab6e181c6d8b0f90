/**
 * ORM type tests: checked by `tsc --noEmit` (part of `npm test`). Each `@ts-expect-error` line
 * fails the type-check if the line it marks ever compiles, so these can fail. The test at the end
 * runs the same calls on SQLite so the file is also a runtime test.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createModel, Database, f, type Instance, model, Q, type RowOf } from "flagon/orm";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

const Author = model("types.Author", {
  name: f.string({ maxLength: 100 }),
  born: f.date({ null: true }),
});
const Book = model("types.Book", {
  title: f.string({ maxLength: 200 }),
  pages: f.int({ default: 0 }),
  price: f.decimal({ maxDigits: 8, decimalPlaces: 2, null: true }),
  big: f.bigint({ null: true }),
  published: f.datetime({ null: true }),
  status: f.choice(["draft", "live"], { default: "draft" }),
  data: f.json<{ tags: string[] }, { null: true }>({ null: true }),
  flag: f.boolean({ default: false }),
  author: f.foreignKey(() => Author, { onDelete: "cascade" }),
});
const Tagged = model("types.Tagged", { id: f.uuidPk(), label: f.slug() });

type BookRow = RowOf<(typeof Book)["__fields"]>;
expectType<
  Equal<
    BookRow,
    {
      id: number;
      title: string;
      pages: number;
      price: string | null;
      big: bigint | null;
      published: Date | null;
      status: "draft" | "live";
      data: { tags: string[] } | null;
      flag: boolean;
      authorId: number;
    }
  >
>(true);
expectType<Equal<RowOf<(typeof Tagged)["__fields"]>, { id: string; label: string }>>(true);
expectType<Equal<RowOf<(typeof Author)["__fields"]>["born"], string | null>>(true);

async function typed(db: Database): Promise<void> {
  const books = Book.objects.using(db);
  const a = await Author.objects.using(db).create({ name: "Ann" });
  expectType<Equal<typeof a.id, number>>(true);

  // create(): required fields are required, defaults and nullables optional.
  await books.create({ title: "T", authorId: a.id });

  // filter(): fields, lookups by kind, value types.
  books.filter({ title: { icontains: "x" }, pages: { gte: 1, in: [1, 2] }, price: { lt: "3.00" } });
  books.filter({ published: { range: [new Date(0), new Date()] }, price: null, big: { gt: 1n } });
  books.filter({ data: { isnull: true }, flag: true, status: { in: ["live"] } });

  // Date parts (UTC).
  books.filter({ published: { year: 2024, month: 3, week_day: 1, hour: 23 } });
  Author.objects.filter({ born: { day: 29 } });

  // Across the foreign key.
  books.filter({ author: a.id });
  books.filter({ author: { in: [1, 2] } });
  books.filter({ author: { name: { istartswith: "a" }, born: { isnull: true } } });

  // Q and OR/AND/NOT.
  books.filter(Q.or({ pages: { gt: 1 } }, Q.not({ title: "x" })));
  books.filter({ OR: [{ pages: 1 }, { NOT: { title: { contains: "a" } } }] });
  books.filter(Q.not({ status: "live" }), Q.or({ author: { name: "x" } }, { author: 1 }));

  // Ordering, values, valuesList.
  books.orderBy("-pages", "title", "authorId");
  const v = await books.values("title", "pages");
  expectType<Equal<typeof v, Pick<BookRow, "title" | "pages">[]>>(true);
  const flat = await books.valuesList("price", { flat: true });
  expectType<Equal<typeof flat, (string | null)[]>>(true);
  const tuples = await books.valuesList("title", "published");
  expectType<Equal<typeof tuples, [string, Date | null][]>>(true);

  // Instances and terminal methods.
  const b = await books.get({ id: 1 });
  expectType<Equal<typeof b, Instance<(typeof Book)["__fields"]>>>(true);
  b.pages = 2;
  await b.save();
  const first = await books.first();
  expectType<Equal<typeof first, Instance<(typeof Book)["__fields"]> | undefined>>(true);
  const n: number = await books.filter({ pages: 1 }).update({ pages: 3 });
  const [row, created] = await books.getOrCreate({ title: "x", author: a.id }, { pages: 1 });
  expectType<Equal<typeof created, boolean>>(true);
  void row;
  void n;
  const all = await books;
  const matched: number = await books.bulkUpdate(all, ["pages", "price", "authorId"]);
  await books.bulkCreate([{ title: "u", authorId: a.id }], {
    updateConflicts: true,
    uniqueFields: ["id"],
    updateFields: ["pages"],
  });
  void matched;
}

/** The lines that must not compile; never called (most would also fail at run time). */
async function negatives(db: Database, b: Instance<(typeof Book)["__fields"]>): Promise<void> {
  const books = Book.objects.using(db);
  const a = { id: 1 };
  // @ts-expect-error: title is required
  await books.create({ authorId: a.id });
  // @ts-expect-error: bulkUpdate never writes the primary key
  await books.bulkUpdate([b], ["id"]);
  // @ts-expect-error: bulkUpdate names row properties only
  await books.bulkUpdate([b], ["titel"]);
  await books.bulkCreate([], {
    updateConflicts: true,
    uniqueFields: ["title"],
    // @ts-expect-error: updateFields never names the primary key
    updateFields: ["id"],
  });
  await books.bulkCreate([], {
    updateConflicts: true,
    // @ts-expect-error: uniqueFields names row properties only
    uniqueFields: ["nope"],
    updateFields: ["pages"],
  });
  // @ts-expect-error: pages is a number
  await books.create({ title: "T", authorId: a.id, pages: "10" });
  // @ts-expect-error: status is one of its choices
  await books.create({ title: "T", authorId: a.id, status: "gone" });
  // @ts-expect-error: no such field
  await books.create({ title: "T", authorId: a.id, nope: 1 });
  // @ts-expect-error: unknown field
  books.filter({ titel: "x" });
  // @ts-expect-error: icontains is a text lookup, pages is an int
  books.filter({ pages: { icontains: "1" } });
  // @ts-expect-error: regex is a text lookup too
  books.filter({ pages: { regex: "^1" } });
  // @ts-expect-error: a regex pattern is a string
  books.filter({ title: { iregex: 1 } });
  books.filter({ title: { regex: "^War", iregex: "peace$" } });
  // @ts-expect-error: the value of a lookup on an int is a number
  books.filter({ pages: { gte: "1" } });
  // @ts-expect-error: in takes an array
  books.filter({ pages: { in: 1 } });
  // @ts-expect-error: range takes a pair
  books.filter({ pages: { range: [1] } });
  // @ts-expect-error: isnull takes a boolean
  books.filter({ price: { isnull: 1 } });
  // @ts-expect-error: a decimal is compared with a string, never a float
  books.filter({ price: { gt: 1.5 } });
  // @ts-expect-error: title is not nullable
  books.filter({ title: { gt: null } });
  // @ts-expect-error: a JSON field is only tested for null
  books.filter({ data: { tags: ["a"] } });
  // @ts-expect-error: not a choice
  books.filter({ status: "gone" });
  // @ts-expect-error: Author has no field "title"
  books.filter({ author: { title: "x" } });
  // @ts-expect-error: wrong value type across the relation
  books.filter({ author: { name: { icontains: 3 } } });
  // @ts-expect-error: the key is a number
  books.filter({ author: "1" });
  // @ts-expect-error: lookups inside Q are checked too
  books.filter(Q.or({ pages: { contains: "1" } }));
  // @ts-expect-error: an unknown field inside Q is caught where the Q is used
  books.filter(Q.and({ titel: "x" }));
  // @ts-expect-error: so is a wrong value type
  books.filter(Q.not({ status: "gone" }));
  // @ts-expect-error: OR takes a list of filters
  books.filter({ OR: { pages: 1 } });
  // @ts-expect-error: unknown field in orderBy
  books.orderBy("-nope");
  // @ts-expect-error: values() takes row properties
  books.values("nope");
  // @ts-expect-error: pages is a number
  b.pages = "2";
  // @ts-expect-error: a UUID key is compared for equality only
  Tagged.objects.filter({ id: { gt: "a" } });
  // @ts-expect-error: a boolean has no order
  books.filter({ flag: { lt: true } });
  // @ts-expect-error: a filter is an object
  books.filter("title = 'x'");
  // @ts-expect-error: valuesList flat takes one key
  books.valuesList("title", "pages", { flat: true });
  // @ts-expect-error: a date has no hour
  Author.objects.filter({ born: { hour: 1 } });
  // @ts-expect-error: a date part is a number
  books.filter({ published: { year: "2024" } });
  // @ts-expect-error: text has no date parts
  books.filter({ title: { year: 2024 } });
  // @ts-expect-error: update values are typed
  await books.update({ pages: "3" });
}
void negatives;

test("the typed calls above run on SQLite", async () => {
  const db = new Database("default", "sqlite::memory:");
  await createModel(db, Author);
  await createModel(db, Book);
  await createModel(db, Tagged);
  await typed(db);
  assert.equal(await Book.objects.using(db).filter({ title: "x" }).count(), 1);
  await db.close();
});
