// startapp: the files it writes, installing the app in settings.ts only when that file has the
// generated form, the installed app serving its page, and the names and folders it refuses.
import assert from "node:assert/strict";
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
import type { Project } from "../../project/index.ts";
import { TestClient } from "../../testing/index.ts";
import { assertUsage, runMain } from "../fixtures/run-main.ts";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "flagon-startapp-"));
after(() => rmSync(root, { recursive: true, force: true }));

const run = (args: string[], cwd: string) => runMain(args, cwd);

let count = 0;
/** A fresh generated project with `flagon` resolvable from it. */
async function newProject(): Promise<string> {
  const name = `site${++count}`;
  assert.equal((await run(["startproject", name], root)).code, 0);
  const dir = join(root, name);
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(REPO, join(dir, "node_modules", "flagon"), "dir");
  return dir;
}

async function loadProject(dir: string): Promise<Project> {
  return ((await import(pathToFileURL(join(dir, "app.ts")).href)) as { project: Project }).project;
}

const settingsOf = (dir: string) => readFileSync(join(dir, "settings.ts"), "utf8");

describe("flagon startapp", () => {
  test("writes the app, adds it to installedApps, and the project serves its page", async () => {
    const dir = await newProject();
    const r = await run(["startapp", "blog"], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Created app blog in blog\/ \(6 files\)/);
    assert.match(r.out, /Added blog to installedApps in settings\.ts\./);
    assert.match(r.out, /blog\/models\.ts, then run "flagon makemigrations" and "flagon migrate"/);
    const files = readdirSync(join(dir, "blog"), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(join(dir, "blog"), join(e.parentPath, e.name)))
      .sort();
    assert.deepEqual(files, [
      "app.ts",
      "blog.test.ts",
      "migrations/.gitkeep",
      "models.ts",
      "routes.ts",
      "templates/blog/index.html",
    ]);
    assert.match(readFileSync(join(dir, "blog/blog.test.ts"), "utf8"), /from "\.\.\/app\.ts"/);
    assert.equal((await run(["startapp", "shop_2"], dir)).code, 0);
    const settings = settingsOf(dir);
    assert.match(settings, /^import blog from "\.\/blog\/app\.ts";$/m);
    assert.match(settings, /^import shop_2 from "\.\/shop_2\/app\.ts";$/m);
    assert.match(settings, /^ {2}installedApps: \[blog, shop_2\],$/m);

    const project = await loadProject(dir);
    try {
      assert.deepEqual(
        project.apps.map((a) => a.label),
        ["blog", "shop_2"],
      );
      assert.deepEqual(project.models(), []);
      assert.equal(project.getApp("blog")?.migrationsDir, join(dir, "blog", "migrations"));
      const client = new TestClient(project.app);
      const page = await client.get("/blog/");
      assert.equal(page.status, 200);
      // The app's template extends the project's base.html.
      assert.match(page.text, /<title>blog<\/title>/);
      assert.match(page.text, /<h1>blog<\/h1>/);
      assert.match((await client.get("/shop_2/")).text, /<h1>shop_2<\/h1>/);
      assert.equal((await client.get("/")).status, 200);
    } finally {
      await project.close();
    }
  });

  test("an app in a sub-folder, and a name already used in settings.ts", async () => {
    const dir = await newProject();
    const r = await run(["startapp", "news", "apps/news"], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Created app news in apps\/news\//);
    assert.match(
      readFileSync(join(dir, "apps/news/news.test.ts"), "utf8"),
      /from "\.\.\/\.\.\/app\.ts"/,
    );
    // `routes` is already imported by settings.ts: the app comes in as routesApp.
    assert.equal((await run(["startapp", "routes", "apps/routes"], dir)).code, 0);
    const settings = settingsOf(dir);
    assert.match(settings, /^import news from "\.\/apps\/news\/app\.ts";$/m);
    assert.match(settings, /^import routesApp from "\.\/apps\/routes\/app\.ts";$/m);
    assert.match(settings, /installedApps: \[news, routesApp\],/);
    const project = await loadProject(dir);
    try {
      assert.deepEqual(
        project.apps.map((a) => a.name),
        ["news", "routes"],
      );
      assert.match((await new TestClient(project.app).get("/routes/")).text, /<h1>routes<\/h1>/);
    } finally {
      await project.close();
    }
  });

  test("a settings file not in the generated form is left alone; the lines are printed", async () => {
    const dir = await newProject();
    const edited = settingsOf(dir).replace("installedApps: [],", "installedApps: [...extraApps],");
    writeFileSync(join(dir, "settings.ts"), edited);
    const r = await run(["startapp", "blog"], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /Install it by hand; in settings\.ts add\n {2}import blog from "\.\/blog\/app\.ts";\nand list blog in installedApps\./,
    );
    assert.equal(settingsOf(dir), edited);
    assert.ok(existsSync(join(dir, "blog", "app.ts")));
  });

  test("outside a project: the app is written and the user told to install it", async () => {
    const bare = join(root, "bare");
    mkdirSync(bare);
    const r = await run(["startapp", "notes"], bare);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /No settings file here/);
    assert.ok(existsSync(join(bare, "notes", "routes.ts")));
  });

  test("bad names, busy folders and arguments: one line, exit 2, nothing written", async () => {
    const dir = await newProject();
    const before = settingsOf(dir);
    for (const name of ["Blog", "my-app", "1blog", "_blog", "blog.x", "b".repeat(41)]) {
      assertUsage(await run(["startapp", "--", name], dir), /is not a valid app name/);
    }
    for (const name of ["class", "delete", "default", "import"]) {
      assertUsage(await run(["startapp", name], dir), /JavaScript reserved word/);
    }
    for (const name of ["http", "crypto", "test", "flagon", "node_modules", "templates"]) {
      assertUsage(await run(["startapp", name], dir), /built-in module|already uses/);
    }
    mkdirSync(join(dir, "notes"));
    writeFileSync(join(dir, "notes", "x.txt"), "mine");
    assertUsage(await run(["startapp", "notes"], dir), /notes already exists and is not empty/);
    assertUsage(await run(["startapp"], dir), /give the app a name/);
    assertUsage(await run(["startapp", "a", "b", "c"], dir), /unexpected argument "c"/);
    assert.equal(settingsOf(dir), before);
    assert.deepEqual(readdirSync(join(dir, "notes")), ["x.txt"]);
  });
});
