/**
 * alterModelTable (detected, written, run both ways with its through table on every backend),
 * database defaults and durations in migrations, and historical models kept out of the global
 * registry.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { before, describe, test } from "node:test";
import { backends } from "../orm/db/fixtures/backends.ts";
import {
  allModels,
  type AnyModel,
  type Database,
  Duration,
  f,
  model,
  ModelRegistry,
  sql,
} from "../orm/index.ts";
import type { MigrationsApp } from "./app.ts";
import { detectChanges } from "./autodetector.ts";
import { equal } from "./canonical.ts";
import { tableExists } from "./fixtures/introspect.ts";
import { useScratch } from "./fixtures/scratch.ts";
import { migrate } from "./migrate.ts";
import { fromModels, toModels } from "./state.ts";

const INDEX = resolve(import.meta.dirname, "index.ts");

/** Models declared into a registry of their own, so each test's versions stay apart. */
function declare(build: (registry: ModelRegistry) => void): AnyModel[] {
  const registry = new ModelRegistry();
  build(registry);
  return registry.all();
}

function library(table: string, extra: Record<string, unknown> = {}) {
  return declare((registry) => {
    const Tag = model("mtd.Tag", { name: f.string({ maxLength: 9 }) }, { registry });
    const Book = model(
      "mtd.Book",
      { title: f.string({ maxLength: 9 }), tags: f.manyToMany(() => Tag), ...extra } as never,
      { table, registry, uniqueTogether: [["title"]] } as never,
    );
    model(
      "mtd.Review",
      { book: f.foreignKey(() => Book as unknown as AnyModel, { onDelete: "cascade" }) },
      { registry },
    );
  });
}

test("a changed table is one alterModelTable; the through table follows", async () => {
  const from = fromModels(library("mtd_book"));
  const to = fromModels(library("mtd_volume"));
  const { ops } = await detectChanges(from, to, {});
  const list = ops.get("mtd") ?? [];
  assert.deepEqual(
    list.map((o) => o.toCode("")),
    ['op.alterModelTable("mtd.Book", "mtd_volume")'],
  );
  const after = list[0]!.apply(from);
  assert.equal(after.get("mtd.Book_tags")!.options.table, "mtd_volume_tags");
  assert.equal(after.get("mtd.Book")!.options.constraints![0]!.name, "mtd_volume_title_uniq");
  // Nothing is left to detect once it is applied, and the state equals the declared one.
  assert.ok(equal(Object.fromEntries(after), Object.fromEntries(to)));
});

test("dbDefault is detected, written as plain data, and survives historical models", async () => {
  const plain = fromModels(library("mtd_book"));
  const withDefaults = fromModels(
    library("mtd_book", {
      added: f.datetime({ dbDefault: sql`CURRENT_TIMESTAMP` }),
      copies: f.int({ dbDefault: 1 }),
      loan: f.duration({ default: Duration.of({ days: 14 }) }),
    }),
  );
  const { ops } = await detectChanges(plain, withDefaults, {});
  const code = (ops.get("mtd") ?? []).map((o) => o.toCode(""));
  assert.deepEqual(code, [
    'op.addField("mtd.Book", "added", { kind: "datetime", dbDefault: { sql: "CURRENT_TIMESTAMP" } })',
    'op.addField("mtd.Book", "copies", { kind: "int", dbDefault: 1 })',
    'op.addField("mtd.Book", "loan", { kind: "duration", default: 1209600000000 })',
  ]);
  const changed = fromModels(library("mtd_book", { copies: f.int({ dbDefault: 2 }) }));
  const base = fromModels(library("mtd_book", { copies: f.int({ dbDefault: 1 }) }));
  const again = await detectChanges(base, changed, {});
  assert.deepEqual(
    (again.ops.get("mtd") ?? []).map((o) => o.toCode("")),
    ['op.alterField("mtd.Book", "copies", { kind: "int", dbDefault: 2 })'],
  );
  const historical = toModels(withDefaults);
  const book = historical.get("mtd.Book")!.meta;
  assert.deepEqual(book.byName.get("added")!.dbDefault, { sql: "CURRENT_TIMESTAMP" });
  assert.ok((book.byName.get("loan")!.spec.default as Duration).equals(Duration.of({ days: 14 })));
  assert.ok(
    equal(
      Object.fromEntries(fromModels([...historical.values()])),
      Object.fromEntries(withDefaults),
    ),
  );
});

test("historical models never join allModels(), whatever their labels", () => {
  const real = model("mtd.Solo", { x: f.int() });
  const count = allModels().length;
  const state = fromModels([real]);
  const historical = toModels(state);
  toModels(state);
  assert.equal(allModels().length, count);
  assert.ok(!allModels().includes(historical.get("mtd.Solo")!));
  assert.equal(allModels().filter((m) => m.meta.label === "mtd.Solo").length, 1);
});

const RECORDER = "mtd_migrations";
const TABLES = [
  "mtd_review",
  "mtd_book_tags",
  "mtd_volume_tags",
  "mtd_book",
  "mtd_volume",
  "mtd_tag",
  RECORDER,
  `${RECORDER}_lock`,
];
const FK = (to: string) => `{ kind: "foreignKey", to: "${to}", onDelete: "cascade", index: true }`;
const FILES: Record<string, string> = {
  "0001_initial": `[
    op.createModel("mtd.Tag", { id: { kind: "bigAuto", primaryKey: true }, name: { kind: "string", maxLength: 9 } }, { table: "mtd_tag" }),
    op.createModel("mtd.Book", {
      id: { kind: "bigAuto", primaryKey: true },
      title: { kind: "string", maxLength: 9 },
      qty: { kind: "int", dbDefault: 5 },
      spent: { kind: "duration", null: true },
    }, { table: "mtd_book", constraints: [{ name: "mtd_book_title_uniq", fields: ["title"], unique: true }] }),
    op.createModel("mtd.Book_tags", { id: { kind: "bigAuto", primaryKey: true }, from: ${FK("mtd.Book")}, to: ${FK("mtd.Tag")} },
      { table: "mtd_book_tags", constraints: [{ name: "mtd_book_tags_from_id_to_id_uniq", fields: ["from", "to"], unique: true }] }),
    op.createModel("mtd.Review", { id: { kind: "bigAuto", primaryKey: true }, book: ${FK("mtd.Book")} }, { table: "mtd_review" }),
  ]`,
  "0002_table": `[op.alterModelTable("mtd.Book", "mtd_volume")]`,
  "0003_defaults": `[
    op.addField("mtd.Review", "stars", { kind: "int", dbDefault: 3 }),
    op.alterField("mtd.Book", "qty", { kind: "int", dbDefault: 9 }),
    op.removeConstraint("mtd.Book", "mtd_volume_title_uniq"),
  ]`,
};

for (const backend of backends()) {
  describe(`alterModelTable and defaults in migrations (${backend.name})`, {
    skip: backend.skip,
  }, () => {
    let db: Database;
    let apps: MigrationsApp[];
    const to = (name: string) =>
      migrate({ apps, db, recorderTable: RECORDER, target: { app: "mtd", name } });
    const one = async (text: ReturnType<typeof sql>) => (await db.query(text)).rows[0]!;
    const scratch = useScratch(backend, "flagon-mtd", TABLES);
    before(() => {
      if (backend.skip) return;
      db = scratch.db;
      let prev: string | undefined;
      for (const [name, ops] of Object.entries(FILES)) {
        const deps = prev === undefined ? "[]" : `[["mtd", "${prev}"]]`;
        writeFileSync(
          join(scratch.dir, `${name}.ts`),
          `import { migration, op } from ${JSON.stringify(INDEX)};\nexport default migration({ dependencies: ${deps}, operations: ${ops} });\n`,
        );
        prev = name;
      }
      apps = [{ label: "mtd", models: [], migrationsDir: scratch.dir }];
    });

    test("forwards: the table and its through table are renamed, keys and defaults kept", async () => {
      await to("0001_initial");
      await db.execute(sql`insert into mtd_book (title) values ('a')`);
      await db.execute(sql`insert into mtd_tag (name) values ('t')`);
      const { id } = await one(sql`select id from mtd_book`);
      const { id: tag } = await one(sql`select id from mtd_tag`);
      await db.execute(sql`insert into mtd_book_tags (from_id, to_id) values (${id}, ${tag})`);
      await db.execute(sql`insert into mtd_review (book_id) values (${id})`);
      assert.equal(Number((await one(sql`select qty from mtd_book`)).qty), 5);

      await to("0002_table");
      for (const t of ["mtd_book", "mtd_book_tags"])
        assert.equal(await tableExists(db, t), false, t);
      for (const t of ["mtd_volume", "mtd_volume_tags"])
        assert.equal(await tableExists(db, t), true, t);
      assert.equal(Number((await one(sql`select count(*) as n from mtd_volume_tags`)).n), 1);
      // The unique constraint and the foreign keys came along.
      await assert.rejects(db.execute(sql`insert into mtd_volume (title) values ('a')`));
      await assert.rejects(db.execute(sql`insert into mtd_review (book_id) values (${999_999})`));

      await to("0003_defaults");
      assert.equal(Number((await one(sql`select stars from mtd_review`)).stars), 3);
      await db.execute(sql`insert into mtd_volume (title) values ('a')`);
      assert.equal(Number((await one(sql`select max(qty) as q from mtd_volume`)).q), 9);
      await db.execute(sql`delete from mtd_volume where qty = 9`);
    });

    test("backwards: the tables take their old names again", async () => {
      await to("0001_initial");
      assert.equal(await tableExists(db, "mtd_volume"), false);
      assert.equal(await tableExists(db, "mtd_book_tags"), true);
      await db.execute(sql`insert into mtd_book (title) values ('b')`);
      assert.equal(Number((await one(sql`select qty from mtd_book where title = 'b'`)).qty), 5);
      await assert.rejects(db.execute(sql`insert into mtd_book (title) values ('b')`));
      // Cascades still reach the review through the renamed-back key.
      await db.execute(sql`delete from mtd_book`);
      assert.equal(Number((await one(sql`select count(*) as n from mtd_review`)).n), 0);
      await to("zero");
      assert.equal(await tableExists(db, "mtd_book"), false);
    });
  });
}
