/** Migration names: the --name check, numbers past squashes, merge names. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkMigrationName, mergeName, migrationName, nextNumber } from "./naming.ts";

test("checkMigrationName accepts identifiers and refuses the rest with a code", () => {
  for (const ok of ["add_votes", "_x", "A1"]) checkMigrationName(ok);
  for (const bad of ["", "2x", "add-votes", "a.b", "a b", "x".repeat(101), "../x"])
    assert.throws(() => checkMigrationName(bad), { code: "FLG_ERR_MIGRATIONS_NAME" }, bad);
});

test("nextNumber goes past the highest number, squashes included", () => {
  assert.equal(nextNumber([]), 1);
  assert.equal(nextNumber(["0001_initial", "0002_a", "0002_b"]), 3);
  assert.equal(nextNumber(["0001_squashed_0004"]), 5);
  assert.equal(nextNumber(["0001_initial.ts", "0007_x.ts"]), 8);
});

test("names: given, initial, from operations or a stamp; merges", () => {
  const now = new Date("2026-03-04T05:06:00Z");
  assert.equal(migrationName(1, [], now), "0001_initial");
  assert.equal(migrationName(1, [], now, "start"), "0001_start");
  assert.equal(migrationName(3, [], now), "0003_auto_20260304_0506");
  assert.equal(mergeName(4, ["0003_a", "0003_b"], now), "0004_merge_0003_a_0003_b");
  assert.equal(mergeName(4, ["0003_a".repeat(9), "0003_b"], now), "0004_merge_20260304_0506");
  assert.equal(mergeName(4, ["0003_a", "0003_b"], now, "join"), "0004_join");
});
