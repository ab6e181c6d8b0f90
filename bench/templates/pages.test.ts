import assert from "node:assert/strict";
import { test } from "node:test";
import { Eta } from "eta";
import nunjucks from "nunjucks";
import { Environment } from "../../src/templates/index.ts";
import { normaliseEntities, PAGES } from "./pages.ts";

// The benchmark times only engines whose output matches; this keeps the pages honest without
// running the benchmark (the Jinja2 comparison runs in bench/templates.ts itself).
for (const page of PAGES) {
  test(`bench page ${page.name}: Flagon, Nunjucks and Eta render the same HTML`, () => {
    const flagon = new Environment().fromString(page.jinja, "page.html").renderSync(page.data);
    const nj = nunjucks
      .compile(page.jinja, new nunjucks.Environment(null, { autoescape: true }))
      .render(page.data);
    const eta = new Eta({ autoEscape: true, autoTrim: false });
    const et = eta.render(eta.compile(page.eta), page.data);
    assert.equal(normaliseEntities(nj), flagon);
    assert.equal(normaliseEntities(et), flagon);
    assert.ok(flagon.includes("&lt;") && flagon.includes("&#34;"), "the page exercises escaping");
  });
}
