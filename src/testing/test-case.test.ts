/**
 * The project test helpers on real databases (SQLite in memory always; PostgreSQL and MariaDB
 * when their URLs are set): testCase() rolls every test back, nested atomic() blocks are
 * savepoints, onCommit callbacks are held back unless captured, assertNumQueries counts and
 * lists the statements, and testCase() refuses to run without a test database.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { backends } from "../orm/db/fixtures/backends.ts";
import { atomic, getDatabases, onCommit, sql } from "../orm/index.ts";
import { createProject, defineSettings, loadProject } from "../project/index.ts";
import { assertNumQueries, captureQueries } from "./assert-num-queries.ts";
import { captureOnCommitCallbacks } from "./capture-on-commit.ts";
import { testCase } from "./test-case.ts";
import { TestClient } from "./test-client.ts";
import { inTestTransaction } from "./test-transaction.ts";

const table = `h4_testing_${process.pid}`;
const t = sql.id(table);
const db = () => getDatabases().get("default");
const count = async (): Promise<number> =>
  Number((await db().query<{ n: unknown }>(sql`select count(*) as n from ${t}`)).rows[0]!.n);
const insert = (name: string) => db().execute(sql`insert into ${t} (name) values (${name})`);

for (const backend of backends()) {
  describe(`testCase on ${backend.name}`, { skip: backend.skip }, () => {
    // Registered before testCase's own hook, so it runs while the project is still open.
    after(async () => {
      if (!backend.skip) await db().execute(sql`drop table if exists ${t}`);
    });
    const settings = defineSettings({
      baseDir: import.meta.dirname,
      debug: true,
      installedApps: [],
    });
    const tc = testCase({
      project: async () => {
        const project = await createProject(settings, { databases: { default: backend.url } });
        project.app.get("/count", async () => ({ count: await count() }));
        return project;
      },
    });
    before(async () => {
      await tc.project();
      await db().execute(sql`drop table if exists ${t}`);
      await db().execute(sql`create table ${t} (name varchar(50) not null)`);
    });

    tc.test("a write inside a test is visible there, also to a request", async (_t, project) => {
      await insert("a");
      assert.equal(await count(), 1);
      const res = await new TestClient(project.app).get("/count");
      assert.deepEqual(res.json(), { count: 1 });
    });

    tc.test("and gone in the next one", async () => {
      assert.equal(await count(), 0);
    });

    tc.it("nested atomic blocks are savepoints", async () => {
      await assert.rejects(
        atomic(async () => {
          await insert("undone");
          throw new Error("undo");
        }),
        /undo/,
      );
      await atomic(async () => {
        await insert("kept");
        await atomic(() => insert("inner"));
      });
      assert.equal(await count(), 2);
    });

    tc.test("onCommit callbacks wait for a commit that never comes", async () => {
      const ran: string[] = [];
      await atomic(() => onCommit(() => ran.push("held")));
      onCommit(() => ran.push("held too"));
      const captured = await captureOnCommitCallbacks(async () => {
        await atomic(() => onCommit(() => ran.push("captured")));
      });
      assert.equal(captured.length, 1);
      assert.equal(ran.length, 0);
      const executed = await captureOnCommitCallbacks(
        () =>
          onCommit(async () => {
            ran.push("first");
            await insert("from a callback");
            onCommit(() => ran.push("registered by the first"));
          }),
        { execute: true },
      );
      assert.equal(executed.length, 2);
      assert.deepEqual(ran, ["first", "registered by the first"]);
      assert.equal(await count(), 1);
    });

    tc.test("assertNumQueries counts statements, not BEGIN or SAVEPOINT", async () => {
      assert.equal(await assertNumQueries(1, () => count()), 0);
      await assertNumQueries(2, () =>
        atomic(async () => {
          await insert("x");
          await insert("y");
        }),
      );
      await assertNumQueries(0, () => 42);
      const { result, queries } = await captureQueries(() => count(), { using: "default" });
      assert.equal(result, 2);
      assert.match(queries[0]!.sql, /select count\(\*\)/i);
      assert.equal((await captureQueries(() => count(), { using: "other" })).queries.length, 0);
    });

    tc.test("assertNumQueries fails with the list of statements", async () => {
      await assert.rejects(
        assertNumQueries(1, async () => {
          await insert("a");
          await count();
        }),
        (err: Error) => {
          assert.equal(err.name, "AssertionError");
          assert.match(err.message, /^expected 1 query, 2 ran:\n {2}1\. \[default\] insert into/);
          assert.match(err.message, /\n {2}2\. \[default\] select count/);
          return true;
        },
      );
      await assert.rejects(
        assertNumQueries(3, () => undefined),
        /expected 3 queries, 0 ran$/,
      );
    });

    test("tc.run() is a test body for other runners", async () => {
      assert.equal(await tc.run(() => insert("z").then(count)), 1);
      assert.equal(await tc.run(count), 0);
    });
  });
}

describe("outside a test transaction", () => {
  test("inTestTransaction returns the result and rolls back; errors pass through", async () => {
    const project = await createProject(
      defineSettings({ baseDir: import.meta.dirname, installedApps: [] }),
      {
        databases: { default: "sqlite::memory:" },
      },
    );
    try {
      await db().execute(sql`create table ${t} (name varchar(50) not null)`);
      assert.equal(await inTestTransaction(() => insert("a").then(count)), 1);
      assert.equal(await count(), 0);
      await assert.rejects(
        inTestTransaction(async () => {
          await insert("b");
          throw new Error("boom");
        }),
        /boom/,
      );
      assert.equal(await count(), 0);
      await assert.rejects(
        captureOnCommitCallbacks(() => undefined),
        {
          code: "FLG_ERR_TEST_TRANSACTION",
        },
      );
    } finally {
      await project.close();
    }
  });

  test("the project refuses the settings' own database without FLAGON_TEST_DATABASE_URL", async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "flagon-testcase-"));
    try {
      writeFileSync(
        join(dir, "settings.ts"),
        `import { defineSettings } from "${import.meta.dirname}/../project/index.ts";
export default defineSettings({ baseDir: import.meta.dirname, installedApps: [], databases: { default: "sqlite:///real.sqlite3" } });
`,
      );
      const { useTestProject } = await import("./test-project.ts");
      const env = { ...process.env, FLAGON_TEST_DATABASE_URL: "" };
      const use = useTestProject(undefined, { cwd: dir, env });
      await assert.rejects(use.load(), (err: Error & { code?: string }) => {
        assert.equal(err.code, "FLG_ERR_TEST_DATABASE");
        assert.match(err.message, /flagon test/);
        return true;
      });
      await use.release();
      // The variable switches the default database, however the project is built.
      process.env.FLAGON_TEST_DATABASE_URL = "sqlite::memory:";
      try {
        const project = await loadProject({ cwd: dir });
        assert.equal(project.databases.get("default").config.vendor, "sqlite");
        assert.equal(
          (project.databases.get("default").config as { path: string }).path,
          ":memory:",
        );
        await project.close();
      } finally {
        delete process.env.FLAGON_TEST_DATABASE_URL;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
