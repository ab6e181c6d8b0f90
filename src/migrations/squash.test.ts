/**
 * squashmigrations on each backend: a database part-way through the originals finishes them and
 * then counts the squashed migration as applied; a fresh one runs only the squashed migration.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { before, describe, test } from "node:test";
import { backends } from "../orm/db/fixtures/backends.ts";
import { type Database, sql } from "../orm/index.ts";
import type { MigrationsApp } from "./app.ts";
import { columnNames, tableExists } from "./fixtures/introspect.ts";
import { showmigrations } from "./inspect.ts";
import { migrate } from "./migrate.ts";
import { useScratch } from "./fixtures/scratch.ts";
import { squashmigrations } from "./squash.ts";

const INDEX = resolve(import.meta.dirname, "index.ts");
/** This file's own recorder (and so its own lock): test files run side by side. */
const RECORDER_TABLE = "mgs_migrations";
const OPS: Record<string, string> = {
  "0001_initial": `op.createModel("mgs.Item", { id: { kind: "bigAuto", primaryKey: true } }, { table: "mgs_item" })`,
  "0002_item_x": `op.addField("mgs.Item", "x", { kind: "int", null: true })`,
  "0003_item_y": `op.addField("mgs.Item", "y", { kind: "int", null: true })`,
};

for (const backend of backends()) {
  describe(`squashmigrations (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    let dir: string;
    let apps: MigrationsApp[];
    const scratch = useScratch(backend, "flagon-squash", ["mgs_item", RECORDER_TABLE]);
    before(() => {
      if (backend.skip) return;
      db = scratch.db;
      dir = scratch.dir;
      let prev: string | undefined;
      for (const [name, o] of Object.entries(OPS)) {
        const deps = prev === undefined ? "[]" : `[["mgs", "${prev}"]]`;
        writeFileSync(
          join(dir, `${name}.ts`),
          `import { migration, op } from ${JSON.stringify(INDEX)};\nexport default migration({ dependencies: ${deps}, operations: [${o}] });\n`,
        );
        prev = name;
      }
      apps = [{ label: "mgs", models: [], migrationsDir: dir }];
    });

    test("a database part-way through the originals finishes them", async () => {
      await migrate({
        apps,
        db,
        recorderTable: RECORDER_TABLE,
        target: { app: "mgs", name: "0002_item_x" },
      });
      const { name, path } = await squashmigrations({
        apps,
        app: "mgs",
        to: "0003_item_y",
        importFrom: INDEX,
      });
      assert.equal(name, "0001_squashed_0003");
      assert.match(readFileSync(path, "utf8"), /replaces: \[/);
      const res = await migrate({ apps, db, recorderTable: RECORDER_TABLE });
      assert.deepEqual(
        res.steps.map((s) => s.key),
        ["mgs.0003_item_y"],
      );
      assert.deepEqual(await columnNames(db, "mgs_item"), ["id", "x", "y"]);
      const shown = await showmigrations({ apps, db, recorderTable: RECORDER_TABLE });
      assert.deepEqual(
        shown.map((s) => [s.name, s.applied]),
        [["0001_squashed_0003", true]],
      );
    });

    test("back to zero, then a fresh run uses only the squashed migration", async () => {
      await migrate({
        apps,
        db,
        recorderTable: RECORDER_TABLE,
        target: { app: "mgs", name: "zero" },
      });
      assert.equal(await tableExists(db, "mgs_item"), false);
      const { rows } = await db.query(sql`select * from ${sql.id(RECORDER_TABLE)}`);
      assert.equal(rows.length, 0);
      const res = await migrate({ apps, db, recorderTable: RECORDER_TABLE });
      assert.deepEqual(
        res.steps.map((s) => s.key),
        ["mgs.0001_squashed_0003"],
      );
      assert.deepEqual(await columnNames(db, "mgs_item"), ["id", "x", "y"]);
      const again = await db.query(sql`select * from ${sql.id(RECORDER_TABLE)}`);
      assert.equal(again.rows.length, 4);
    });
  });
}
