// The scaffold writer: placeholders, `dot-` names, and the template folders themselves.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fillPlaceholders, scaffoldDir, targetPath } from "./scaffold.ts";

describe("scaffold", () => {
  test("placeholders are replaced; an unknown one is an error, never written out", () => {
    assert.equal(fillPlaceholders("a __APP_NAME__ b __APP_NAME__", { APP_NAME: "x" }), "a x b x");
    // Python dunders and identifiers with underscores are not placeholders.
    assert.equal(fillPlaceholders("__init__ my__var __ __A", {}), "__init__ my__var __ __A");
    assert.throws(() => fillPlaceholders("__MISSING__", {}), /unknown placeholder __MISSING__/);
  });

  test("target names drop .tmpl, turn dot- into a dot and fill placeholders", () => {
    assert.equal(targetPath("dot-gitignore.tmpl", {}), ".gitignore");
    assert.equal(
      targetPath("templates/__APP_NAME__/index.html.tmpl", { APP_NAME: "blog" }),
      join("templates", "blog", "index.html"),
    );
  });

  test("every template file ends in .tmpl, so neither tsc nor biome reads it", () => {
    for (const kind of ["project", "app"] as const) {
      const entries = readdirSync(scaffoldDir(kind), { recursive: true, withFileTypes: true });
      const names = entries.filter((e) => e.isFile()).map((e) => e.name);
      assert.ok(names.length > 4);
      for (const name of names) assert.match(name, /\.tmpl$/, `${kind}/${name}`);
    }
  });

  test("the package ships the template folder", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    const files = pkg.files as string[];
    assert.ok(files.includes("src"), "src is in package.json files");
    assert.ok(!files.some((f) => f.startsWith("!") && "src/cli/scaffold".startsWith(f.slice(1))));
    assert.ok(!files.some((f) => /^!.*tmpl/.test(f)));
  });
});
