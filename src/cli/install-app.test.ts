// Editing installedApps: only in the generated form, never a second import of a name.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { addInstalledApp, installPlan } from "./install-app.ts";

const SETTINGS = `import { env } from "flagon/conf";
import { defineSettings } from "flagon/project";
import routes from "./routes.ts";

export default defineSettings({
  baseDir: import.meta.dirname,
  installedApps: [],
  routes,
});
`;

describe("addInstalledApp", () => {
  test("imports after the last import and appends to the list", () => {
    const once = addInstalledApp(SETTINGS, installPlan(SETTINGS, "blog", "./blog/app.ts"));
    assert.ok(once !== undefined);
    assert.match(
      once,
      /import routes from "\.\/routes\.ts";\nimport blog from "\.\/blog\/app\.ts";\n/,
    );
    assert.match(once, /\n {2}installedApps: \[blog\],\n/);
    const twice = addInstalledApp(once, installPlan(once, "shop", "./shop/app.ts"));
    assert.match(twice ?? "", /installedApps: \[blog, shop\],/);
  });

  test("a multi-line list of names is accepted and written on one line", () => {
    const text = SETTINGS.replace("installedApps: [],", "installedApps: [\n    a,\n    b,\n  ],");
    const out = addInstalledApp(text, installPlan(text, "c", "./c/app.ts"));
    assert.match(out ?? "", /\n {2}installedApps: \[a, b, c\],\n {2}routes,/);
  });

  test("a name in use gets an App suffix; when that is taken too, nothing is edited", () => {
    const plan = installPlan(SETTINGS, "routes", "./routes/app.ts");
    assert.deepEqual(plan, {
      variable: "routesApp",
      importLine: 'import routesApp from "./routes/app.ts";',
    });
    const taken = `${SETTINGS}const routesApp = 1;\n`;
    assert.equal(addInstalledApp(taken, installPlan(taken, "routes", "./r/app.ts")), undefined);
  });

  test("anything but the generated form is left alone", () => {
    const plan = { variable: "blog", importLine: 'import blog from "./blog/app.ts";' };
    const cases = [
      SETTINGS.replace("installedApps: [],", "installedApps: [...apps],"),
      SETTINGS.replace("installedApps: [],", "installedApps: apps,"),
      SETTINGS.replace("installedApps: [],", 'installedApps: [load("x")],'),
      SETTINGS.replace("  routes,\n", "  routes,\n  installedApps: [],\n"),
      SETTINGS.replace(/^import .*\n/gm, ""),
    ];
    for (const text of cases) assert.equal(addInstalledApp(text, plan), undefined, text);
  });
});
