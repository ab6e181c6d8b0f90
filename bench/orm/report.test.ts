import assert from "node:assert/strict";
import { test } from "node:test";
import { renderTable, targetFor, timeRatio } from "./report.ts";

test("the time ratio is the median of each round's raw rate over its ORM rate", () => {
  // Rounds: 1.5, 6, 0.5 → median 1.5; the ratio of the medians would be 150 / 100 = 1.5 too,
  // so a second case where they differ: rounds 2, 2, 0.25 → 2 (medians' ratio: 200 / 200 = 1).
  assert.equal(timeRatio({ op: "x", orm: [100, 50, 200], raw: [150, 300, 100] }), 1.5);
  assert.equal(timeRatio({ op: "x", orm: [100, 200, 400], raw: [200, 400, 100] }), 2);
});

test("targets: 1.15x on the servers, 2x for SQLite get by key only", () => {
  assert.equal(targetFor("PostgreSQL", "insert one"), 1.15);
  assert.equal(targetFor("MariaDB", "get by key"), 1.15);
  assert.equal(targetFor("SQLite (memory)", "get by key"), 2);
  assert.equal(targetFor("SQLite (memory)", "insert one"), undefined);
});

test("the table marks a missed target", () => {
  const t = renderTable("PostgreSQL", [
    { op: "get by key", orm: [1000], raw: [1100] },
    { op: "insert one", orm: [500], raw: [1000] },
  ]);
  assert.match(t, /\| get by key \| 1,000 \| 1,100 \| 1\.10x \| 1\.10-1\.10 \| <= 1\.15x: met \|/);
  assert.match(t, /\| insert one \| 500 \| 1,000 \| 2\.00x \| 2\.00-2\.00 \| <= 1\.15x: MISSED \|/);
});
