/**
 * renameModel end to end on every backend: a model with a unique field, a unique-together set,
 * a declared index, a per-field index, foreign keys both ways and a many-to-many is renamed by
 * makemigrations + migrate; every stored constraint and index name follows the new table (the
 * through model and its table too, as Django renames them); a later migration then drops or
 * alters each of them by its new name, and everything migrates back to zero.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { before, describe, test } from "node:test";
import { backends } from "../orm/db/fixtures/backends.ts";
import {
  type AnyModel,
  type Database,
  f,
  model,
  ModelRegistry,
  mysqlDialect,
  postgresDialect,
  sqliteDialect,
} from "../orm/index.ts";
import type { MigrationsApp } from "./app.ts";
import { tableExists } from "./fixtures/introspect.ts";
import { storedNames } from "./fixtures/names.ts";
import { useScratch } from "./fixtures/scratch.ts";
import { sqlmigrate } from "./inspect.ts";
import { makemigrations } from "./makemigrations.ts";
import { migrate } from "./migrate.ts";

const INDEX = resolve(import.meta.dirname, "index.ts");
const RECORDER = "rnm_migrations";

type Stage = "initial" | "renamed" | "altered";

/** The app's models at each stage, each stage in a registry of its own. */
function models(stage: Stage): AnyModel[] {
  const registry = new ModelRegistry();
  const name = stage === "initial" ? "rnm.Book" : "rnm.Volume";
  const altered = stage === "altered";
  const Tag = model("rnm.Tag", { name: f.string({ maxLength: 9 }) }, { registry });
  const Author = model("rnm.Author", { name: f.string({ maxLength: 9 }) }, { registry });
  const Book = model(
    name,
    {
      code: f.string({ maxLength: 9, unique: !altered }),
      title: f.string({ maxLength: 9 }),
      year: f.int(),
      pages: f.int({ index: !altered }),
      author: f.foreignKey(() => Author, { onDelete: "cascade", null: altered }),
      ...(altered ? {} : { tags: f.manyToMany(() => Tag) }),
    } as never,
    {
      registry,
      ...(altered
        ? {}
        : {
            uniqueTogether: [["title", "year"]],
            indexes: [{ fields: ["year"] }, { fields: ["title", "pages"] }],
          }),
    } as never,
  );
  model(
    "rnm.Review",
    {
      book: f.foreignKey(() => Book as unknown as AnyModel, { onDelete: "cascade", null: altered }),
    },
    { registry },
  );
  return registry.all();
}

const TABLES = [
  "rnm_review",
  "rnm_book_tags",
  "rnm_volume_tags",
  "rnm_book",
  "rnm_volume",
  "rnm_author",
  "rnm_tag",
  RECORDER,
  `${RECORDER}_lock`,
];

/** What each table holds besides its key, named after the table it belongs to. */
const NAMED = ["rnm_volume", "rnm_volume_tags", "rnm_review"];

for (const backend of backends()) {
  describe(`renameModel with constraints, indexes and a many-to-many (${backend.name})`, {
    skip: backend.skip,
  }, () => {
    let db: Database;
    let dir: string;
    const apps = (stage: Stage): MigrationsApp[] => [
      { label: "rnm", models: models(stage), migrationsDir: dir },
    ];
    const to = (name: string) =>
      migrate({ apps: apps("altered"), db, recorderTable: RECORDER, target: { app: "rnm", name } });
    const scratch = useScratch(backend, "flagon-rnm", TABLES);
    before(() => {
      db = scratch.db;
      dir = scratch.dir;
    });

    test("makemigrations writes one renameModel; migrate renames every derived name", async () => {
      await makemigrations({ apps: apps("initial"), importFrom: INDEX });
      await migrate({ apps: apps("initial"), db, recorderTable: RECORDER });
      const before = (await storedNames(db, "rnm_book")).join(" ");
      assert.match(before, /rnm_book_year_idx/);
      assert.match(before, /rnm_book_title_year_uniq/);
      assert.match(before, /rnm_book_author_id_fk_rnm_author/);

      const [made] = await makemigrations({
        apps: apps("renamed"),
        importFrom: INDEX,
        answers: { "rnm.Book=>rnm.Volume": true },
      });
      assert.ok(made !== undefined);
      // The through model follows its model without a question of its own.
      assert.deepEqual(
        made.operations.map((o) => o.toCode("")),
        ['op.renameModel("rnm.Book", "rnm.Volume")'],
      );
      assert.match(readFileSync(made.path, "utf8"), /op\.renameModel/);
      // The replayed state now equals the declared models: nothing left to detect.
      await makemigrations({ apps: apps("renamed"), importFrom: INDEX, check: true });

      await migrate({ apps: apps("renamed"), db, recorderTable: RECORDER });
      for (const t of ["rnm_book", "rnm_book_tags"]) assert.equal(await tableExists(db, t), false);
      for (const t of NAMED) {
        assert.equal(await tableExists(db, t), true, t);
        const names = await storedNames(db, t);
        assert.ok(
          names.every((n) => !n.includes("rnm_book")),
          `${t} keeps an old name: ${names.join(" ")}`,
        );
      }
      const volume = (await storedNames(db, "rnm_volume")).join(" ");
      assert.match(volume, /rnm_volume_year_idx/);
      assert.match(volume, /rnm_volume_title_pages_idx/);
      assert.match(volume, /rnm_volume_title_year_uniq/);
      assert.match(volume, /rnm_volume_pages_idx/);
      if (backend.name !== "sqlite") {
        assert.match(volume, /rnm_volume_author_id_fk_rnm_author/);
        const review = (await storedNames(db, "rnm_review")).join(" ");
        assert.match(review, /rnm_review_book_id_fk_rnm_volume/);
        const tags = (await storedNames(db, "rnm_volume_tags")).join(" ");
        assert.match(tags, /rnm_volume_tags_from_id_fk_rnm_volume/);
        assert.match(tags, /rnm_volume_tags_from_id_to_id_uniq/);
      }
    });

    test("a later migration drops and alters each constraint by its new name", async () => {
      const [made] = await makemigrations({ apps: apps("altered"), importFrom: INDEX });
      assert.ok(made !== undefined);
      const code = made.operations.map((o) => o.toCode("")).join("\n");
      assert.match(code, /op\.removeIndex\("rnm\.Volume", "rnm_volume_year_idx"\)/);
      assert.match(code, /op\.removeIndex\("rnm\.Volume", "rnm_volume_title_pages_idx"\)/);
      assert.match(code, /op\.removeConstraint\("rnm\.Volume", "rnm_volume_title_year_uniq"\)/);
      assert.match(code, /op\.deleteModel\("rnm\.Volume_tags"\)/);
      await makemigrations({ apps: apps("altered"), importFrom: INDEX, check: true });
      await migrate({ apps: apps("altered"), db, recorderTable: RECORDER });
      assert.equal(await tableExists(db, "rnm_volume_tags"), false);
      const volume = await storedNames(db, "rnm_volume");
      assert.ok(!volume.some((n) => /year|uniq|pages|_key$/.test(n)), volume.join(" "));
    });

    test("back to zero through the rename", async () => {
      await to("0002_rename_book_volume");
      assert.equal(await tableExists(db, "rnm_volume_tags"), true);
      await to("0001_initial");
      assert.equal(await tableExists(db, "rnm_book_tags"), true);
      assert.equal(await tableExists(db, "rnm_volume"), false);
      for (const t of ["rnm_book", "rnm_book_tags", "rnm_review"]) {
        const names = await storedNames(db, t);
        assert.ok(
          names.every((n) => !n.includes("rnm_volume")),
          `${t} keeps a new name: ${names.join(" ")}`,
        );
      }
      await to("zero");
      for (const t of TABLES.slice(0, -2)) assert.equal(await tableExists(db, t), false, t);
    });

    test("sqlmigrate shows every statement of the rename", async () => {
      const show = (dialect: typeof postgresDialect) =>
        sqlmigrate({
          apps: apps("altered"),
          dialect,
          target: { app: "rnm", name: "0002_rename_book_volume" },
        });
      const pg = await show(postgresDialect);
      assert.match(pg, /alter table "rnm_book" rename to "rnm_volume";/);
      assert.match(pg, /alter table "rnm_book_tags" rename to "rnm_volume_tags";/);
      assert.match(pg, /alter index "rnm_book_year_idx" rename to "rnm_volume_year_idx";/);
      assert.match(
        pg,
        /alter index "rnm_book_title_pages_idx" rename to "rnm_volume_title_pages_idx";/,
      );
      assert.match(
        pg,
        /rename constraint "rnm_review_book_id_fk_rnm_book" to "rnm_review_book_id_fk_rnm_volume";/,
      );
      const my = await show(mysqlDialect);
      assert.match(my, /rename table `rnm_book` to `rnm_volume`;/);
      assert.match(my, /rename table `rnm_book_tags` to `rnm_volume_tags`;/);
      assert.match(my, /drop foreign key `rnm_review_book_id_fk_rnm_book`;/);
      const lite = await show(sqliteDialect);
      assert.match(lite, /alter table "rnm_book" rename to "rnm_volume";/);
      // SQLite keeps constraint names in the CREATE text: the tables are rebuilt under the new ones.
      assert.match(lite, /create table "new__rnm_volume" \(/);
      assert.match(lite, /constraint "rnm_volume_title_year_uniq" unique/);
      assert.match(lite, /create table "new__rnm_review" \(/);
      assert.match(lite, /constraint "rnm_review_book_id_fk_rnm_volume" foreign key/);
      assert.match(lite, /create index "rnm_volume_year_idx"/);
    });
  });
}
