import assert from "node:assert/strict";
import { test } from "node:test";
import { parseArgs } from "./args.ts";

test("--db switches to the database tests and is off by default", () => {
  const on = parseArgs(["--db", "--rounds", "1"]);
  const off = parseArgs([]);
  assert.ok(on !== "help" && off !== "help");
  assert.equal(on.db, true);
  assert.equal(on.rounds, 1);
  assert.equal(off.db, false);
});
