/**
 * `flagon test` end to end: a project written into a temporary folder (an app with a model and
 * a migration, a passing and a failing test file) run through the real bin/flagon.js in a child
 * process, on an SQLite file, in-memory SQLite, PostgreSQL and MariaDB. The tests inside use
 * testCase(): rollback isolation, savepoints, captured onCommit callbacks, assertNumQueries,
 * the TestClient on the project; they write down which database they ran on, which must be the
 * test database, and it must be gone afterwards (kept with --keepdb).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { makemigrations } from "../../migrations/index.ts";
import { Database, sql } from "../../orm/index.ts";
import { loadProject } from "../../project/index.ts";
import { main } from "../main.ts";

const SRC = join(import.meta.dirname, "../..");
const BIN = join(SRC, "../bin/flagon.js");
const root = mkdtempSync(join(tmpdir(), "flagon-test-cmd-"));
after(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  const path = join(root, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}

write(
  "settings.ts",
  `import { defineSettings } from "${SRC}/project/index.ts";
import notes from "./notes/app.ts";
export default defineSettings({
  baseDir: import.meta.dirname,
  debug: true,
  secretKey: "a-test-secret-key-that-is-long-enough-1234567890",
  installedApps: [notes],
  databases: { default: process.env.NOTES_DB_URL ?? "sqlite::memory:" },
});
`,
);
write(
  "notes/models.ts",
  `import { f, model } from "${SRC}/orm/index.ts";
export const Note = model("notes.Note", { text: f.string({ maxLength: 100 }) });
`,
);
write(
  "notes/app.ts",
  `import { Blueprint } from "${SRC}/core/index.ts";
import { defineApp } from "${SRC}/project/index.ts";
import { Note } from "./models.ts";
const routes = new Blueprint("notes");
routes.get("/notes/count", async () => ({ count: await Note.objects.count() }));
export default defineApp({ name: "notes", dir: import.meta.dirname, models: [Note], routes });
`,
);
write(
  "notes/tests/notes.test.ts",
  `import assert from "node:assert/strict";
import { describe } from "node:test";
import { writeFileSync } from "node:fs";
import { AssertionError } from "node:assert";
import { atomic, getDatabases, onCommit, sql } from "${SRC}/orm/index.ts";
import { assertNumQueries, captureOnCommitCallbacks, TestClient, testCase } from "${SRC}/testing/index.ts";
import { Note } from "../models.ts";

const { test } = testCase();

test("runs on the test database", async () => {
  const db = getDatabases().get("default");
  const q = db.vendor === "postgres" ? sql\`SELECT current_database() AS name\`
    : db.vendor === "mysql" ? sql\`SELECT DATABASE() AS name\` : undefined;
  const name = q === undefined ? db.config.path : (await db.query(q)).rows[0].name;
  writeFileSync(new URL(\`../../seen-db-\${db.vendor}-\${process.env.NOTES_RUN}.txt\`, import.meta.url), String(name));
});

test("a note written in a test", async (t, project) => {
  await Note.objects.create({ text: "first" });
  assert.equal(await Note.objects.count(), 1);
  const res = await new TestClient(project.app).get("/notes/count");
  assert.deepEqual(res.json(), { count: 1 });
});

test("is gone in the next test", async () => {
  assert.equal(await Note.objects.count(), 0);
});

test("nested atomic blocks are savepoints", async () => {
  await assert.rejects(atomic(async () => {
    await Note.objects.create({ text: "rolled back" });
    throw new Error("undo");
  }), /undo/);
  assert.equal(await Note.objects.count(), 0);
  await atomic(() => Note.objects.create({ text: "kept" }));
  assert.equal(await Note.objects.count(), 1);
});

test("onCommit callbacks do not run unless captured", async () => {
  const ran: string[] = [];
  await atomic(() => onCommit(() => { ran.push("plain"); }));
  const captured = await captureOnCommitCallbacks(() =>
    atomic(() => onCommit(() => { ran.push("captured"); })),
  );
  assert.equal(captured.length, 1);
  assert.deepEqual(ran, []);
  await captureOnCommitCallbacks(() => onCommit(() => { ran.push("executed"); }), { execute: true });
  assert.deepEqual(ran, ["executed"]);
});

describe("with fixtures", () => {
  const sample = testCase({ fixtures: ["sample"] });
  sample.test("loads them before each test", async () => {
    assert.deepEqual((await Note.objects.orderBy("id")).map((n) => n.text), ["one", "two"]);
    await Note.objects.create({ text: "three" });
    assert.equal(await Note.objects.count(), 3);
  });
  sample.test("and again after the rollback", async () => {
    assert.equal(await Note.objects.count(), 2);
  });
});

test("assertNumQueries", async () => {
  assert.equal(await assertNumQueries(1, () => Note.objects.count()), 0);
  await assert.rejects(
    assertNumQueries(2, async () => {
      await Note.objects.create({ text: "x" });
    }),
    (err) => err instanceof AssertionError && /expected 2 queries, 1 ran:\\n  1\\. \\[default\\] INSERT/i.test(err.message),
  );
});
`,
);
write(
  "failing.test.ts",
  `import assert from "node:assert/strict";
import { testCase } from "${SRC}/testing/index.ts";
import { Note } from "./notes/models.ts";
const { test } = testCase();
test("fails on purpose", async () => {
  await Note.objects.create({ text: "left behind?" });
  assert.equal(await Note.objects.count(), 2);
});
`,
);
write(
  "notes/fixtures/sample.json",
  JSON.stringify([
    { model: "notes.note", pk: 1, fields: { text: "one" } },
    { model: "notes.note", pk: 2, fields: { text: "two" } },
  ]),
);
// Not a test file: helpers under node_modules are never collected.
write("node_modules/dep/x.test.ts", "throw new Error('collected from node_modules');\n");
// Outside the default patterns: run only when named.
write(
  "slow/waits.ts",
  `import { test } from "node:test";
test("waits", () => new Promise((r) => setTimeout(r, 60_000)));
`,
);

before(async () => {
  const project = await loadProject({ cwd: root });
  try {
    await makemigrations({
      apps: project.migrationsApps(),
      importFrom: `${SRC}/migrations/index.ts`,
    });
  } finally {
    await project.close();
  }
});

interface Run {
  code: number | null;
  out: string;
}

function flagon(
  args: string[],
  env: Record<string, string>,
  onOut?: (s: string) => void,
): Run & {
  done: Promise<Run>;
  kill(signal: NodeJS.Signals): void;
} {
  const child = spawn(process.execPath, [BIN, "test", ...args], {
    cwd: root,
    env: { ...process.env, FLAGON_TEST_DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const run: Run = { code: null, out: "" };
  const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
  for (const stream of [child.stdout, child.stderr])
    stream.setEncoding("utf8").on("data", (s: string) => {
      run.out += s;
      onOut?.(s);
    });
  const done = new Promise<Run>((resolve) =>
    child.once("close", (code) => {
      clearTimeout(timer);
      run.code = code;
      resolve(run);
    }),
  );
  return Object.assign(run, { done, kill: (s: NodeJS.Signals) => child.kill(s) });
}

const seenDb = (env: Record<string, string>): string =>
  readFileSync(join(root, `seen-db-${vendorOf(env.NOTES_DB_URL!)}-${env.NOTES_RUN}.txt`), "utf8");
const vendorOf = (url: string): string =>
  url.startsWith("sqlite") ? "sqlite" : url.startsWith("postgres") ? "postgres" : "mysql";

interface ServerBackend {
  name: string;
  url: string | undefined;
  exists(name: string): Promise<boolean>;
}

function serverUrl(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function onServer<T>(url: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = new Database("probe", url);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const pg = process.env.FLAGON_TEST_POSTGRES_URL;
const my = process.env.FLAGON_TEST_MYSQL_URL;
const servers: ServerBackend[] = [
  {
    name: "PostgreSQL",
    url: pg,
    exists: (name) =>
      onServer(pg!, async (db) => {
        const { rows } = await db.query(
          sql`SELECT 1 AS x FROM pg_database WHERE datname = ${name}`,
        );
        return rows.length > 0;
      }),
  },
  {
    name: "MariaDB",
    url: my,
    exists: (name) =>
      onServer(my!, async (db) => {
        const { rows } = await db.query(sql`SHOW DATABASES`);
        return rows.some((r) => Object.values(r)[0] === name);
      }),
  },
];

describe("flagon test", { concurrency: true }, () => {
  describe("on an SQLite file", { concurrency: 1 }, () => {
    const dbFile = join(root, "notes.sqlite3");
    const env = { NOTES_DB_URL: `sqlite:///${dbFile}`, NOTES_RUN: "file" };

    test("passes, on a temporary file that is deleted afterwards", async () => {
      const run = await flagon(["notes"], env).done;
      assert.equal(run.code, 0, run.out);
      assert.match(run.out, /Using test database: SQLite database .*test_notes\.sqlite3/);
      assert.match(run.out, /Applied 1 migration\./);
      assert.match(run.out, /ℹ pass 8\b/);
      const used = seenDb(env);
      assert.match(used, /flagon-test-db-.*test_notes\.sqlite3$/);
      assert.equal(existsSync(used), false, "the test database file is removed");
      assert.equal(existsSync(dbFile), false, "the real database is never created");
    });

    test("finds the test files, fails with status 1, and still deletes the file", async () => {
      const run = await flagon([], env).done;
      assert.equal(run.code, 1, run.out);
      assert.match(
        run.out,
        /Running 2 test files: failing\.test\.ts, notes\/tests\/notes\.test\.ts/,
      );
      assert.match(run.out, /fails on purpose/);
      assert.match(run.out, /ℹ fail 1\b/);
      assert.equal(existsSync(seenDb(env)), false);
    });

    test("--keepdb keeps the file beside the database and reuses it", async () => {
      const kept = join(root, "test_notes.sqlite3");
      try {
        const first = await flagon(["notes", "--keepdb"], env).done;
        assert.equal(first.code, 0, first.out);
        assert.match(first.out, /Kept test database/);
        assert.equal(seenDb(env), kept);
        assert.equal(existsSync(kept), true);
        const second = await flagon(["notes", "--keepdb"], env).done;
        assert.equal(second.code, 0, second.out);
        assert.match(second.out, /\(reused, --keepdb\)/);
        assert.match(second.out, /Applied 0 migrations\./);
      } finally {
        rmSync(kept, { force: true });
      }
    });

    test("--filter runs only matching tests; --parallel 2 gives each process a memory database", async () => {
      const run = await flagon(["--filter", "gone in the next", "--parallel", "2"], env).done;
      assert.equal(run.code, 0, run.out);
      assert.match(run.out, /in-memory SQLite databases, one per test process/);
      assert.match(run.out, /✔ is gone in the next test/);
      assert.doesNotMatch(run.out, /fails on purpose|a note written/);
    });
  });

  describe("on in-memory SQLite settings", () => {
    test("each test process migrates its own database", async () => {
      const env = { NOTES_DB_URL: "sqlite::memory:", NOTES_RUN: "memory" };
      const run = await flagon(["notes/tests/notes.test.ts"], env).done;
      assert.equal(run.code, 0, run.out);
      assert.match(run.out, /in-memory SQLite/);
      assert.equal(seenDb(env), ":memory:");
    });
  });

  for (const server of servers) {
    describe(`on ${server.name}`, {
      concurrency: 1,
      skip: server.url ? false : "URL not set",
    }, () => {
      const name = `h4_cli_${process.pid}`;
      const testName = `test_${name}`;
      const env = (): Record<string, string> => ({
        NOTES_DB_URL: serverUrl(server.url!, name),
        NOTES_RUN: "server",
      });

      test("creates test_<name>, runs on it, exits 1 on a failure, drops it", async () => {
        const run = await flagon([], env()).done;
        assert.equal(run.code, 1, run.out);
        assert.match(run.out, new RegExp(`Using test database: .*"${testName}"`));
        assert.match(run.out, /ℹ pass 8\b/);
        assert.match(run.out, /ℹ fail 1\b/);
        assert.equal(seenDb(env()), testName);
        assert.equal(await server.exists(testName), false);
        assert.equal(await server.exists(name), false, "the settings' database is never created");
      });

      test("--keepdb keeps it; a run without replaces it, passes and drops it", async () => {
        const first = await flagon(["notes", "--keepdb"], env()).done;
        assert.equal(first.code, 0, first.out);
        assert.equal(await server.exists(testName), true);
        const second = await flagon(["notes"], env()).done;
        assert.equal(second.code, 0, second.out);
        assert.match(second.out, /left by an earlier run/);
        assert.match(second.out, /ℹ pass 8\b/);
        assert.equal(await server.exists(testName), false);
      });

      test("an interrupted run still drops the database", async () => {
        let started!: () => void;
        const running = new Promise<void>((r) => {
          started = r;
        });
        const run = flagon(["slow/waits.ts"], env(), (s) => {
          if (s.includes("Running 1 test file")) started();
        });
        await running;
        assert.equal(await server.exists(testName), true, "the database exists during the run");
        await new Promise((r) => setTimeout(r, 500));
        run.kill("SIGINT");
        const result = await run.done;
        assert.notEqual(result.code, 0, result.out);
        assert.match(result.out, /Destroyed test database/);
        assert.equal(await server.exists(testName), false);
      });
    });
  }
});

describe("flagon test arguments", () => {
  const io = () => {
    const out: string[] = [];
    return {
      out,
      io: { out: (s: string) => out.push(s), err: (s: string) => out.push(s), cwd: root, env: {} },
    };
  };

  test("a bad --parallel or --filter is a usage error", async () => {
    const a = io();
    assert.equal(await main(["test", "--parallel", "0"], a.io), 2);
    assert.match(a.out.join(""), /--parallel takes a whole number/);
    const b = io();
    assert.equal(await main(["test", "--filter", "("], b.io), 2);
    assert.match(b.out.join(""), /not a valid regular expression/);
  });

  test("a path with no test files is a usage error", async () => {
    const a = io();
    assert.equal(await main(["test", "nowhere"], a.io), 2);
    assert.match(a.out.join(""), /no test files in "nowhere"/);
  });
});
