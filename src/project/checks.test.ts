/**
 * The project checks on real folders: missing template/static folders, a migrations path that
 * is a file, a model listed twice, two models on one table, a bad or unreachable SQLite URL,
 * sessions without a key, and the deploy-only ones; and that Project.check() includes them.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { f, model } from "../orm/index.ts";
import { CHECK_TAGS, checkTag, projectChecks } from "./checks.ts";
import { createProject } from "./create-project.ts";
import { defineApp } from "./define-app.ts";
import { defineSettings } from "./define-settings.ts";

const root = mkdtempSync(join(tmpdir(), "flagon-checks-"));
after(() => rmSync(root, { recursive: true, force: true }));
const KEY = "Qm9rT2xhVzVuY2FkZXZ3bGt6eG5tYnF3ZXJ0eXVpb3A";

const ids = (list: readonly { id: string }[]) => list.map((m) => m.id).sort();

describe("projectChecks", () => {
  test("a clean project has nothing to report, in development and with --deploy", () => {
    const dir = join(root, "clean");
    mkdirSync(join(dir, "static"), { recursive: true });
    mkdirSync(join(dir, "staticfiles"), { recursive: true });
    const settings = defineSettings({
      baseDir: dir,
      secretKey: KEY,
      allowedHosts: ["example.com"],
      databases: { default: `sqlite:///${dir}/db.sqlite3` },
    });
    assert.deepEqual(projectChecks(settings), []);
    assert.deepEqual(projectChecks(settings, { deploy: true }), []);
  });

  test("missing folders, a migrations file, a model twice, a shared table, bad databases", () => {
    const dir = join(root, "broken");
    mkdirSync(join(dir, "blog"), { recursive: true });
    writeFileSync(join(dir, "blog", "migrations"), "not a folder");
    const A = model("blog.Article", { title: f.string({ maxLength: 10 }) }, { table: "shared" });
    const B = model("shop.Basket", { size: f.int() }, { table: "shared" });
    const blog = defineApp({
      name: "blog",
      dir: join(dir, "blog"),
      models: [A, A],
      templates: "no-templates-here",
    });
    const shop = defineApp({ name: "shop", dir: join(dir, "shop"), models: [B] });
    const settings = defineSettings({
      baseDir: dir,
      installedApps: [blog, shop],
      templates: { folders: ["missing-templates"] },
      static: { folders: ["missing-static"] },
      databases: {
        default: "sqlite:////no/such/folder/db.sqlite3",
        other: "ftp://example.com/db",
      },
    });
    const found = projectChecks(settings, { deploy: false });
    assert.deepEqual(ids(found), [
      "flagon.project.E001",
      "flagon.project.E001",
      "flagon.project.E002",
      "flagon.project.E003",
      "flagon.project.E004",
      "flagon.project.E005",
      "flagon.project.E006",
      "flagon.project.E007",
      "flagon.project.W001",
    ]);
    const e005 = found.find((m) => m.id === "flagon.project.E005")!;
    assert.match(e005.message, /blog\.Article and shop\.Basket use the same table "shared"/);
    assert.ok(
      found.every((m) => m.hint.length > 0),
      "every message has a hint",
    );
  });

  test("deploy adds: allowedHosts not set, static root missing though there are static files", () => {
    const dir = join(root, "deploy");
    mkdirSync(join(dir, "static"), { recursive: true });
    const settings = defineSettings({
      baseDir: dir,
      secretKey: KEY,
      databases: { default: "sqlite::memory:" },
    });
    assert.deepEqual(ids(projectChecks(settings, { deploy: false })), []);
    assert.deepEqual(ids(projectChecks(settings, { deploy: true })), [
      "flagon.project.W002",
      "flagon.project.W003",
    ]);
  });

  test("Project.check() includes them, and sees https from the app options", async () => {
    const dir = join(root, "project");
    mkdirSync(dir, { recursive: true });
    const settings = defineSettings({
      baseDir: dir,
      secretKey: KEY,
      allowedHosts: ["example.com"],
      templates: { folders: ["nope"] },
      app: { https: true },
      databases: { default: "sqlite::memory:" },
    });
    const project = await createProject(settings);
    try {
      assert.deepEqual(ids(await project.check({ deploy: true })), ["flagon.project.E001"]);
    } finally {
      await project.close();
    }
  });

  test("tags", () => {
    assert.equal(checkTag("flagon.E002"), "security");
    assert.equal(checkTag("flagon.project.E001"), "templates");
    assert.equal(checkTag("polls.E001"), "apps");
    assert.ok(CHECK_TAGS.includes("apps") && CHECK_TAGS.includes("database"));
  });
});
