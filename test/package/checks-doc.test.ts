import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const root = join(import.meta.dirname, "..", "..");

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) yield* sources(full);
    else if (entry.endsWith(".ts") && !entry.endsWith(".test.ts")) yield full;
  }
}

test("every system check ID in src/ is listed in docs/reference/checks.md, and no other", () => {
  const doc = readFileSync(join(root, "docs", "reference", "checks.md"), "utf8");
  const ids = new Set<string>();
  for (const file of sources(join(root, "src"))) {
    for (const m of readFileSync(file, "utf8").matchAll(/"(flagon(?:\.[a-z]+)*\.[EWI]\d{3})"/g))
      ids.add(m[1]!);
  }
  assert.ok(ids.size >= 10, `found ${ids.size} IDs: the scan works`);
  const missing = [...ids].filter((id) => !doc.includes(`\`${id}\``)).sort();
  assert.deepEqual(missing, [], "add these check IDs to docs/reference/checks.md");
  const documented = new Set(
    [...doc.matchAll(/^### `(flagon(?:\.[a-z]+)*\.[EWI]\d{3})`/gm)].map((m) => m[1]!),
  );
  const stale = [...documented].filter((id) => !ids.has(id)).sort();
  assert.deepEqual(stale, [], "these documented IDs no longer exist in src/");
});
