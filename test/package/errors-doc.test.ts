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

test("every coded error in src/ is listed in docs/reference/errors.md", () => {
  const doc = readFileSync(join(root, "docs", "reference", "errors.md"), "utf8");
  const codes = new Set<string>();
  for (const file of sources(join(root, "src"))) {
    for (const m of readFileSync(file, "utf8").matchAll(/\bFLG_ERR_[A-Z0-9_]*[A-Z0-9]\b/g))
      codes.add(m[0]);
  }
  assert.ok(codes.size > 20, `found ${codes.size} codes: the scan works`);
  const missing = [...codes].filter((c) => !doc.includes(`\`${c}\``)).sort();
  assert.deepEqual(missing, [], "add these codes to docs/reference/errors.md");
});
