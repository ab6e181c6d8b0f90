import assert from "node:assert/strict";
import { test } from "node:test";
import { renderTable, targetFor, timeRatio } from "./report.ts";

test("the time ratio is the raw rate over the ORM rate, on medians", () => {
  assert.equal(timeRatio({ op: "x", orm: [100, 50, 200], raw: [150, 300, 100] }), 1.5);
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
  assert.match(t, /\| get by key \| 1,000 \| 1,100 \| 1\.10x \| <= 1\.15x: met \|/);
  assert.match(t, /\| insert one \| 500 \| 1,000 \| 2\.00x \| <= 1\.15x: MISSED \|/);
});
