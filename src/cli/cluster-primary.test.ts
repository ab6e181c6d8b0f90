import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { test } from "node:test";
import { parseWorkers } from "./cluster-primary.ts";

test("--workers: a count, 0 or auto for one per core, anything else a usage error", () => {
  assert.equal(parseWorkers(undefined), undefined);
  assert.equal(parseWorkers("3"), 3);
  assert.equal(parseWorkers("0"), availableParallelism());
  assert.equal(parseWorkers("auto"), availableParallelism());
  for (const bad of ["-1", "two", "1.5", ""]) {
    assert.throws(
      () => parseWorkers(bad),
      (e: { code?: string; message: string }) =>
        e.code === "FLG_ERR_CLI_USAGE" && e.message.includes("--workers"),
    );
  }
});
