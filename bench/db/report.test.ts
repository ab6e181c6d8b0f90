import assert from "node:assert/strict";
import { test } from "node:test";
import { renderDbTable } from "./report.ts";

test("the database table gives Flagon over node:http per round, against the targets", () => {
  const t = renderDbTable(
    {
      node: { db: [1000, 1200, 1100], fortunes: [1000], queries: [100, 200, 400] },
      "node-headers": { db: [1000] },
      flagon: { db: [900], fortunes: [1010], queries: [200, 400, 100] },
    },
    ["db", "fortunes", "updates", "queries"],
  );
  // A lost round (1 Flagon figure against 3): the medians' ratio, marked unpaired.
  assert.match(
    t,
    /\| db \| 1,100 \| 1,000 \| 900 \| 0\.82x \| unpaired \| >= 0\.95x: MISSED \| 0\.90x \|/,
  );
  assert.match(
    t,
    /\| fortunes \| 1,000 \| — \| 1,010 \| 1\.01x \| 1\.01-1\.01 \| >= 1\.00x: met \| — \|/,
  );
  assert.match(t, /\| updates \| — \| — \| — \| — \| — \| not measured \| — \|/);
  // Paired rounds 2, 2, 0.25: met at 2.00x, where the medians (200 / 200) would give 1.00x.
  assert.match(
    t,
    /\| queries \| 200 \| — \| 200 \| 2\.00x \| 0\.25-2\.00 \| >= 0\.95x: met \| — \|/,
  );
});
