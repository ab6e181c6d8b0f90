/** How `flagon test` finds test files: default patterns, folders, files, globs, skipped folders. */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, test } from "node:test";
import { findTestFiles } from "./test-files.ts";

const root = mkdtempSync(join(tmpdir(), "flagon-test-files-"));
after(() => rmSync(root, { recursive: true, force: true }));
for (const rel of [
  "app.test.ts",
  "polls/models.ts",
  "polls/views.test.ts",
  "polls/tests/api.ts",
  "polls/tests/helpers/make.ts",
  "polls/tests/types.d.ts",
  "node_modules/dep/x.test.ts",
  "dist/app.test.ts",
  "staticfiles/y.test.ts",
  ".cache/z.test.ts",
  "api/other.spec.ts",
]) {
  mkdirSync(join(root, rel, ".."), { recursive: true });
  writeFileSync(join(root, rel), "");
}
const find = (paths: string[]) => {
  const { files, unmatched } = findTestFiles(paths, { cwd: root });
  return { files: files.map((f) => relative(root, f)), unmatched };
};

test("by default: *.test.ts and tests/ folders, never node_modules, dist, staticfiles, hidden", () => {
  assert.deepEqual(find([]), {
    files: [
      "app.test.ts",
      "polls/tests/api.ts",
      "polls/tests/helpers/make.ts",
      "polls/views.test.ts",
    ],
    unmatched: [],
  });
});

test("a folder, a file, a glob; what matches nothing is reported", () => {
  assert.deepEqual(find(["polls/tests"]).files, [
    "polls/tests/api.ts",
    "polls/tests/helpers/make.ts",
  ]);
  assert.deepEqual(find(["api/other.spec.ts"]).files, ["api/other.spec.ts"]);
  assert.deepEqual(find(["**/*.spec.ts", "polls/views.test.ts"]).files, [
    "api/other.spec.ts",
    "polls/views.test.ts",
  ]);
  assert.deepEqual(find(["missing", "**/*.nothing.ts"]), {
    files: [],
    unmatched: ["missing", "**/*.nothing.ts"],
  });
});
