// runserver and serve in project mode, end to end: the real bin on a temporary project (settings,
// an app with routes, a migration), real servers on port 0, real HTTP, cleaned up in finally.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { getFresh, SRC, startCli, stopCli, within } from "../fixtures/spawn-cli.ts";

const KEY = "Qm9rT2xhVzVuY2FkZXZ3bGt6eG5tYnF3ZXJ0eXVpb3A";
const root = mkdtempSync(join(tmpdir(), "flagon-project-server-"));
after(() => rmSync(root, { recursive: true, force: true }));

const LISTENING = /listening on (http:\/\/[0-9.:]+)/;

function write(dir: string, rel: string, text: string): void {
  const path = join(dir, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}

function routesSource(version: string): string {
  return `import { Blueprint } from ${JSON.stringify(join(SRC, "core/index.ts"))};
const routes = new Blueprint("pages");
routes.get("/", function home() {
  return \`${version} pid=\${process.pid} env=\${process.env.NODE_ENV}\`;
}, "home");
routes.get("/slow", async () => {
  await new Promise((r) => setTimeout(r, 1500));
  return "slow done";
});
routes.get("/boom", () => { throw new Error("kaboom"); });
export default routes;
`;
}

/** A project: settings.ts, a `pages` app with routes and one migration, and an app.ts too. */
function makeProject(name: string, secretKey: string): string {
  const dir = join(root, name);
  write(
    dir,
    "settings.ts",
    `import { defineSettings } from ${JSON.stringify(join(SRC, "project/index.ts"))};
import pages from "./pages/app.ts";
export default defineSettings({
  baseDir: import.meta.dirname,
  debug: false,
  secretKey: ${JSON.stringify(secretKey)},
  allowedHosts: ["127.0.0.1", "localhost"],
  app: { https: true },
  installedApps: [pages],
  databases: { default: \`sqlite:///\${import.meta.dirname}/db.sqlite3\` },
});
`,
  );
  write(
    dir,
    "pages/app.ts",
    `import { defineApp } from ${JSON.stringify(join(SRC, "project/index.ts"))};
import routes from "./routes.ts";
export default defineApp({ name: "pages", dir: import.meta.dirname, routes });
`,
  );
  write(dir, "pages/routes.ts", routesSource("v1"));
  write(
    dir,
    "pages/migrations/0001_initial.ts",
    `import { migration } from ${JSON.stringify(join(SRC, "migrations/index.ts"))};
export default migration({ dependencies: [], operations: [] });
`,
  );
  // Project mode wins over an app.ts when no file is named; this one would fail loudly.
  write(dir, "app.ts", `throw new Error("app.ts must not run in project mode");\n`);
  return dir;
}

describe("flagon runserver (project)", { timeout: 180_000 }, () => {
  test("checks, warns about migrations, prints the banner, serves with debug, restarts on edit", async () => {
    const dir = makeProject("dev", "change-me");
    const run = startCli(dir, ["runserver", "--port", "0"], { NODE_ENV: undefined });
    try {
      const first = await run.waitFor(/Starting development server at (http:\/\/[0-9.:]+)\//);
      const out = run.output();
      assert.match(out, /Performing system checks/);
      // Debug is forced on, so the weak key is no error in development; W001 is not repeated.
      assert.match(out, /System check identified no issues\./);
      assert.match(
        out,
        /You have 1 unapplied migration\(s\).*app\(s\): pages\.\nRun "flagon migrate"/,
      );
      assert.match(out, /Flagon version \d+\.\d+\.\d+, using settings settings\.ts/);
      assert.match(out, /Quit the server with Ctrl\+C\./);
      const url = first[1]!;
      assert.match((await getFresh(url)).body, /^v1 pid=\d+/);
      const boom = await fetch(`${url}/boom`, { headers: { accept: "text/html" } });
      assert.equal(boom.status, 500);
      assert.match(await boom.text(), /kaboom/, "the debug page shows the error");

      const mark = run.output().length;
      write(dir, "pages/routes.ts", routesSource("v2"));
      const second = await run.waitFor(
        /Starting development server at (http:\/\/[0-9.:]+)\//,
        mark,
      );
      assert.match((await getFresh(second[1]!)).body, /^v2 pid=\d+/);
      run.child.kill("SIGTERM");
      await within(run.exited, 20_000, "runserver shutdown");
    } finally {
      stopCli(run);
    }
  });
});

describe("flagon serve (project)", { timeout: 180_000 }, () => {
  test("refuses to start on a deploy error: exit 1 and one clear message", async () => {
    const dir = makeProject("weak", "change-me-please-this-is-a-placeholder-key");
    const run = startCli(dir, ["serve", "--port", "0"], { FLAGON_DEBUG: "1" });
    try {
      assert.equal(await within(run.exited, 60_000, "serve"), 1);
      const out = run.output();
      assert.match(out, /flagon serve: not started: the system check found 1 error/);
      assert.equal(out.match(/flagon\.E002 error: secretKey is too weak.*placeholder/g)?.length, 1);
      assert.doesNotMatch(out, /\n\s+at /, "no stack trace");
      assert.doesNotMatch(out, LISTENING);
    } finally {
      stopCli(run);
    }
  });

  test("one process: debug off, JSON logs, SIGTERM drains an in-flight request", async () => {
    const dir = makeProject("prod", KEY);
    const run = startCli(dir, ["serve", "--port", "0"], { FLAGON_DEBUG: "1", NODE_ENV: undefined });
    try {
      const url = (await run.waitFor(LISTENING))[1]!;
      assert.match((await getFresh(url)).body, /^v1 pid=\d+ env=production$/);
      const boom = await fetch(`${url}/boom`, { headers: { accept: "text/html" } });
      assert.equal(boom.status, 500);
      assert.doesNotMatch(await boom.text(), /kaboom/, "no debug page in production");
      const listening = run
        .output()
        .split("\n")
        .find((l) => l.includes("listening on"))!;
      assert.equal(JSON.parse(listening).level, "info", "log lines are JSON");
      assert.match(run.output(), /"msg":"You have 1 unapplied migration/);

      const slow = getFresh(`${url}/slow`);
      await new Promise((r) => setTimeout(r, 300));
      run.child.kill("SIGTERM");
      assert.deepEqual(await slow, { status: 200, body: "slow done" });
      assert.equal(await within(run.exited, 20_000, "serve shutdown"), 0);
    } finally {
      stopCli(run);
    }
  });

  test("--workers 2: two processes on one port, a crashed one replaced, SIGTERM stops all, exit 0", async () => {
    const dir = makeProject("cluster", KEY);
    const run = startCli(dir, ["serve", "--port", "0", "--workers", "2"]);
    try {
      const url = (await run.waitFor(LISTENING))[1]!;
      await run.waitFor(/listening on[^\n]*\n(?:.*\n)*?.*listening on/);
      const pids = new Set<string>();
      for (let i = 0; i < 40 && pids.size < 2; i++) {
        pids.add(/pid=(\d+)/.exec((await getFresh(url)).body)![1]!);
      }
      assert.equal(pids.size, 2, `answers came from ${[...pids]}`);
      assert.ok(!pids.has(String(run.child.pid)), "the primary does not serve");
      // A crashed worker is replaced.
      const [victim] = pids;
      const mark = run.output().length;
      process.kill(Number(victim), "SIGKILL");
      await run.waitFor(/died \(signal SIGKILL\); restarting in \d+ms/, mark);
      await run.waitFor(LISTENING, mark);
      for (let i = 0; i < 40 && pids.size < 3; i++) {
        pids.add(/pid=(\d+)/.exec((await getFresh(url)).body)![1]!);
      }
      assert.equal(pids.size, 3, `a new worker answers: ${[...pids]}`);
      run.child.kill("SIGTERM");
      assert.equal(await within(run.exited, 30_000, "cluster shutdown"), 0);
      for (const pid of pids) {
        if (pid === victim) continue;
        assert.throws(() => process.kill(Number(pid), 0), `worker ${pid} still alive`);
      }
    } finally {
      stopCli(run);
    }
  });
});
