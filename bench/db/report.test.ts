import assert from "node:assert/strict";
import { test } from "node:test";
import { renderDbTable } from "./report.ts";

test("the database table gives Flagon over node:http on medians, against the targets", () => {
  const t = renderDbTable(
    {
      node: { db: [1000, 1200, 1100], fortunes: [1000] },
      "node-headers": { db: [1000] },
      flagon: { db: [900], fortunes: [1010] },
    },
    ["db", "fortunes", "updates"],
  );
  assert.match(t, /\| db \| 1,100 \| 1,000 \| 900 \| 0\.82x \| >= 0\.95x: MISSED \| 0\.90x \|/);
  assert.match(t, /\| fortunes \| 1,000 \| — \| 1,010 \| 1\.01x \| >= 1\.00x: met \| — \|/);
  assert.match(t, /\| updates \| — \| — \| — \| — \| not measured \| — \|/);
});
