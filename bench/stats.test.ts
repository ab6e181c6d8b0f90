import assert from "node:assert/strict";
import { test } from "node:test";
import { median, pairedRatios, ratioOf, ratioRange } from "./stats.ts";

test("paired ratios match rounds up; a lost round leaves them unpaired", () => {
  assert.deepEqual(pairedRatios([2, 9, 1], [1, 3, 4]), [2, 3, 0.25]);
  assert.deepEqual(pairedRatios([1, 1], [0, 2]), [Number.POSITIVE_INFINITY, 0.5]);
  assert.equal(pairedRatios([1, 2], [1]), undefined);
  assert.equal(pairedRatios([], []), undefined);
});

test("ratioOf: the median of the paired ratios, else the ratio of the medians", () => {
  // Paired: 2, 2, 0.25 → 2; the medians alone (200 / 200) would say 1.
  assert.equal(ratioOf([200, 400, 100], [100, 200, 400]), 2);
  assert.equal(ratioOf([300, 100], [100]), median([300, 100]) / 100);
  assert.equal(ratioRange([200, 400, 100], [100, 200, 400]), "0.25-2.00");
  assert.equal(ratioRange([1], [1, 2]), "unpaired");
});
