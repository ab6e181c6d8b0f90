/**
 * The autodetector and makemigrations without a database: renames asked and answered, model
 * renames, creation and deletion order, dependencies between apps, the written file, and the
 * state read off models surviving a round trip through historical models.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { type AnyModel, f, model } from "../orm/index.ts";
import type { MigrationsApp } from "./app.ts";
import { detectChanges } from "./autodetector.ts";
import { equal } from "./canonical.ts";
import { ERR_MIGRATIONS_CHANGES, ERR_MIGRATIONS_QUESTION } from "./errors.ts";
import { replay } from "./graph.ts";
import { loadGraph } from "./loader.ts";
import { makemigrations } from "./makemigrations.ts";
import { fromModels, toModels } from "./state.ts";

const INDEX = resolve(import.meta.dirname, "index.ts");
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "flagon-detect-"));
  dirs.push(d);
  return d;
}
const errCode = (code: string) => (e: unknown) => (e as { code?: string }).code === code;

test("state read off models survives a round trip through historical models", () => {
  const A = model("mgd.A", {
    name: f.string({ maxLength: 5, unique: true }),
    n: f.int({ default: 3 }),
  });
  const B = model(
    "mgd.B",
    { a: f.foreignKey(() => A, { onDelete: "setNull", null: true }), t: f.text({ column: "tx" }) },
    { indexes: [{ fields: ["t"], name: "mgd_b_t" }], uniqueTogether: [["a", "t"]] },
  );
  const state = fromModels([A, B]);
  const again = fromModels([...toModels(state).values()]);
  assert.ok(equal(Object.fromEntries(state), Object.fromEntries(again)));
  assert.deepEqual(state.get("mgd.B")!.fields.t, { kind: "text", column: "tx" });
  assert.equal(state.get("mgd.B")!.fields.a!.to, "mgd.A");
});

test("a model rename is asked, and answered by key", async () => {
  const Old = model("mgd.Old", { x: f.int() });
  const New = model("mgd.New", { x: f.int() });
  const from = fromModels([Old]);
  const to = fromModels([New]);
  await assert.rejects(detectChanges(from, to, {}), errCode(ERR_MIGRATIONS_QUESTION));
  const asked: string[] = [];
  const yes = await detectChanges(from, to, {
    ask: (q) => {
      asked.push(q.key);
      return true;
    },
  });
  assert.deepEqual(asked, ["mgd.Old=>mgd.New"]);
  assert.deepEqual(
    yes.ops.get("mgd")!.map((o) => o.type),
    ["renameModel"],
  );
  const no = await detectChanges(from, to, { answers: { "mgd.Old=>mgd.New": false } });
  assert.deepEqual(
    no.ops.get("mgd")!.map((o) => o.type),
    ["createModel", "deleteModel"],
  );
});

test("deleted models go children first; created ones parents first", async () => {
  const P = model("mgd.P", { x: f.int() });
  const C = model("mgd.C", { p: f.foreignKey(() => P, { onDelete: "cascade" }) });
  const created = await detectChanges(new Map(), fromModels([C, P]), {});
  assert.deepEqual(
    created.ops.get("mgd")!.map((o) => o.describe()),
    ["Create model mgd.P", "Create model mgd.C"],
  );
  const deleted = await detectChanges(fromModels([C, P]), new Map(), {});
  assert.deepEqual(
    deleted.ops.get("mgd")!.map((o) => o.describe()),
    ["Delete model mgd.C", "Delete model mgd.P"],
  );
});

test("makemigrations: one file per app, with a dependency across apps", async () => {
  const Shelf = model("mgx.Shelf", { n: f.int() });
  const Item = model("mgy.Item", { shelf: f.foreignKey(() => Shelf, { onDelete: "cascade" }) });
  const apps: MigrationsApp[] = [
    { label: "mgy", models: [Item], migrationsDir: tempDir() },
    { label: "mgx", models: [Shelf], migrationsDir: tempDir() },
  ];
  const made = await makemigrations({ apps, importFrom: INDEX });
  const y = made.find((m) => m.app === "mgy")!;
  assert.deepEqual(y.dependencies, [["mgx", "0001_initial"]]);
  const text = readFileSync(y.path, "utf8");
  assert.match(text, /dependencies: \[\["mgx", "0001_initial"\]\]/);
  assert.match(text, /to: "mgx\.Shelf"/);
  const graph = await loadGraph(apps);
  assert.deepEqual(graph.order, ["mgx.0001_initial", "mgy.0001_initial"]);
  assert.deepEqual([...replay(graph, graph.order).keys()].sort(), ["mgx.Shelf", "mgy.Item"]);
  await makemigrations({ apps, importFrom: INDEX, check: true });
  const Item2 = model("mgy.Item", {
    shelf: f.foreignKey(() => Shelf, { onDelete: "cascade" }),
    note: f.string({ maxLength: 9, null: true }),
  });
  const apps2 = [{ ...apps[0]!, models: [Item2] as AnyModel[] }, apps[1]!];
  await assert.rejects(
    makemigrations({ apps: apps2, importFrom: INDEX, check: true }),
    errCode(ERR_MIGRATIONS_CHANGES),
  );
  const second = await makemigrations({ apps: apps2, importFrom: INDEX });
  assert.deepEqual(
    second.map((m) => [m.app, m.name]),
    [["mgy", "0002_item_note"]],
  );
  assert.deepEqual(second[0]!.dependencies, [["mgy", "0001_initial"]]);
});
