/**
 * Declared check and unique constraints through migrations, on each backend: makemigrations
 * writes them readably (a changed condition is a removal and an addition), sqlmigrate shows the
 * statements, migrate applies them and undoes them, SQLite's table rebuilds keep them, and the
 * replayed state gives historical models that carry them.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, test } from "node:test";
import { resolve } from "node:path";
import { backends } from "../orm/db/fixtures/backends.ts";
import {
  type AnyModel,
  check,
  type Database,
  ERR_DB_CHECK,
  F,
  f,
  IntegrityError,
  model,
  ModelRegistry,
  Q,
  sql,
  unique,
} from "../orm/index.ts";
import type { MigrationsApp } from "./app.ts";
import { detectChanges } from "./autodetector.ts";
import { useScratch } from "./fixtures/scratch.ts";
import { loadGraph } from "./loader.ts";
import { replay } from "./graph.ts";
import { sqlmigrate } from "./inspect.ts";
import { makemigrations } from "./makemigrations.ts";
import { migrate } from "./migrate.ts";
import { op } from "./op.ts";
import { fromModels, toModels } from "./state.ts";

const INDEX = resolve(import.meta.dirname, "index.ts");
const RECORDER = "mgc_migrations";

/** The Room model at each version of the story. */
function rooms(version: 1 | 2 | 3): AnyModel[] {
  const registry = new ModelRegistry();
  const fields = {
    name: f.string({ maxLength: 20 }),
    beds: f.int(),
    opens: f.date(),
    closes: f.date(),
    shared: f.boolean({ default: false }),
    ...(version === 3 ? { floor: f.int({ null: true }) } : {}),
  };
  const constraints =
    version === 1
      ? [
          check({ name: "mgc_beds_min", condition: { beds: { gte: 1 } } }),
          check({ name: "mgc_closes_after", condition: { closes: { gt: F("opens") } } }),
          unique({ name: "mgc_private_name", fields: ["name"], condition: { shared: false } }),
        ]
      : [
          // Changed: beds >= 2. Gone: closes after opens. New: a name rule.
          check({ name: "mgc_beds_min", condition: { beds: { gte: 2 } } }),
          check({
            name: "mgc_name_rule",
            condition: Q.or({ name: { startswith: "R" } }, { beds: { gt: 4 } }),
          }),
          unique({ name: "mgc_private_name", fields: ["name"], condition: { shared: false } }),
        ];
  model("mgc.Room", fields, { table: "mgc_room", registry, constraints } as never);
  return registry.all();
}

test("a changed condition is detected as removeConstraint + addConstraint", async () => {
  const { ops } = await detectChanges(fromModels(rooms(1)), fromModels(rooms(2)), {});
  assert.deepEqual(
    (ops.get("mgc") ?? []).map((o) => o.toCode("")),
    [
      'op.removeConstraint("mgc.Room", "mgc_beds_min")',
      'op.removeConstraint("mgc.Room", "mgc_closes_after")',
      'op.addConstraint("mgc.Room", { kind: "check", name: "mgc_beds_min", condition: { beds: { gte: 2 } } })',
      `op.addConstraint("mgc.Room", {
  kind: "check",
  name: "mgc_name_rule",
  condition: { OR: [{ name: { startswith: "R" } }, { beds: { gt: 4 } }] },
})`,
    ],
  );
});

test("renameField renames the field in constraint conditions and fields", () => {
  const state = fromModels(rooms(1));
  const after = op.renameField("mgc.Room", "opens", "starts").apply(state);
  const cs = after.get("mgc.Room")!.options.constraints!;
  const closes = cs.find((c) => c.name === "mgc_closes_after")!;
  assert.ok("condition" in closes);
  const ref = (closes.condition as { closes: { gt: { tree: unknown } } }).closes.gt;
  assert.deepEqual(ref.tree, { ref: "starts" });
  // The historical model builds: its check reads the renamed field.
  const meta = toModels(after).get("mgc.Room")!.meta;
  assert.deepEqual(
    meta.constraints.map((c) => c.name),
    ["mgc_beds_min", "mgc_closes_after", "mgc_private_name"],
  );
});

for (const backend of backends()) {
  describe(`constraints in migrations (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    let dir: string;
    const scratch = useScratch(backend, "flagon-cons", ["mgc_room", RECORDER, `${RECORDER}_lock`]);
    before(() => {
      if (backend.skip) return;
      db = scratch.db;
      dir = scratch.dir;
    });
    const apps = (version: 1 | 2 | 3): MigrationsApp[] => [
      { label: "mgc", models: rooms(version), migrationsDir: dir },
    ];
    const to = (name: string) =>
      migrate({ apps: apps(1), db, recorderTable: RECORDER, target: { app: "mgc", name } });
    let n = 0;
    /** Insert a room; the name of the check it violates, or undefined. */
    const insert = async (row: Record<string, unknown>): Promise<string | undefined> => {
      const r = { name: `R${n++}`, beds: 3, opens: "2024-01-01", closes: "2024-02-01", ...row };
      try {
        await db.execute(
          sql`insert into mgc_room (name, beds, opens, closes, shared) values (${r.name}, ${r.beds}, ${r.opens}, ${r.closes}, ${backend.name === "postgres" ? true : 1})`,
        );
        return undefined;
      } catch (e) {
        assert.ok(e instanceof IntegrityError && e.code === ERR_DB_CHECK, String(e));
        assert.equal(e.table, "mgc_room");
        return e.constraint;
      }
    };

    test("makemigrations writes the constraints; migrate enforces them", async () => {
      const [made] = await makemigrations({ apps: apps(1), importFrom: INDEX });
      const text = readFileSync(made!.path, "utf8");
      assert.match(text, /^import \{ F, migration, op \} from /m);
      assert.match(text, /condition: \{ closes: \{ gt: F\("opens"\) \} \}/);
      assert.match(text, /kind: "unique",\n\s+name: "mgc_private_name"/);
      await makemigrations({ apps: apps(1), importFrom: INDEX, check: true });
      await to("0001_initial");
      assert.equal(await insert({ beds: 0 }), "mgc_beds_min");
      assert.equal(await insert({ closes: "2023-12-31" }), "mgc_closes_after");
      assert.equal(await insert({ beds: 1 }), undefined);
    });

    test("a changed condition migrates as drop and add; sqlmigrate shows it", async () => {
      const [made] = await makemigrations({ apps: apps(2), importFrom: INDEX });
      assert.match(made!.name, /^0002_/);
      const shown = await sqlmigrate({
        apps: apps(2),
        dialect: (await db.driver()).dialect,
        target: { app: "mgc", name: made!.name },
      });
      if (backend.name === "sqlite") {
        assert.match(shown, /constraint "mgc_beds_min" check \("beds" >= 2\)/);
        assert.match(shown, /create unique index "mgc_private_name" on "mgc_room"/);
      } else {
        const q = backend.name === "postgres" ? '"' : "`";
        assert.ok(
          shown.includes(`alter table ${q}mgc_room${q} drop constraint ${q}mgc_closes_after${q}`),
          shown,
        );
        assert.ok(
          shown.includes(
            `alter table ${q}mgc_room${q} add constraint ${q}mgc_beds_min${q} check (${q}beds${q} >= 2)`,
          ),
          shown,
        );
      }
      // Rows already there must meet the new condition.
      await db.execute(sql`delete from mgc_room where beds < 2`);
      await migrate({ apps: apps(2), db, recorderTable: RECORDER });
      await makemigrations({ apps: apps(2), importFrom: INDEX, check: true });
      assert.equal(await insert({ beds: 1 }), "mgc_beds_min");
      assert.equal(await insert({ closes: "2023-12-31" }), undefined);
      assert.equal(await insert({ name: "x", beds: 3 }), "mgc_name_rule");
      assert.equal(await insert({ name: "x", beds: 5 }), undefined);
    });

    test("a later table change keeps them (SQLite rebuilds the table)", async () => {
      await makemigrations({ apps: apps(3), importFrom: INDEX });
      await migrate({ apps: apps(3), db, recorderTable: RECORDER });
      assert.equal(await insert({ beds: 1 }), "mgc_beds_min");
      assert.equal(await insert({ name: "x", beds: 3 }), "mgc_name_rule");
      // The replayed state's historical model carries the declared constraints.
      const graph = await loadGraph(apps(3));
      const meta = toModels(replay(graph, graph.order)).get("mgc.Room")!.meta;
      // In the order the operations left them (order does not matter to the autodetector).
      assert.deepEqual(meta.constraints.map((c) => c.name).sort(), [
        "mgc_beds_min",
        "mgc_name_rule",
        "mgc_private_name",
      ]);
    });

    test("migrating backwards undoes them", async () => {
      await db.execute(sql`delete from mgc_room`);
      await to("0001_initial");
      assert.equal(await insert({ beds: 1 }), undefined);
      assert.equal(await insert({ name: "x", beds: 3 }), undefined);
      assert.equal(await insert({ closes: "2023-12-31" }), "mgc_closes_after");
      await to("zero");
    });
  });
}
