// `flagon check` and `flagon routes` through the real bin on temporary projects and app files.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { runCli, SRC } from "../fixtures/spawn-cli.ts";

const KEY = "Qm9rT2xhVzVuY2FkZXZ3bGt6eG5tYnF3ZXJ0eXVpb3A";
const root = mkdtempSync(join(tmpdir(), "flagon-check-routes-"));
after(() => rmSync(root, { recursive: true, force: true }));

function write(dir: string, rel: string, text: string): void {
  const path = join(dir, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}

function project(name: string, settings: string): string {
  const dir = join(root, name);
  write(
    dir,
    "routes.ts",
    `import { Blueprint } from ${JSON.stringify(join(SRC, "core/index.ts"))};
const routes = new Blueprint("site");
routes.get("/", function home() { return "home"; }, "home");
routes.post("/items/:id<int>", (ctx) => String(ctx.params.id), "item");
export default routes;
`,
  );
  write(
    dir,
    "settings.ts",
    `import { defineSettings } from ${JSON.stringify(join(SRC, "project/index.ts"))};
import routes from "./routes.ts";
export default defineSettings({
  baseDir: import.meta.dirname,
  routes,
  databases: { default: "sqlite::memory:" },
  ${settings}
});
`,
  );
  return dir;
}

describe("flagon check", { timeout: 180_000 }, () => {
  const clean = project("clean", `debug: true, secretKey: ${JSON.stringify(KEY)},`);
  const weak = project(
    "weak",
    `secretKey: "change-me", allowedHosts: ["example.com"], templates: { folders: ["gone"] },`,
  );

  test("exit codes and output: clean, warnings, --deploy errors, --fail-level, --tag", async () => {
    const [ok, deploy, warnFail, tagged, badLevel, weakRun, weakDev] = await Promise.all([
      runCli(clean, ["check"]),
      runCli(clean, ["check", "--deploy"]),
      runCli(clean, ["check", "--fail-level", "WARNING"]),
      runCli(weak, ["check", "--tag", "templates"]),
      runCli(clean, ["check", "--fail-level", "INFO"]),
      runCli(weak, ["check", "--deploy"]),
      runCli(weak, ["check"]),
    ]);
    // Debug on: one warning (W001), exit 0.
    assert.equal(ok.status, 0, ok.output);
    assert.match(ok.output, /^flagon\.W001 warning: debug is on\. \(HINT: Never run/m);
    assert.match(ok.output, /System check identified 1 issue\.\n$/);
    // --deploy on the same settings: the secret key is fine, but allowedHosts and https are not.
    assert.equal(deploy.status, 0, deploy.output);
    assert.match(deploy.output, /flagon\.project\.W002 warning/);
    assert.match(deploy.output, /flagon\.W003 warning/);
    // Warnings fail at --fail-level WARNING.
    assert.equal(warnFail.status, 1);
    // Without --deploy the production checks stay off even with debug off (as Django's check).
    assert.equal(weakDev.status, 1, weakDev.output);
    assert.deepEqual(
      weakDev.output
        .split("\n")
        .filter((l) => /^flagon\./.test(l))
        .map((l) => l.split(" ")[0]),
      ["flagon.project.E001"],
    );
    // --deploy: the production checks run; errors first, exit 1.
    assert.equal(weakRun.status, 1, weakRun.output);
    const lines = weakRun.output.split("\n").filter((l) => /^flagon\./.test(l));
    assert.deepEqual(
      lines.map((l) => l.split(" ")[0]),
      ["flagon.E002", "flagon.project.E001", "flagon.W003"],
    );
    assert.match(weakRun.output, /System check identified 3 issues\./);
    // --tag keeps only that tag.
    assert.equal(tagged.status, 1);
    assert.match(
      tagged.output,
      /flagon\.project\.E001 error: The template folder .*gone does not exist/,
    );
    assert.doesNotMatch(tagged.output, /flagon\.E002/);
    assert.match(tagged.output, /System check identified 1 issue\./);
    // A bad option value is a usage error, one line, exit 2.
    assert.equal(badLevel.status, 2);
    assert.equal(badLevel.output.trim().split("\n").length, 1);
    assert.match(badLevel.output, /--fail-level must be ERROR or WARNING/);
  });

  test("outside a project: one line, exit 1", async () => {
    const empty = join(root, "empty");
    mkdirSync(empty, { recursive: true });
    const r = await runCli(empty, ["check"], { FLAGON_SETTINGS: undefined });
    assert.equal(r.status, 1);
    assert.match(
      r.output,
      /^flagon check: no Flagon project here.*\[FLG_ERR_PROJECT_NOT_FOUND\]\n$/,
    );
  });
});

describe("flagon routes", { timeout: 180_000 }, () => {
  test("a project: table and --json with method, path, name, handler and place", async () => {
    const dir = project("routes", `debug: true, secretKey: ${JSON.stringify(KEY)},`);
    const [tableRun, jsonRun] = await Promise.all([
      runCli(dir, ["routes"]),
      runCli(dir, ["routes", "--json"]),
    ]);
    assert.equal(tableRun.status, 0, tableRun.output);
    const lines = tableRun.output.trimEnd().split("\n");
    assert.match(lines[0]!, /^METHOD\s+PATH\s+NAME\s+HANDLER$/);
    assert.ok(
      lines.some((l) => /^GET\s+\/\s+site\.home\s+home \(routes\.ts:3\)$/.test(l)),
      tableRun.output,
    );
    assert.ok(
      lines.some((l) =>
        /^POST\s+\/items\/:id<int>\s+site\.item\s+<anonymous> \(routes\.ts:4\)$/.test(l),
      ),
      tableRun.output,
    );
    assert.equal(jsonRun.status, 0);
    const rows = JSON.parse(jsonRun.output.slice(jsonRun.output.indexOf("[")));
    assert.deepEqual(
      rows.find((r: { name: string }) => r.name === "site.home"),
      { method: "GET", path: "/", name: "site.home", handler: "home", location: "routes.ts:3" },
    );
  });

  test("app mode: a file whose default export is the app; listen() under import.meta.main", async () => {
    const dir = join(root, "appmode");
    write(
      dir,
      "server.ts",
      `import { flagon } from ${JSON.stringify(join(SRC, "index.ts"))};
const app = flagon();
app.get("/hello", function hello() { return "hi"; }, "hello");
if (import.meta.main) await app.listen();
export default app;
`,
    );
    write(dir, "plain.ts", "export default 42;\n");
    const [ok, wrong, missing] = await Promise.all([
      runCli(dir, ["routes", "server.ts"]),
      runCli(dir, ["routes", "plain.ts"]),
      runCli(dir, ["routes"]),
    ]);
    assert.equal(ok.status, 0, ok.output);
    assert.match(ok.output, /^GET\s+\/hello\s+hello\s+hello \(server\.ts:3\)$/m);
    assert.equal(wrong.status, 1);
    assert.match(wrong.output, /plain\.ts must export its app as the default export/);
    // No settings and no app.ts: one line naming what was looked for.
    assert.notEqual(missing.status, 0);
    assert.match(missing.output, /^flagon routes: no app file given/);
  });
});
