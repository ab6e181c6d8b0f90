/**
 * `flagon.project.W004`: a conditional unique constraint on a project with a MySQL/MariaDB
 * database, where it is not created (Django's models.W036). No connection is opened.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { f, model, ModelRegistry, unique } from "../orm/index.ts";
import { projectChecks } from "./checks.ts";
import { defineApp } from "./define-app.ts";
import { defineSettings } from "./define-settings.ts";

const root = mkdtempSync(join(tmpdir(), "flagon-checks-cons-"));
after(() => rmSync(root, { recursive: true, force: true }));
const KEY = "Qm9rT2xhVzVuY2FkZXZ3bGt6eG5tYnF3ZXJ0eXVpb3A";

const registry = new ModelRegistry();
const Seat = model(
  "chw.Seat",
  { code: f.string({ maxLength: 5 }), taken: f.boolean() },
  {
    registry,
    constraints: [
      unique({ name: "chw_code_uniq", fields: ["code"] }),
      unique({ name: "chw_taken_code_uniq", fields: ["code"], condition: { taken: true } }),
    ],
  },
);

function settings(url: string) {
  const app = defineApp({ name: "chw", dir: join(root, "chw"), models: [Seat] });
  return defineSettings({
    baseDir: root,
    secretKey: KEY,
    installedApps: [app],
    databases: { default: "sqlite::memory:", other: url },
  });
}

test("W004 names each conditional unique constraint when a database is MySQL/MariaDB", () => {
  const found = projectChecks(settings("mysql://root@127.0.0.1:3306/x"), { deploy: false });
  const w = found.filter((m) => m.id === "flagon.project.W004");
  assert.equal(w.length, 1);
  assert.equal(w[0]!.level, "warning");
  assert.match(w[0]!.message, /chw\.Seat: .*"chw_taken_code_uniq" is not created there/);
});

test("no W004 on PostgreSQL and SQLite, which have partial indexes", () => {
  const found = projectChecks(settings("postgres://u@127.0.0.1/x"), { deploy: false });
  assert.deepEqual(
    found.filter((m) => m.id === "flagon.project.W004"),
    [],
  );
});
