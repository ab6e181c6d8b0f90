/**
 * The package as npm installs it: `npm pack` (which builds dist/ and points the exports at it),
 * unpacked into a node_modules folder, where Node will not strip types. Every export must
 * import, and the `flagon` command must run. Packed from a copy of the checkout, because
 * prepack rewrites package.json while it runs and the other suites read the real one.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { builtExports } from "../../scripts/pack-manifest.ts";

const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "flagon-pack-"));
after(() => rmSync(work, { recursive: true, force: true }));

test("builtExports points each TypeScript entry at its built file and types", () => {
  assert.deepEqual(builtExports({ ".": "./src/index.ts", "./package.json": "./package.json" }), {
    ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
    "./package.json": "./package.json",
  });
});

test("the packed package installs into node_modules and runs without type stripping", {
  timeout: 240_000,
}, () => {
  const copy = join(work, "checkout");
  mkdirSync(copy);
  for (const name of [
    "src",
    "bin",
    "scripts",
    "package.json",
    "tsconfig.json",
    "tsconfig.build.json",
    "README.md",
  ]) {
    cpSync(join(root, name), join(copy, name), { recursive: true });
  }
  symlinkSync(join(root, "node_modules"), join(copy, "node_modules"));
  const npm = process.env.npm_execpath;
  const packArgs = ["pack", "--silent", "--pack-destination", work];
  const tarball = (
    npm?.endsWith(".js")
      ? execFileSync(process.execPath, [npm, ...packArgs], { cwd: copy, encoding: "utf8" })
      : execFileSync("npm", packArgs, { cwd: copy, encoding: "utf8" })
  )
    .trim()
    .split("\n")
    .at(-1)!;
  // postpack put the checkout's manifest back.
  assert.equal(
    readFileSync(join(copy, "package.json"), "utf8"),
    readFileSync(join(root, "package.json"), "utf8"),
  );

  const app = join(work, "app");
  const installed = join(app, "node_modules", "flagon");
  mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["-xzf", join(work, tarball), "-C", installed, "--strip-components=1"]);
  const files = readdirSync(installed);
  assert.ok(files.includes("dist") && !files.includes("src"), `shipped: ${files.join(", ")}`);
  for (const dep of ["kysely", "better-sqlite3"]) {
    symlinkSync(join(root, "node_modules", dep), join(app, "node_modules", dep));
  }

  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    exports: Record<string, string>;
  };
  const entries = Object.keys(pkg.exports).filter((k) => k !== "./package.json");
  const code = `${entries.map((k, i) => `import * as m${i} from ${JSON.stringify(k === "." ? "flagon" : `flagon/${k.slice(2)}`)};`).join("\n")}
const { flagon } = m0;
const a = flagon({ accessLog: false });
a.get("/", () => "packed");
const res = await a.fetch(new Request("http://localhost/"));
console.log(await res.text(), [${entries.map((_, i) => `m${i}`).join(", ")}].every((m) => Object.keys(m).length > 0));`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
    cwd: app,
    encoding: "utf8",
  });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), "packed true");

  const version = spawnSync(process.execPath, [join(installed, "bin", "flagon.js"), "--version"], {
    cwd: app,
    encoding: "utf8",
  });
  assert.equal(version.status, 0, version.stderr);
  assert.match(version.stdout, /\d+\.\d+\.\d+/);

  // The scaffold templates are data files: the build must ship them beside the built CLI.
  const made = spawnSync(
    process.execPath,
    [join(installed, "bin", "flagon.js"), "startproject", "packedsite"],
    {
      cwd: app,
      encoding: "utf8",
    },
  );
  assert.equal(made.status, 0, made.stderr);
  assert.ok(readdirSync(join(app, "packedsite")).includes("settings.ts"), made.stdout);
});
