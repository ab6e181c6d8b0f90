/**
 * validateUnique() and validate() against real rows on each backend: unique fields, the primary
 * key of a new instance, uniqueTogether sets, unique indexes, unique() constraints with and
 * without a condition or a message; NULLs, exclude, several failures at once, the instance's
 * own row left out, and the database an instance belongs to (a sqlite pair, routed).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { configureDatabases } from "../db/index.ts";
import { backends, useDatabase } from "../db/fixtures/backends.ts";
import { createModel } from "../schema/schema-editor.ts";
import { check, type ConstraintError, NON_FIELD_ERRORS, unique } from "./constraints.ts";
import { ERR_ORM_MODEL, ERR_ORM_QUERY, type FieldError, ValidationError } from "./errors.ts";
import { f } from "./fields.ts";
import { build } from "./instance.ts";
import { model } from "./model.ts";
import { ModelRegistry } from "./registry.ts";
import type { Instance } from "./types.ts";

const registry = new ModelRegistry();
const Author = model(
  "vu.Author",
  { name: f.string({ maxLength: 30 }) },
  { table: "flg_vu_author", registry },
);
const Book = model(
  "vu.Book",
  {
    title: f.string({ maxLength: 20 }),
    slug: f.slug({ unique: true, null: true, verboseName: "web address" }),
    isbn: f.string({ maxLength: 13, unique: true, null: true }),
    author: f.foreignKey(() => Author, { onDelete: "cascade" }),
    edition: f.int({ null: true }),
    shelf: f.string({ maxLength: 5, null: true }),
    published: f.boolean({ default: true }),
    code: f.string({ maxLength: 10, null: true }),
    serial: f.int({ null: true }),
    pages: f.int({ default: 100 }),
  },
  {
    table: "flg_vu_book",
    registry,
    verboseName: "book item",
    uniqueTogether: [["title", "author"]],
    indexes: [
      { fields: ["shelf", "edition"], unique: true, name: "flg_vu_book_shelf_ed" },
      // The same set as the unique field: checked (and reported) once.
      { fields: ["slug"], unique: true, name: "flg_vu_book_slug_again" },
    ],
    constraints: [
      unique({ name: "vu_book_title_edition", fields: ["title", "edition"] }),
      unique({ name: "vu_book_shelf_pub", fields: ["shelf"], condition: { published: true } }),
      unique({ name: "vu_book_code", fields: ["code"], violationErrorMessage: "Code taken." }),
      unique({ name: "vu_book_serial", fields: ["serial"] }),
      check({
        name: "vu_book_pages",
        condition: { pages: { gte: 1 } },
        violationErrorMessage: "At least one page.",
      }),
    ],
  },
);

type BookI = Instance<(typeof Book)["__fields"]>;
type Row = Record<string, unknown>;

/** A new, unsaved instance (as `Book(...)` in Django). */
const fresh = (row: Row): BookI => build(Book.meta, row) as unknown as BookI;

/** The failures a validation reports, as `{ field: [code, ...] }`; `{}` when it passes. */
async function codes(run: Promise<void>): Promise<Record<string, string[]>> {
  try {
    await run;
    return {};
  } catch (e) {
    assert.ok(e instanceof ValidationError, String(e));
    return Object.fromEntries(
      Object.entries(e.fields).map(([k, v]) => [k, v.map((x: FieldError) => x.code)]),
    );
  }
}

/** The single ValidationError `run` throws. */
async function failure(run: Promise<void>): Promise<ValidationError> {
  try {
    await run;
  } catch (e) {
    assert.ok(e instanceof ValidationError, String(e));
    return e;
  }
  assert.fail("no ValidationError");
}

for (const backend of backends()) {
  describe(`validateUnique (${backend.name})`, { skip: backend.skip }, () => {
    const h = useDatabase(backend, ["flg_vu_author", "flg_vu_book"]);
    let author = 0;
    let other = 0;
    let first: BookI;
    const base = () => ({ title: "Dune", authorId: author });

    before(async () => {
      if (backend.skip) return;
      await createModel(h.db, Author);
      await createModel(h.db, Book);
      author = (await Author.objects.using(h.db).create({ name: "Frank" })).id;
      other = (await Author.objects.using(h.db).create({ name: "Ursula" })).id;
      first = await Book.objects.using(h.db).create({
        ...base(),
        slug: "dune",
        isbn: "9780441013593",
        edition: 1,
        shelf: "A1",
        code: "C1",
        serial: 7,
      });
      // Outside the conditional constraint: unpublished.
      await Book.objects.using(h.db).create({
        title: "Draft",
        authorId: author,
        shelf: "B2",
        published: false,
      });
    });

    test("a unique field: Django's message under the field, for a new instance", async () => {
      const e = await failure(
        fresh({ title: "Other", authorId: other, slug: "dune" }).validateUnique({ using: h.db }),
      );
      assert.deepEqual(e.fields, {
        slug: [{ code: "unique", message: "Book item with this Web address already exists." }],
      });
      assert.equal(e.code, "FLG_ERR_ORM_VALIDATION");
      assert.equal(e.status, 400);
      // Text columns are case-sensitive on every backend (utf8mb4_bin on MariaDB), and so is `=`.
      await fresh({ title: "Other", authorId: other, slug: "DUNE" }).validateUnique({
        using: h.db,
      });
      // No collision: nothing thrown.
      await fresh({ title: "Other", authorId: other, slug: "dune-2" }).validateUnique({
        using: h.db,
      });
    });

    test("a stored instance leaves its own row out, and is checked on its database", async () => {
      // No `using`: a loaded instance is checked where it came from.
      const loaded = await Book.objects.using(h.db).get({ id: first.id });
      await loaded.validateUnique();
      await first.validateUnique();
      const second = await Book.objects.using(h.db).create({ title: "Emma", authorId: other });
      second.slug = "dune";
      second.isbn = "9780441013593";
      assert.deepEqual(await codes(second.validateUnique()), {
        slug: ["unique"],
        isbn: ["unique"],
      });
      await second.delete();
      // Deleted, it is a new instance again: the key is not its own row's any more.
      assert.deepEqual(await codes(second.validateUnique({ using: h.db })), {
        slug: ["unique"],
        isbn: ["unique"],
      });
    });

    test("the primary key of a new instance is checked; a stored one's is not", async () => {
      const e = await failure(
        fresh({ id: first.id, title: "Other", authorId: other }).validateUnique({ using: h.db }),
      );
      assert.deepEqual(e.fields, {
        id: [{ code: "unique", message: "Book item with this ID already exists." }],
      });
      await fresh({ id: first.id + 1000, title: "Other", authorId: other }).validateUnique({
        using: h.db,
      });
    });

    test("NULLs never collide (SQL semantics)", async () => {
      await Book.objects.using(h.db).create({ title: "Null 1", authorId: author });
      // The stored rows hold NULL slug/isbn/code/serial/edition too: no collision.
      await fresh({ title: "Null 2", authorId: author }).validateUnique({ using: h.db });
      // shelf + edition: the shelf matches, the edition is NULL, so the index cannot collide.
      await fresh({
        title: "Null 3",
        authorId: author,
        shelf: "A1",
        published: false,
      }).validateUnique({ using: h.db });
    });

    test("unique sets: uniqueTogether, a unique index, a unique() constraint", async () => {
      const e = await failure(fresh(base()).validateUnique({ using: h.db }));
      assert.deepEqual(e.fields, {
        [NON_FIELD_ERRORS]: [
          {
            code: "unique_together",
            message: "Book item with this Title and Author already exists.",
          },
        ],
      });
      const ix = await failure(
        fresh({
          title: "X",
          authorId: other,
          shelf: "A1",
          edition: 1,
          published: false,
        }).validateUnique({ using: h.db }),
      );
      assert.deepEqual(ix.fields, {
        [NON_FIELD_ERRORS]: [
          {
            code: "unique_together",
            message: "Book item with this Shelf and Edition already exists.",
          },
        ],
      });
      const c = await failure(
        fresh({ title: "Dune", authorId: other, edition: 1 }).validateUnique({ using: h.db }),
      );
      assert.deepEqual(c.fields, {
        [NON_FIELD_ERRORS]: [
          {
            code: "unique_together",
            message: "Book item with this Title and Edition already exists.",
            constraint: "vu_book_title_edition",
          },
        ],
      });
      // A one-field unique() reports under its field, as a unique field does.
      const s = await failure(
        fresh({ title: "X", authorId: other, serial: 7 }).validateUnique({ using: h.db }),
      );
      assert.deepEqual(s.fields, {
        serial: [
          {
            code: "unique",
            message: "Book item with this Serial already exists.",
            constraint: "vu_book_serial",
          },
        ],
      });
    });

    test("a constraint's violationErrorMessage replaces the default", async () => {
      const e = await failure(
        fresh({ title: "X", authorId: other, code: "C1" }).validateUnique({ using: h.db }),
      );
      const expected: ConstraintError = {
        code: "constraint",
        message: "Code taken.",
        constraint: "vu_book_code",
      };
      assert.deepEqual(e.fields, { [NON_FIELD_ERRORS]: [expected] });
    });

    test("a conditional unique: checked only when the instance meets the condition", async () => {
      const shelf = (row: Row) =>
        codes(fresh({ title: "X", authorId: other, ...row }).validateUnique({ using: h.db }));
      // A1 is held by a published row: a published newcomer collides...
      const e = await failure(
        fresh({ title: "X", authorId: other, shelf: "A1" }).validateUnique({ using: h.db }),
      );
      assert.deepEqual(e.fields, {
        [NON_FIELD_ERRORS]: [
          {
            code: "constraint",
            message: 'Constraint "vu_book_shelf_pub" is violated',
            constraint: "vu_book_shelf_pub",
          },
        ],
      });
      // ...an unpublished one is outside the condition.
      assert.deepEqual(await shelf({ shelf: "A1", published: false }), {});
      // B2 is held only by an unpublished row: the query applies the condition to it too.
      assert.deepEqual(await shelf({ shelf: "B2" }), {});
      // The condition reads an excluded field: the constraint is skipped.
      assert.deepEqual(
        await codes(
          fresh({ title: "X", authorId: other, shelf: "A1" }).validateUnique({
            using: h.db,
            exclude: ["published"],
          }),
        ),
        {},
      );
    });

    test("every failure at once, under its field or __all__", async () => {
      const clash = fresh({
        ...base(),
        slug: "dune",
        isbn: "9780441013593",
        edition: 1,
        shelf: "A1",
        code: "C1",
        serial: 7,
      });
      assert.deepEqual(await codes(clash.validateUnique({ using: h.db })), {
        slug: ["unique"],
        isbn: ["unique"],
        serial: ["unique"],
        [NON_FIELD_ERRORS]: [
          "unique_together",
          "unique_together",
          "unique_together",
          "constraint",
          "constraint",
        ],
      });
      const names = (await failure(clash.validateUnique({ using: h.db }))).fields[
        NON_FIELD_ERRORS
      ]!.map((x) => (x as Partial<ConstraintError>).constraint);
      assert.deepEqual(names, [
        undefined,
        undefined,
        "vu_book_title_edition",
        "vu_book_shelf_pub",
        "vu_book_code",
      ]);
    });

    test("exclude skips a field and every set it is part of", async () => {
      const clash = fresh({ ...base(), slug: "dune", edition: 1 });
      assert.deepEqual(await codes(clash.validateUnique({ using: h.db, exclude: ["slug"] })), {
        [NON_FIELD_ERRORS]: ["unique_together", "unique_together"],
      });
      // A foreign key by row property or by field name.
      assert.deepEqual(
        await codes(clash.validateUnique({ using: h.db, exclude: ["slug", "authorId"] })),
        { [NON_FIELD_ERRORS]: ["unique_together"] },
      );
      assert.deepEqual(
        await codes(
          clash.validateUnique({ using: h.db, exclude: ["slug", "author", "edition"] } as never),
        ),
        {},
      );
      await assert.rejects(
        clash.validateUnique({ using: h.db, exclude: ["nope"] } as never),
        (e: unknown) =>
          (e as { code?: string }).code === ERR_ORM_QUERY && /no field "nope"/.test(String(e)),
      );
    });

    test("fields loaded with only() are not checked (their values are unknown)", async () => {
      // Typed as an instance: only()'s narrowed type is not the subject here.
      const partial = (await Book.objects
        .using(h.db)
        .only("title")
        .get({ id: first.id })) as unknown as BookI;
      assert.equal(partial.slug, undefined);
      await partial.validateUnique();
    });

    test("validate(): fullClean() and the unique sets, merged by field", async () => {
      await first.validate();
      const bad = fresh({ ...base(), slug: "dune", isbn: "9780441013593", pages: 0 });
      assert.deepEqual(await codes(bad.validate({ using: h.db })), {
        slug: ["unique"],
        isbn: ["unique"],
        [NON_FIELD_ERRORS]: ["constraint", "unique_together"],
      });
      // A field that fails fullClean() is not queried for: its value is wrong anyway.
      const long = fresh({ title: "x".repeat(30), authorId: author, slug: "dune" });
      assert.deepEqual(await codes(long.validate({ using: h.db })), {
        title: ["max_length"],
        slug: ["unique"],
      });
      const badSlug = fresh({ title: "Fine", authorId: other, slug: "dune!" });
      assert.deepEqual(await codes(badSlug.validate({ using: h.db })), { slug: ["invalid"] });
      // exclude applies to both halves.
      assert.deepEqual(await codes(long.validate({ using: h.db, exclude: ["title", "slug"] })), {});
      await fresh({ title: "Fine", authorId: other }).validate({ using: h.db });
    });
  });
}

test("a field cannot be named validate or validateUnique (it would hide the method)", () => {
  for (const name of ["validate", "validateUnique"])
    assert.throws(
      () => model("vu.Clash", { [name]: f.int() }, { registry }),
      (e: unknown) =>
        (e as { code?: string }).code === ERR_ORM_MODEL &&
        String(e).includes(`"${name}" cannot be a field name`),
    );
});

test("violationErrorMessage: a check constraint's fullClean() message; a string or nothing", () => {
  const obj = fresh({ title: "T", authorId: 1, pages: 0 });
  try {
    obj.fullClean();
    assert.fail("no ValidationError");
  } catch (e) {
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(e.fields[NON_FIELD_ERRORS], [
      { code: "constraint", message: "At least one page.", constraint: "vu_book_pages" },
    ]);
  }
  assert.throws(
    () =>
      model(
        "vu.Empty",
        { a: f.int() },
        {
          registry,
          constraints: [unique({ name: "e", fields: ["a"], violationErrorMessage: "" })],
        },
      ),
    (e: unknown) =>
      (e as { code?: string }).code === ERR_ORM_MODEL && /non-empty string/.test(String(e)),
  );
});

describe("validateUnique on a non-default database", () => {
  const Note = model(
    "vunote.Note",
    { key: f.string({ maxLength: 10, unique: true }) },
    { table: "flg_vu_note", registry },
  );
  // Writes of the vunote app go to "notes", as save() would route them.
  const dbs = configureDatabases(
    { default: "sqlite::memory:", notes: "sqlite::memory:" },
    {
      routers: [{ dbForWrite: (hints) => (hints.model === "vunote.Note" ? "notes" : undefined) }],
    },
  );
  after(() => dbs.closeAll());
  const make = (key: string) =>
    build(Note.meta, { key }) as unknown as Instance<(typeof Note)["__fields"]>;

  before(async () => {
    await createModel(dbs.get("default"), Note);
    await createModel(dbs.get("notes"), Note);
    await Note.objects.using("notes").create({ key: "a" });
    await Note.objects.using("default").create({ key: "b" });
  });

  test("a new instance is checked where save() would write it (the router's choice)", async () => {
    assert.deepEqual(await codes(make("a").validateUnique()), { key: ["unique"] });
    await make("b").validateUnique();
    // `using` overrides the router.
    assert.deepEqual(await codes(make("b").validateUnique({ using: "default" })), {
      key: ["unique"],
    });
  });

  test("a loaded instance is checked on the database it came from", async () => {
    const b = await Note.objects.using("default").get({ key: "b" });
    b.key = "a";
    // "a" exists only on notes; b lives on default.
    await b.validateUnique();
    const a2 = await Note.objects.using("notes").create({ key: "c" });
    a2.key = "a";
    assert.deepEqual(await codes(a2.validateUnique()), { key: ["unique"] });
  });
});
