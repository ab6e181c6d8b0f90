import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";

const root = join(import.meta.dirname, "..", "..");

/** The node_modules packages and src/orm/db files loaded by running `code` in a fresh process. */
function loadedBy(code: string): { packages: string[]; files: string[] } {
  const out = spawnSync(
    process.execPath,
    [
      "--import",
      join(root, "test", "package", "record-modules.ts"),
      "--input-type=module",
      "-e",
      code,
    ],
    { cwd: root, encoding: "utf8" },
  );
  assert.equal(out.status, 0, out.stderr);
  const line = out.stdout.split("\n").find((l) => l.startsWith("__MODULES__"));
  assert.ok(line);
  const urls = JSON.parse(line.slice("__MODULES__".length)) as string[];
  const packages = new Set<string>();
  for (const u of urls) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u);
    if (m) packages.add(m[1]!);
  }
  return {
    packages: [...packages],
    files: urls.filter((u) => u.includes("/src/orm/db/")).map((u) => u.split("/").pop()!),
  };
}

test("importing flagon/orm loads no driver and no backend module", () => {
  const { packages, files } = loadedBy('await import("flagon/orm");');
  // Kysely is the query compiler, a dependency (not a driver): it loads with the ORM.
  assert.deepEqual(packages, ["kysely"]);
  for (const f of files) assert.doesNotMatch(f, /^(sqlite|postgres|mysql)-/);
  assert.ok(files.includes("database.ts"), "the recorder saw the orm (the test can fail)");
});

test("opening SQLite loads better-sqlite3 only", () => {
  const { packages, files } = loadedBy(
    'const { Database, sql } = await import("flagon/orm"); const db = new Database("d", "sqlite::memory:"); await db.query(sql`select 1`); await db.close();',
  );
  assert.deepEqual(packages, ["kysely", "better-sqlite3"]);
  assert.ok(files.includes("sqlite-driver.ts"));
  assert.ok(!files.includes("postgres-driver.ts") && !files.includes("mysql-driver.ts"));
});
