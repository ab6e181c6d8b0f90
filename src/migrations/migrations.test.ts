/**
 * End to end on each backend: declare models, makemigrations writes files, migrate, change the
 * models, makemigrations again (a rename answered non-interactively), migrate, a hand-written
 * data migration with historical models, migrate back, a failing migration, the lock. The real
 * schema is read back from the database's catalog at every step.
 */
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { before, describe, test } from "node:test";
import { backends } from "../orm/db/fixtures/backends.ts";
import { type AnyModel, Database, f, model, sql } from "../orm/index.ts";
import type { MigrationsApp } from "./app.ts";
import {
  ERR_MIGRATIONS_CHANGES,
  ERR_MIGRATIONS_LOCKED,
  ERR_MIGRATIONS_QUESTION,
} from "./errors.ts";
import { columnNames, columns, tableExists } from "./fixtures/introspect.ts";
import { formatShowmigrations, showmigrations, sqlmigrate } from "./inspect.ts";
import { acquireLock } from "./lock.ts";
import { makemigrations } from "./makemigrations.ts";
import { migrate } from "./migrate.ts";
import { useScratch } from "./fixtures/scratch.ts";
import { RECORDER_TABLE } from "./recorder.ts";

const INDEX = resolve(import.meta.dirname, "index.ts");
const TABLES = ["mge_note", "mge_author", "mge_book", RECORDER_TABLE, "flagon_migrations_lock"];

function v1(): AnyModel[] {
  const Author = model("mge.Author", { name: f.string({ maxLength: 100 }) });
  const Book = model("mge.Book", {
    title: f.string({ maxLength: 200 }),
    author: f.foreignKey(() => Author, { onDelete: "cascade" }),
    pages: f.int(),
  });
  return [Author, Book];
}

function v2(): AnyModel[] {
  const Author = model("mge.Author", { name: f.string({ maxLength: 150 }) });
  const Book = model(
    "mge.Book",
    {
      title: f.string({ maxLength: 200 }),
      author: f.foreignKey(() => Author, { onDelete: "cascade" }),
      pageCount: f.int(),
      isbn: f.string({ maxLength: 20, null: true }),
      published: f.boolean({ default: false }),
    },
    {
      indexes: [{ fields: ["title"], name: "mge_book_title_ix" }],
      uniqueTogether: [["title", "author"]],
    },
  );
  return [Author, Book];
}

const errCode = (code: string) => (e: unknown) => (e as { code?: string }).code === code;

for (const backend of backends()) {
  describe(`migrations end to end (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    let dir: string;
    let second = "";
    const app = (models: AnyModel[]): MigrationsApp[] => [
      { label: "mge", models, migrationsDir: dir },
    ];
    // Children first: the book table points at the author table.
    const scratch = useScratch(backend, "flagon-mig", [...TABLES].reverse());
    before(() => {
      db = scratch.db;
      dir = scratch.dir;
    });

    test("makemigrations writes 0001_initial; migrate creates the tables", async () => {
      const made = await makemigrations({ apps: app(v1()), importFrom: INDEX });
      assert.deepEqual(
        made.map((m) => m.name),
        ["0001_initial"],
      );
      const text = readFileSync(join(dir, "0001_initial.ts"), "utf8");
      assert.match(text, /op\.createModel\("mge\.Author"/);
      assert.ok(text.indexOf('"mge.Author"') < text.indexOf('"mge.Book"'));
      await makemigrations({ apps: app(v1()), importFrom: INDEX, check: true });
      const res = await migrate({ apps: app(v1()), db });
      assert.equal(res.steps.length, 1);
      assert.deepEqual(await columnNames(db, "mge_book"), ["author_id", "id", "pages", "title"]);
      assert.deepEqual(await columnNames(db, "mge_author"), ["id", "name"]);
      await db.execute(sql`insert into mge_author (name) values ('Ann')`);
      const { rows } = await db.query<{ id: number }>(sql`select id from mge_author`);
      await db.execute(
        sql`insert into mge_book (title, author_id, pages) values ('T', ${rows[0]!.id}, 42)`,
      );
      assert.equal((await migrate({ apps: app(v1()), db })).steps.length, 0);
    });

    test("changed models: check fails, a rename must be answered, 0002 migrates data", async () => {
      await assert.rejects(
        makemigrations({ apps: app(v2()), importFrom: INDEX, check: true }),
        errCode(ERR_MIGRATIONS_CHANGES),
      );
      await assert.rejects(
        makemigrations({ apps: app(v2()), importFrom: INDEX }),
        errCode(ERR_MIGRATIONS_QUESTION),
      );
      const made = await makemigrations({
        apps: app(v2()),
        importFrom: INDEX,
        answers: { "mge.Book.pages=>pageCount": true },
      });
      assert.equal(made.length, 1);
      second = made[0]!.name;
      const types = made[0]!.operations.map((o) => o.type);
      assert.ok(types.includes("renameField"), types.join());
      assert.ok(!types.includes("removeField"), types.join());
      await migrate({ apps: app(v2()), db });
      assert.deepEqual(await columnNames(db, "mge_book"), [
        "author_id",
        "id",
        "isbn",
        "page_count",
        "published",
        "title",
      ]);
      const cols = await columns(db, "mge_book");
      assert.equal(cols.find((c) => c.name === "isbn")!.nullable, true);
      assert.equal(cols.find((c) => c.name === "published")!.nullable, false);
      const { rows } = await db.query<{ page_count: number; published: unknown }>(
        sql`select page_count, published from mge_book`,
      );
      assert.equal(Number(rows[0]!.page_count), 42);
      assert.equal(Boolean(rows[0]!.published), false);
      // The unique constraint over (title, author) now holds.
      const a = await db.query<{ id: number }>(sql`select id from mge_author`);
      await assert.rejects(
        db.execute(
          sql`insert into mge_book (title, author_id, page_count, published) values ('T', ${a.rows[0]!.id}, 1, ${false})`,
        ),
      );
      await makemigrations({ apps: app(v2()), importFrom: INDEX, check: true });
    });

    test("a data migration sees historical models; showmigrations and sqlmigrate", async () => {
      writeFileSync(
        join(dir, "0003_add_author.ts"),
        `import { migration, op } from ${JSON.stringify(INDEX)};
export default migration({
  dependencies: [["mge", ${JSON.stringify(second)}]],
  operations: [
    op.runCode(
      async function addAuthor({ db, model }) {
        const Author = model("mge.Author");
        await Author.objects.using(db).create({ name: "From migration" });
      },
      async function removeAuthor({ db, model }) {
        await model("mge.Author").objects.using(db).filter({ name: "From migration" }).delete();
      },
    ),
  ],
});
`,
      );
      const names = (await showmigrations({ apps: app(v2()), db })).map((s) => s.name);
      assert.equal(names.length, 3, names.join());
      await migrate({ apps: app(v2()), db });
      const { rows } = await db.query(sql`select * from mge_author where name = 'From migration'`);
      assert.equal(rows.length, 1);
      const shown = formatShowmigrations(await showmigrations({ apps: app(v2()), db }));
      assert.match(shown, /\[X\] 0003_add_author/);
      const text = await sqlmigrate({
        apps: app(v2()),
        dialect: (await db.driver()).dialect,
        target: { app: "mge", name: names[1]! },
      });
      assert.match(text, /rename column/i);
      const code = await sqlmigrate({
        apps: app(v2()),
        dialect: (await db.driver()).dialect,
        target: { app: "mge", name: "0003_add_author" },
      });
      assert.match(code, /code: addAuthor, not SQL/);
    });

    test("migrate back to 0001 restores the schema and the renamed column's data", async () => {
      const res = await migrate({ apps: app(v2()), db, target: { app: "mge", name: "0001" } });
      assert.equal(res.steps.length, 2);
      assert.ok(res.steps.every((s) => s.backwards));
      assert.deepEqual(await columnNames(db, "mge_book"), ["author_id", "id", "pages", "title"]);
      assert.deepEqual(await columnNames(db, "mge_author"), ["id", "name"]);
      const { rows } = await db.query<{ pages: number }>(sql`select pages from mge_book`);
      assert.equal(Number(rows[0]!.pages), 42);
      const authors = await db.query(sql`select * from mge_author`);
      assert.equal(authors.rows.length, 1);
    });

    test("a failing migration leaves the database as it was and unrecorded", async () => {
      await migrate({ apps: app(v2()), db });
      writeFileSync(
        join(dir, "0004_broken.ts"),
        `import { migration, op } from ${JSON.stringify(INDEX)};
export default migration({
  dependencies: [["mge", "0003_add_author"]],
  operations: [
    op.createModel("mge.Note", { id: { kind: "bigAuto", primaryKey: true }, body: { kind: "text" } }, { table: "mge_note" }),
    op.addField("mge.Author", "nick", { kind: "string", maxLength: 30, null: true }),
    op.runSql("insert into no_such_table_mge values (1)"),
  ],
});
`,
      );
      await assert.rejects(migrate({ apps: app(v2()), db }));
      assert.equal(await tableExists(db, "mge_note"), false);
      assert.deepEqual(await columnNames(db, "mge_author"), ["id", "name"]);
      const status = await showmigrations({ apps: app(v2()), db });
      assert.equal(status.find((s) => s.name === "0004_broken")!.applied, false);
      rmSync(join(dir, "0004_broken.ts"));
    });

    test("the lock keeps a second migrate out", async () => {
      const release = await acquireLock(db);
      const other = new Database("other", backend.url);
      try {
        if (backend.name !== "sqlite")
          await assert.rejects(
            migrate({ apps: app(v2()), db: other }),
            errCode(ERR_MIGRATIONS_LOCKED),
          );
        await assert.rejects(acquireLock(db), errCode(ERR_MIGRATIONS_LOCKED));
      } finally {
        await release();
        await other.close();
      }
      const again = await acquireLock(db);
      await again();
    });

    test("migrate to zero drops every table of the app", async () => {
      await migrate({ apps: app(v2()), db, target: { app: "mge", name: "zero" } });
      assert.equal(await tableExists(db, "mge_book"), false);
      assert.equal(await tableExists(db, "mge_author"), false);
    });
  });
}
