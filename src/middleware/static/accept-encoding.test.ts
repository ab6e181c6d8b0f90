import assert from "node:assert/strict";
import { test } from "node:test";
import { acceptedEncodings } from "./accept-encoding.ts";

test("acceptedEncodings: br first on a tie, q-values respected, * and x-gzip understood", () => {
  assert.deepEqual(acceptedEncodings(undefined), []);
  assert.deepEqual(acceptedEncodings(""), []);
  assert.deepEqual(acceptedEncodings("gzip, deflate, br, zstd"), ["br", "gzip"]);
  assert.deepEqual(acceptedEncodings("gzip;q=1.0, br;q=0.5"), ["gzip", "br"]);
  assert.deepEqual(acceptedEncodings("br;q=0, gzip"), ["gzip"]);
  assert.deepEqual(acceptedEncodings("*"), ["br", "gzip"]);
  assert.deepEqual(acceptedEncodings("*;q=0, identity"), []);
  assert.deepEqual(acceptedEncodings("x-gzip"), ["gzip"]);
  assert.deepEqual(acceptedEncodings("GZIP ; Q=0.3"), ["gzip"]);
  assert.deepEqual(acceptedEncodings("br;q=nonsense"), []);
  assert.deepEqual(acceptedEncodings("identity"), []);
});

test("acceptedEncodings: a huge header is looked at only up to a bound", () => {
  const header = `${"x, ".repeat(100_000)}br`;
  assert.deepEqual(acceptedEncodings(header), []);
});
