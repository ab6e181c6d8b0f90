/**
 * The expected outputs in expected.json must be what real Jinja2 renders today: the differential
 * suite is only as good as them. Needs Python with Jinja2 3.1: runs when FLAGON_TEST_JINJA2
 * names the interpreter (`.ci/run` sets it to /usr/bin/python3, with Debian's python3-jinja2).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";

const python = process.env.FLAGON_TEST_JINJA2;
const script = join(import.meta.dirname, "..", "..", "scripts", "jinja-expected.py");

test("expected.json matches what real Jinja2 renders for every case", {
  skip: python ? false : "FLAGON_TEST_JINJA2 is not set",
}, () => {
  const out = spawnSync(python!, [script, "--check"], { encoding: "utf8", timeout: 120_000 });
  assert.equal(out.status, 0, `${out.stdout}${out.stderr}`);
  assert.match(out.stdout, /^\d+ expected outputs match Jinja2 3\.1/);
});
