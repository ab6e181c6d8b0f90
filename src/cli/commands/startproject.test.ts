// startproject: what it writes, that the result loads and serves its home page, that it
// type-checks, and that bad names and busy folders are refused with one line and exit 2.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { secretKeyProblem } from "../../core/index.ts";
import type { Project } from "../../project/index.ts";
import { TestClient } from "../../testing/index.ts";
import { assertUsage, runMain } from "../fixtures/run-main.ts";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const VERSION = (
  JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }
).version;
const root = mkdtempSync(join(tmpdir(), "flagon-startproject-"));
after(() => rmSync(root, { recursive: true, force: true }));

const run = (args: string[], cwd = root) => runMain(args, cwd);

/** Make `flagon` (and Node's types) resolvable from a generated project, as npm install would. */
function linkFlagon(dir: string): void {
  mkdirSync(join(dir, "node_modules", "@types"), { recursive: true });
  symlinkSync(REPO, join(dir, "node_modules", "flagon"), "dir");
  symlinkSync(join(REPO, "node_modules/@types/node"), join(dir, "node_modules/@types/node"), "dir");
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !join(e.parentPath, e.name).includes("node_modules"))
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe("flagon startproject", () => {
  test("writes a project that loads, serves its home page and fails the deploy check", async () => {
    const r = await run(["startproject", "mysite"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Created project mysite in mysite\//);
    assert.match(r.out, /cd mysite\n {2}npm install\n {2}npm run migrate\n {2}npm run dev/);
    const dir = join(root, "mysite");
    assert.deepEqual(files(dir), [
      ".env.example",
      ".gitignore",
      "README.md",
      "app.ts",
      "home.test.ts",
      "package.json",
      "routes.ts",
      "settings.ts",
      "static/css/site.css",
      "templates/base.html",
      "templates/home.html",
      "tsconfig.json",
    ]);
    for (const f of files(dir)) assert.doesNotMatch(readFileSync(join(dir, f), "utf8"), /__[A-Z]/);

    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    assert.equal(pkg.name, "mysite");
    assert.equal(pkg.type, "module");
    assert.equal(pkg.private, true);
    assert.equal(pkg.engines.node, ">=22.18");
    assert.equal(pkg.dependencies.flagon, `^${VERSION}`);
    assert.match(pkg.dependencies["better-sqlite3"], /^\^\d+\.\d+\.\d+/);
    assert.deepEqual(
      Object.fromEntries(
        ["dev", "start", "test", "migrate", "makemigrations", "check"].map((s) => [
          s,
          pkg.scripts[s],
        ]),
      ),
      {
        dev: "flagon runserver",
        start: "flagon serve",
        test: "flagon test",
        migrate: "flagon migrate",
        makemigrations: "flagon makemigrations",
        check: "flagon check",
      },
    );
    assert.match(readFileSync(join(dir, ".gitignore"), "utf8"), /^node_modules\/$/m);
    assert.match(readFileSync(join(dir, ".gitignore"), "utf8"), /^\.env$/m);

    const key = /"(flagon-insecure-[^"]+)"/.exec(
      readFileSync(join(dir, "settings.ts"), "utf8"),
    )?.[1];
    assert.ok(key !== undefined && key.length >= 60, "a long random development key");
    assert.equal(secretKeyProblem(key), "it looks like a placeholder");

    linkFlagon(dir);
    const mod = (await import(pathToFileURL(join(dir, "app.ts")).href)) as { project: Project };
    try {
      assert.equal(mod.project.settings.secretKey, key);
      assert.equal(mod.project.settings.databases.default, `sqlite:///${join(dir, "db.sqlite3")}`);
      const client = new TestClient(mod.project.app);
      const home = await client.get("/");
      assert.equal(home.status, 200);
      assert.match(home.text, /<h1>mysite is running<\/h1>/);
      assert.match(home.text, /<link rel="stylesheet" href="\/static\/css\/site\.css/);
      const ids = (await mod.project.check({ deploy: true })).map((m) => m.id);
      assert.ok(ids.includes("flagon.E002"), `the dev key fails the deploy check: ${ids}`);
    } finally {
      await mod.project.close();
    }
  });

  test("each project gets its own key", async () => {
    assert.equal((await run(["startproject", "one"])).code, 0);
    assert.equal((await run(["startproject", "two"])).code, 0);
    const keyOf = (p: string) =>
      /"(flagon-insecure-[^"]+)"/.exec(readFileSync(join(root, p, "settings.ts"), "utf8"))?.[1];
    assert.notEqual(keyOf("one"), keyOf("two"));
  });

  test("DIR: an empty folder or one holding only .git is used; anything else is refused", async () => {
    const here = join(root, "here");
    mkdirSync(join(here, ".git"), { recursive: true });
    const r = await run(["startproject", "site_b", "."], here);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Created project site_b in \.\//);
    assert.doesNotMatch(r.out, /cd /);
    assert.ok(existsSync(join(here, "settings.ts")));

    assertUsage(
      await run(["startproject", "again", "."], here),
      /\. already exists and is not empty/,
    );
    assertUsage(await run(["startproject", "mysite"]), /mysite already exists and is not empty/);
    writeFileSync(join(root, "afile"), "x");
    assertUsage(await run(["startproject", "p", "afile"]), /afile exists and is not a folder/);
    const nested = await run(["startproject", "deep", "a/b/deep"]);
    assert.equal(nested.code, 0, nested.err);
    assert.ok(existsSync(join(root, "a/b/deep/app.ts")));
  });

  test("bad names and arguments: one line, exit 2, nothing written", async () => {
    const before = readdirSync(root).sort();
    for (const name of ["MySite", "1site", "my site", "-x", "a.b", "site!", "a".repeat(215)]) {
      const r = await run(["startproject", "--", name]);
      assertUsage(r, /is not a valid project name/);
    }
    for (const name of ["http", "fs", "test", "sqlite", "flagon", "node_modules"]) {
      assertUsage(await run(["startproject", name]), /built-in module|already uses/);
    }
    assertUsage(await run(["startproject"]), /give the project a name/);
    assertUsage(await run(["startproject", "a", "b", "c"]), /unexpected argument "c"/);
    assertUsage(await run(["startproject", "a", "--force"]), /unknown option/);
    assert.deepEqual(readdirSync(root).sort(), before);
  });

  test("help describes it", async () => {
    const r = await run(["help", "startproject"]);
    assert.equal(r.code, 0);
    assert.match(r.out, /startproject NAME \[DIR\]/);
  });
});

describe("a generated project type-checks", () => {
  test("tsc --noEmit passes on the project and a new app", { timeout: 240_000 }, async () => {
    const dir = join(root, "typed");
    assert.equal((await run(["startproject", "typed"])).code, 0);
    linkFlagon(dir);
    assert.equal((await run(["startapp", "blog"], dir)).code, 0);
    // An empty models.ts, and one with a model, both fit `models: Object.values(models)`.
    assert.equal((await run(["startapp", "shop"], dir)).code, 0);
    writeFileSync(
      join(dir, "shop", "models.ts"),
      'import { f, model } from "flagon/orm";\n\nexport const Item = model("shop.Item", { name: f.string({ maxLength: 50 }) });\n',
    );
    const tsc = join(REPO, "node_modules/typescript/bin/tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json", "--pretty", "false"], {
      cwd: dir,
      encoding: "utf8",
      timeout: 200_000,
    });
    // Only the generated files are judged here; Flagon's own sources have their own check.
    const ours = r.stdout
      .split("\n")
      .filter((line) => /^[^.\s/][^(]*\.ts\(\d+,\d+\): error|^error TS/.test(line));
    assert.deepEqual(ours, [], r.stdout);
    assert.ok(r.status !== null, "tsc finished");
  });
});
