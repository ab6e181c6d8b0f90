/**
 * Every schema operation, forwards and backwards, on each backend, through hand-written
 * migration files: the real schema is read back after each step.
 */
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { before, describe, test } from "node:test";
import { backends } from "../orm/db/fixtures/backends.ts";
import { type Database, sql } from "../orm/index.ts";
import type { MigrationsApp } from "./app.ts";
import { ERR_MIGRATIONS_IRREVERSIBLE } from "./errors.ts";
import { columns, columnNames, tableExists } from "./fixtures/introspect.ts";
import { migrate } from "./migrate.ts";
import { useScratch } from "./fixtures/scratch.ts";

const INDEX = resolve(import.meta.dirname, "index.ts");
/** This file's own recorder (and so its own lock): test files run side by side. */
const RECORDER_TABLE = "mgo_migrations";
const TABLES = ["mgo_parent", "mgo_child", "mgo_kid", RECORDER_TABLE, `${RECORDER_TABLE}_lock`];

const FILES: Record<string, string> = {
  "0001_initial": `[
    op.createModel("mgo.Parent", {
      id: { kind: "bigAuto", primaryKey: true },
      code: { kind: "string", maxLength: 10, unique: true },
    }, { table: "mgo_parent" }),
    op.createModel("mgo.Child", {
      id: { kind: "bigAuto", primaryKey: true },
      parent: { kind: "foreignKey", to: "mgo.Parent", onDelete: "cascade", index: true },
      n: { kind: "int", null: true },
      label: { kind: "string", maxLength: 10 },
    }, { table: "mgo_child" }),
  ]`,
  "0002_alter": `[
    op.alterField("mgo.Child", "label", { kind: "string", maxLength: 30, null: true }),
    op.alterField("mgo.Child", "n", { kind: "bigint", index: true }),
    op.alterField("mgo.Parent", "code", { kind: "string", maxLength: 10 }),
  ]`,
  "0003_rename": `[
    op.renameModel("mgo.Child", "mgo.Kid"),
    op.renameField("mgo.Kid", "label", "title"),
    op.removeField("mgo.Kid", "parent"),
    op.addIndex("mgo.Kid", { name: "mgo_kid_title_ix", fields: ["title"] }),
    op.addConstraint("mgo.Kid", { name: "mgo_kid_n_title_uniq", fields: ["n", "title"] }),
  ]`,
  "0004_cleanup": `[
    op.removeIndex("mgo.Kid", "mgo_kid_title_ix"),
    op.removeConstraint("mgo.Kid", "mgo_kid_n_title_uniq"),
    op.runSql("update mgo_parent set code = code", "update mgo_parent set code = code"),
    op.deleteModel("mgo.Kid"),
  ]`,
};

function writeAll(dir: string): void {
  let prev: string | undefined;
  for (const [name, ops] of Object.entries(FILES)) {
    const deps = prev === undefined ? "[]" : `[["mgo", "${prev}"]]`;
    writeFileSync(
      join(dir, `${name}.ts`),
      `import { migration, op } from ${JSON.stringify(INDEX)};\nexport default migration({ dependencies: ${deps}, operations: ${ops} });\n`,
    );
    prev = name;
  }
}

for (const backend of backends()) {
  describe(`migration operations (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    let dir: string;
    let apps: MigrationsApp[];
    const to = (name: string) =>
      migrate({ apps, db, recorderTable: RECORDER_TABLE, target: { app: "mgo", name } });
    const nullable = async (table: string, col: string) =>
      (await columns(db, table)).find((c) => c.name === col)?.nullable;
    const scratch = useScratch(backend, "flagon-ops", [...TABLES].reverse());
    before(() => {
      if (backend.skip) return;
      db = scratch.db;
      dir = scratch.dir;
      writeAll(dir);
      apps = [{ label: "mgo", models: [], migrationsDir: dir }];
    });

    test("create model, then alter fields (type, null, unique, index)", async () => {
      await to("0001_initial");
      assert.deepEqual(await columnNames(db, "mgo_child"), ["id", "label", "n", "parent_id"]);
      await db.execute(sql`insert into mgo_parent (code) values ('a')`);
      await assert.rejects(db.execute(sql`insert into mgo_parent (code) values ('a')`));
      assert.equal(await nullable("mgo_child", "label"), false);
      await to("0002_alter");
      assert.equal(await nullable("mgo_child", "label"), true);
      assert.equal(await nullable("mgo_child", "n"), false);
      // The unique constraint is gone: a duplicate code is accepted now.
      await db.execute(sql`insert into mgo_parent (code) values ('a')`);
      await db.execute(
        sql`delete from mgo_parent where id > (select m from (select min(id) as m from mgo_parent) x)`,
      );
    });

    test("rename model and field, remove a foreign key, add index and constraint", async () => {
      await to("0003_rename");
      assert.equal(await tableExists(db, "mgo_child"), false);
      assert.deepEqual(await columnNames(db, "mgo_kid"), ["id", "n", "title"]);
      await db.execute(sql`insert into mgo_kid (n, title) values (1, 'x')`);
      await assert.rejects(db.execute(sql`insert into mgo_kid (n, title) values (1, 'x')`));
      await to("0004_cleanup");
      assert.equal(await tableExists(db, "mgo_kid"), false);
    });

    test("each step back restores the schema before it", async () => {
      await to("0003_rename");
      assert.deepEqual(await columnNames(db, "mgo_kid"), ["id", "n", "title"]);
      await db.execute(sql`insert into mgo_kid (n, title) values (2, 'y')`);
      await assert.rejects(db.execute(sql`insert into mgo_kid (n, title) values (2, 'y')`));
      // Re-adding the NOT NULL foreign key needs an empty table (it has no default to fill rows).
      await db.execute(sql`delete from mgo_kid`);
      await to("0002_alter");
      assert.equal(await tableExists(db, "mgo_kid"), false);
      assert.deepEqual(await columnNames(db, "mgo_child"), ["id", "label", "n", "parent_id"]);
      await db.execute(sql`delete from mgo_child`);
      await to("0001_initial");
      assert.equal(await nullable("mgo_child", "label"), false);
      assert.equal(await nullable("mgo_child", "n"), true);
      await assert.rejects(db.execute(sql`insert into mgo_parent (code) values ('a')`));
      await to("zero");
      assert.equal(await tableExists(db, "mgo_parent"), false);
    });

    test("plan only plans; fake only records", async () => {
      const planned = await migrate({ apps, db, recorderTable: RECORDER_TABLE, plan: true });
      assert.deepEqual(
        planned.steps.map((s) => s.key),
        ["mgo.0001_initial", "mgo.0002_alter", "mgo.0003_rename", "mgo.0004_cleanup"],
      );
      assert.equal(await tableExists(db, "mgo_parent"), false);
      await migrate({
        apps,
        db,
        recorderTable: RECORDER_TABLE,
        fake: true,
        target: { app: "mgo", name: "0001" },
      });
      assert.equal(await tableExists(db, "mgo_parent"), false);
      const rest = await migrate({ apps, db, recorderTable: RECORDER_TABLE, plan: true });
      assert.equal(rest.steps.length, 3);
      await migrate({
        apps,
        db,
        recorderTable: RECORDER_TABLE,
        fake: true,
        target: { app: "mgo", name: "zero" },
      });
    });

    test("raw SQL without a reverse cannot be unapplied", async () => {
      writeFileSync(
        join(dir, "0005_oneway.ts"),
        `import { migration, op } from ${JSON.stringify(INDEX)};\nexport default migration({ dependencies: [["mgo", "0004_cleanup"]], operations: [op.runSql("select 1")] });\n`,
      );
      await migrate({ apps, db, recorderTable: RECORDER_TABLE });
      await assert.rejects(
        to("0004_cleanup"),
        (e: unknown) => (e as { code?: string }).code === ERR_MIGRATIONS_IRREVERSIBLE,
      );
      rmSync(join(dir, "0005_oneway.ts"));
    });
  });
}
