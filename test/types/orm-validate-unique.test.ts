/**
 * validateUnique() and validate(), for the type-checker: `exclude` takes the model's row
 * properties (`authorId` for a foreign key), both return a promise, and a constraint's
 * `violationErrorMessage` is a string. Each `@ts-expect-error` fails `tsc --noEmit` if its line
 * ever compiles. The runtime test validates a row on SQLite with the typed calls.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  check,
  createModel,
  Database,
  f,
  type Instance,
  model,
  ModelRegistry,
  unique,
  ValidationError,
  type ValidateOptions,
} from "flagon/orm";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

const registry = new ModelRegistry();
const Author = model("tvu.Author", { name: f.string({ maxLength: 10 }) }, { registry });
const Book = model(
  "tvu.Book",
  {
    title: f.string({ maxLength: 10 }),
    slug: f.slug({ unique: true }),
    author: f.foreignKey(() => Author, { onDelete: "cascade" }),
  },
  {
    registry,
    constraints: [
      unique({ name: "tvu_title_author", fields: ["title", "author"], violationErrorMessage: "m" }),
      check({ name: "tvu_title", condition: { title: { gte: "a" } }, violationErrorMessage: "t" }),
    ],
  },
);
type BookI = Instance<(typeof Book)["__fields"]>;

async function typed(b: BookI): Promise<void> {
  await b.validateUnique();
  await b.validateUnique({ exclude: ["title", "slug", "authorId", "id"] });
  await b.validate({ exclude: ["slug"], using: "default" });
  expectType<Equal<ReturnType<BookI["validate"]>, Promise<void>>>(true);
  expectType<Equal<ReturnType<BookI["validateUnique"]>, Promise<void>>>(true);
  // @ts-expect-error: no field "titel"
  await b.validateUnique({ exclude: ["titel"] });
  // @ts-expect-error: a foreign key is excluded by its row property, authorId
  await b.validate({ exclude: ["author"] });
  // @ts-expect-error: exclude is an array
  await b.validate({ exclude: "slug" });
  // @ts-expect-error: validate() is async, not a boolean check
  const ok: boolean = b.validate();
  void ok;
}
void typed;

// Untyped options (for code that builds them) take any names.
const loose: ValidateOptions = { exclude: ["anything"] };
void loose;

// @ts-expect-error: a violationErrorMessage is a string
unique({ name: "x", fields: ["a"], violationErrorMessage: 3 });

test("the typed calls run: a collision is a ValidationError under the field", async () => {
  const db = new Database("default", "sqlite::memory:");
  try {
    await createModel(db, Author);
    await createModel(db, Book);
    const a = await Author.objects.using(db).create({ name: "A" });
    const b = await Book.objects.using(db).create({ title: "one", slug: "one", authorId: a.id });
    await b.validate();
    const c = await Book.objects.using(db).create({ title: "two", slug: "two", authorId: a.id });
    c.slug = "one";
    c.title = "one";
    await assert.rejects(c.validate(), (e: unknown) => {
      assert.ok(e instanceof ValidationError);
      assert.deepEqual(Object.keys(e.fields), ["slug", "__all__"]);
      assert.equal(e.fields.__all__?.[0]?.message, "m");
      return true;
    });
    await c.validateUnique({ exclude: ["slug", "title"] });
  } finally {
    await db.close();
  }
});
