import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = join(import.meta.dirname, "..", "..");
const BATTERIES = [
  "conf",
  "i18n",
  "templates",
  "cache",
  "orm",
  "migrations",
  "sessions",
  "auth",
  "forms",
  "rest",
  "admin",
  "tasks",
  "realtime",
  "project",
  "testing",
  "cli",
];

function modulesLoadedBy(code: string): string[] {
  const out = spawnSync(
    process.execPath,
    ["--import", join(import.meta.dirname, "record-modules.ts"), "--input-type=module", "-e", code],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  assert.equal(out.status, 0, out.stderr);
  const line = out.stdout.split("\n").find((l) => l.startsWith("__MODULES__"));
  assert.ok(line, "the preload printed its list");
  return (JSON.parse(line.slice("__MODULES__".length)) as string[]).map((u) => fileURLToPath(u));
}

test("importing flagon loads no battery module and no dependency", () => {
  const files = modulesLoadedBy('await import("flagon");');
  const src = files.filter((f) => f.startsWith(join(root, "src")));
  assert.ok(
    src.some((f) => f.endsWith(join("src", "core", "app.ts"))),
    "the core was loaded",
  );
  for (const battery of BATTERIES) {
    const hit = src.find((f) => f.startsWith(join(root, "src", battery)));
    assert.equal(hit, undefined, `importing flagon loaded ${hit}`);
  }
  // The debug page and static files are loaded on first use (an error in debug mode, a
  // mountStatic call): a start-up loads the core and the adapters only.
  const middleware = src.find((f) => f.startsWith(join(root, "src", "middleware")));
  assert.equal(middleware, undefined, `importing flagon loaded ${middleware}`);
  const deps = files.filter((f) => f.includes(`${join("node_modules")}`));
  assert.deepEqual(deps, []);
});

test("flagon --version and help load no battery: the project is imported by the commands that use it", () => {
  for (const args of [["--version"], ["help"]]) {
    const out = spawnSync(
      process.execPath,
      [
        "--import",
        join(import.meta.dirname, "record-modules.ts"),
        join(root, "bin", "flagon.js"),
        ...args,
      ],
      { cwd: root, encoding: "utf8" },
    );
    assert.equal(out.status, 0, out.stderr);
    const line = out.stdout.split("\n").find((l) => l.startsWith("__MODULES__"));
    assert.ok(line, "the preload printed its list");
    const src = (JSON.parse(line.slice("__MODULES__".length)) as string[])
      .map((u) => fileURLToPath(u))
      .filter((f) => f.startsWith(join(root, "src")));
    assert.ok(
      src.some((f) => f.startsWith(join(root, "src", "cli"))),
      "the CLI was loaded",
    );
    for (const battery of BATTERIES.filter((b) => b !== "cli")) {
      const hit = src.find((f) => f.startsWith(join(root, "src", battery)));
      assert.equal(hit, undefined, `flagon ${args.join(" ")} loaded ${hit}`);
    }
  }
});

test("the recorder sees a battery when one is imported (the test above can fail)", () => {
  const files = modulesLoadedBy('await import("flagon/sessions");');
  assert.ok(files.some((f) => f.startsWith(join(root, "src", "sessions"))));
});

/** Node's own modules a child process loaded while running `code`, beyond a bare start. */
function builtinsLoadedBy(code: string): string[] {
  const script = `const before = new Set(process.moduleLoadList); ${code}; console.log("__BUILTINS__" + JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m))));`;
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root,
    encoding: "utf8",
  });
  assert.equal(out.status, 0, out.stderr);
  const line = out.stdout.split("\n").find((l) => l.startsWith("__BUILTINS__"));
  assert.ok(line, "the child printed its list");
  return JSON.parse(line.slice("__BUILTINS__".length)) as string[];
}

// An ES import of node:http loads undici and, through it, http2, tls, zlib and worker_threads
// (about 50 ms of start-up); node:crypto and the stream modules are loaded when first needed.
// See src/utils/builtins.ts.
const HEAVY_BUILTINS = ["undici", "http2", "tls", "zlib", "worker_threads", "crypto", "stream"];

test("importing flagon loads none of Node's heavy built-in modules", () => {
  const loaded = builtinsLoadedBy('await import("flagon")');
  for (const name of HEAVY_BUILTINS) {
    const hit = loaded.find((m) => m.includes(name));
    assert.equal(hit, undefined, `importing flagon loaded ${hit}`);
  }
});

test("the built-in recorder sees an ES import of node:http pull in undici (the test above can fail)", () => {
  const loaded = builtinsLoadedBy('await import("node:http")');
  assert.ok(
    loaded.some((m) => m.includes("undici")),
    loaded.join(", "),
  );
});
