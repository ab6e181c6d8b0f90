import assert from "node:assert/strict";
import { test } from "node:test";
import { etagMatches, strongEtagFor, weakEtagFor } from "./etag.ts";

test("weakEtagFor encodes size and whole-millisecond mtime in hex", () => {
  assert.equal(weakEtagFor(1234, 1700000000123.7), 'W/"4d2-18bcfe5687b"');
  assert.equal(weakEtagFor(0, 0), 'W/"0-0"');
  assert.notEqual(weakEtagFor(10, 1000), weakEtagFor(11, 1000));
  assert.notEqual(weakEtagFor(10, 1000), weakEtagFor(10, 1001));
});

test("strongEtagFor hashes bytes and strings (UTF-8) to a quoted base64url tag", () => {
  const tag = strongEtagFor("hello");
  assert.match(tag, /^"[A-Za-z0-9_-]{22}"$/);
  assert.equal(strongEtagFor(Buffer.from("hello")), tag);
  assert.equal(strongEtagFor(new TextEncoder().encode("caf\u00e9")), strongEtagFor("caf\u00e9"));
  assert.notEqual(strongEtagFor("hello"), strongEtagFor("hellp"));
  assert.match(strongEtagFor(""), /^"[A-Za-z0-9_-]{22}"$/);
});

test("etagMatches uses weak comparison", () => {
  assert.equal(etagMatches('"abc"', '"abc"'), true);
  assert.equal(etagMatches('W/"abc"', '"abc"'), true);
  assert.equal(etagMatches('"abc"', 'W/"abc"'), true);
  assert.equal(etagMatches('W/"abc"', 'W/"abc"'), true);
  assert.equal(etagMatches('"abd"', '"abc"'), false);
  assert.equal(etagMatches('"ab"', '"abc"'), false);
  assert.equal(etagMatches('"abcd"', '"abc"'), false);
});

test("etagMatches handles lists, '*' and whitespace", () => {
  assert.equal(etagMatches('"x", W/"y", "abc"', '"abc"'), true);
  assert.equal(etagMatches('"x",W/"abc"', 'W/"abc"'), true);
  assert.equal(etagMatches(' \t"x" ,  "y" ', '"y"'), true);
  assert.equal(etagMatches('"x", "y"', '"z"'), false);
  assert.equal(etagMatches("*", 'W/"anything"'), true);
  assert.equal(etagMatches("  *  ", '"a"'), true);
  assert.equal(etagMatches('"a,b"', '"a,b"'), true);
  assert.equal(etagMatches('"a,b"', '"a"'), false);
});

test("etagMatches skips malformed members and never throws", () => {
  assert.equal(etagMatches('abc, "abc"', '"abc"'), true);
  assert.equal(etagMatches("abc", '"abc"'), false);
  assert.equal(etagMatches('"abc', '"abc"'), false);
  assert.equal(etagMatches('W/abc, W/"abc"', '"abc"'), true);
  assert.equal(etagMatches('*, "x"', '"abc"'), false);
  assert.equal(etagMatches("", '"abc"'), false);
  assert.equal(etagMatches(undefined, '"abc"'), false);
  assert.equal(etagMatches(",,,", '"abc"'), false);
  const start = performance.now();
  assert.equal(etagMatches('"x",'.repeat(50000), '"abc"'), false);
  assert.equal(etagMatches("W/".repeat(50000), '"abc"'), false);
  assert.ok(performance.now() - start < 100);
});
