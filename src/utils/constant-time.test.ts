import assert from "node:assert/strict";
import { test } from "node:test";
import { constantTimeEqual } from "./constant-time.ts";

test("equal strings and bytes compare equal", () => {
  assert.equal(constantTimeEqual("token-123", "token-123"), true);
  assert.equal(constantTimeEqual("", ""), true);
  assert.equal(constantTimeEqual(Buffer.from("abc"), new Uint8Array([0x61, 0x62, 0x63])), true);
  assert.equal(constantTimeEqual("caf\u00e9", Buffer.from("caf\u00e9", "utf8")), true);
});

test("different values and different lengths compare unequal without throwing", () => {
  assert.equal(constantTimeEqual("token-123", "token-124"), false);
  assert.equal(constantTimeEqual("short", "a much longer string"), false);
  assert.equal(constantTimeEqual("", "x"), false);
  assert.equal(constantTimeEqual(Buffer.alloc(3), Buffer.alloc(4)), false);
});

test("a lone surrogate is not equal to U+FFFD", () => {
  assert.equal(constantTimeEqual("\ud800", "\ufffd"), false);
});
