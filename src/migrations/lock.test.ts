/**
 * The migration lock between two connections to one SQLite file (the server backends are
 * covered in migrations.test.ts): the second taker is refused until the first releases.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Database } from "../orm/index.ts";
import { ERR_MIGRATIONS_LOCKED } from "./errors.ts";
import { acquireLock } from "./lock.ts";
import { migrate } from "./migrate.ts";

test("two processes' databases on one SQLite file: one lock holder at a time", async () => {
  const dir = mkdtempSync(join(tmpdir(), "flagon-lock-"));
  const url = `sqlite:///${join(dir, "db.sqlite3")}`;
  const a = new Database("a", url);
  const b = new Database("b", url);
  try {
    const release = await acquireLock(a);
    await assert.rejects(
      migrate({ apps: [], db: b }),
      (e: unknown) => (e as { code?: string }).code === ERR_MIGRATIONS_LOCKED,
    );
    await release();
    assert.deepEqual((await migrate({ apps: [], db: b })).steps, []);
  } finally {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
