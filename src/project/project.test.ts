/**
 * A project assembled from settings: apps' routes, templates (project folder first), static
 * files (project folder first, then apps'), SQLite path anchored at baseDir, ready hooks,
 * checks; loading a settings file from disk; the errors for a wrong app or settings shape.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { Blueprint } from "../core/index.ts";
import { f, model } from "../orm/index.ts";
import { TestClient } from "../testing/index.ts";
import { defineApp } from "./define-app.ts";
import { defineSettings } from "./define-settings.ts";
import { createProject } from "./create-project.ts";
import { ERR_PROJECT_APP, ERR_PROJECT_NOT_FOUND, ERR_PROJECT_SETTINGS } from "./errors.ts";
import { loadProject } from "./load-project.ts";

const root = mkdtempSync(join(tmpdir(), "flagon-project-"));
after(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  const path = join(root, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}

write("templates/shared.html", "project wins");
write("blog/templates/shared.html", "app loses");
write(
  "blog/templates/blog/post.html",
  "{% extends 'base.html' %}{% block b %}{{ title }}{% endblock %}",
);
write("templates/base.html", "<main>{% block b %}{% endblock %}</main>");
write("static/site.css", "project css");
write("blog/static/blog.css", "app css");
write("blog/static/site.css", "shadowed");

const Post = model("blog.Post", { title: f.string({ maxLength: 50 }) });

describe("createProject", () => {
  test("mounts routes, templates and static files in Django's order; anchors SQLite at baseDir", async () => {
    const routes = new Blueprint("blog", { prefix: "/blog" });
    routes.get("/:id<int>", (ctx) =>
      ctx.render("blog/post.html", { title: `post ${ctx.params.id}` }),
    );
    routes.get("/shared", (ctx) => ctx.render("shared.html"));
    const readyOrder: string[] = [];
    const blog = defineApp({
      name: "blog",
      dir: join(root, "blog"),
      models: [Post],
      routes,
      ready: () => {
        readyOrder.push("blog");
      },
    });
    const settings = defineSettings({
      baseDir: root,
      debug: true,
      secretKey: "a-test-secret-key-that-is-long-enough-1234567890",
      installedApps: [blog],
    });
    assert.equal(settings.databases.default, `sqlite:///${join(root, "db.sqlite3")}`);
    const project = await createProject(settings, { databases: { default: "sqlite::memory:" } });
    try {
      assert.deepEqual(readyOrder, ["blog"]);
      assert.deepEqual(project.models(), [Post]);
      assert.deepEqual(project.migrationsApps(), [
        { label: "blog", models: [Post], migrationsDir: join(root, "blog", "migrations") },
      ]);
      const client = new TestClient(project.app);
      assert.equal((await client.get("/blog/7")).text, "<main>post 7</main>");
      assert.equal((await client.get("/blog/shared")).text, "project wins");
      assert.equal((await client.get("/static/site.css")).text, "project css");
      assert.equal((await client.get("/static/blog.css")).text, "app css");
      assert.equal((await client.get("/static/missing.css")).status, 404);
      assert.equal((await client.get("/static/../settings.ts")).status, 404);
      const ids = (await project.check()).map((m) => m.id);
      assert.ok(ids.includes("flagon.W001"), `debug warning expected in ${ids}`);
    } finally {
      await project.close();
    }
  });

  test("a model of another app, a duplicate label and a non-app are refused", () => {
    assert.throws(
      () => defineApp({ name: "shop", dir: root, models: [Post] }),
      (e: { code?: string; message: string }) =>
        e.code === ERR_PROJECT_APP && e.message.includes("blog.Post"),
    );
    const a = defineApp({ name: "blog", dir: root });
    assert.throws(
      () => defineSettings({ baseDir: root, installedApps: [a, a] }),
      (e: { code?: string }) => e.code === ERR_PROJECT_APP,
    );
    assert.throws(
      () => defineSettings({ baseDir: root, installedApps: [{} as never] }),
      (e: { code?: string }) => e.code === ERR_PROJECT_APP,
    );
    assert.throws(() => defineApp({ name: "Bad-Name", dir: root }), /lower-case identifier/);
  });
});

describe("loadProject", () => {
  test("finds settings.ts in the folder, or says where it looked", async () => {
    const empty = mkdtempSync(join(tmpdir(), "flagon-noproject-"));
    try {
      await assert.rejects(
        loadProject({ cwd: empty, env: {} }),
        (e: { code?: string; message: string }) =>
          e.code === ERR_PROJECT_NOT_FOUND && e.message.includes("settings.ts"),
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const index = join(import.meta.dirname, "index.ts");
    write(
      "proj/settings.ts",
      `import { defineSettings } from ${JSON.stringify(index)};\nexport default defineSettings({ baseDir: import.meta.dirname, databases: { default: "sqlite::memory:" } });\n`,
    );
    const project = await loadProject({ cwd: join(root, "proj"), env: {} });
    try {
      assert.equal(project.settings.baseDir, join(root, "proj"));
    } finally {
      await project.close();
    }
    write("wrong/settings.ts", "export default { debug: true };\n");
    await assert.rejects(
      loadProject({ cwd: join(root, "wrong"), env: {} }),
      (e: { code?: string }) => e.code === ERR_PROJECT_SETTINGS,
    );
  });
});
