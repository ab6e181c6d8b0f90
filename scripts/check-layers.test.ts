import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { checkLayers } from "./check-layers.ts";

const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "layers-"));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test("accepts downward imports through index.ts and imports inside one folder", () => {
  const root = tree({
    "utils/index.ts": "export const a = 1;",
    "core/index.ts": 'import { a } from "../utils/index.ts";\nexport { b } from "./b.ts";',
    "core/b.ts": 'import { a } from "../utils/index.ts"; export const b = a;',
    "conf/x.ts": 'import { b } from "../core/index.ts";',
    "index.ts": 'export * from "./core/index.ts";',
  });
  assert.deepEqual(checkLayers(root), []);
});

test("rejects an import that points up the order", () => {
  const root = tree({ "core/a.ts": 'import { x } from "../conf/index.ts";', "conf/index.ts": "" });
  const v = checkLayers(root);
  assert.equal(v.length, 1);
  assert.match(v[0]!.reason, /may not import src\/conf/);
});

test("rejects an import past another folder's index.ts", () => {
  const root = tree({ "conf/a.ts": 'import { x } from "../core/app.ts";', "core/app.ts": "" });
  const v = checkLayers(root);
  assert.equal(v.length, 1);
  assert.match(v[0]!.reason, /only through src\/core\/index.ts/);
});

test("rejects imports between the two folders that share a rank", () => {
  const root = tree({
    "adapters/a.ts": 'import { x } from "../middleware/index.ts";',
    "middleware/index.ts": "",
  });
  assert.equal(checkLayers(root).length, 1);
});

test("rejects I/O modules and dynamic upward imports in the core", () => {
  const root = tree({
    "core/a.ts": 'import { readFile } from "node:fs";\nconst m = await import("../orm/index.ts");',
    "orm/index.ts": "",
  });
  const reasons = checkLayers(root).map((v) => v.reason);
  assert.equal(reasons.length, 2);
  assert.ok(reasons.some((r) => /no I\/O/.test(r)));
});

test("rejects importing the package entry from inside a layer", () => {
  const root = tree({ "core/a.ts": 'import { x } from "../index.ts";', "index.ts": "" });
  assert.match(checkLayers(root)[0]!.reason, /package entry/);
});

test("the real source tree passes", () => {
  assert.deepEqual(checkLayers(join(import.meta.dirname, "..", "src")), []);
});
