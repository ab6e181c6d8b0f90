import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRange } from "./range.ts";

test("first-last, open and suffix ranges", () => {
  assert.deepEqual(parseRange("bytes=0-99", 1000), { start: 0, end: 99 });
  assert.deepEqual(parseRange("bytes=500-", 1000), { start: 500, end: 999 });
  assert.deepEqual(parseRange("bytes=-100", 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange("bytes=0-0", 1000), { start: 0, end: 0 });
  assert.deepEqual(parseRange("bytes=999-999", 1000), { start: 999, end: 999 });
});

test("ends past the body are clamped; suffixes longer than the body give all of it", () => {
  assert.deepEqual(parseRange("bytes=900-5000", 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange("bytes=-5000", 1000), { start: 0, end: 999 });
  assert.deepEqual(parseRange("bytes=0-99999999999999999999999", 10), { start: 0, end: 9 });
});

test("ranges starting past the end are unsatisfiable (416)", () => {
  assert.equal(parseRange("bytes=999999999-", 100), "unsatisfiable");
  assert.equal(parseRange("bytes=100-", 100), "unsatisfiable");
  assert.equal(parseRange("bytes=100-200", 100), "unsatisfiable");
  assert.equal(parseRange("bytes=-0", 100), "unsatisfiable");
  assert.equal(parseRange("bytes=99999999999999999999999-", 100), "unsatisfiable");
});

test("unit and whitespace handling", () => {
  assert.deepEqual(parseRange("Bytes=0-1", 10), { start: 0, end: 1 });
  assert.deepEqual(parseRange("bytes= 0-1 ", 10), { start: 0, end: 1 });
  assert.equal(parseRange("items=0-1", 10), undefined);
  assert.equal(parseRange("bytes 0-1", 10), undefined);
});

test("malformed headers are ignored (serve the full body)", () => {
  for (const h of [
    "",
    "bytes=",
    "bytes=-",
    "bytes=abc",
    "bytes=1-a",
    "bytes=a-1",
    "bytes=5-1",
    "bytes=1--2",
    "bytes=--1",
    "bytes=+1-2",
    "bytes=1.5-2",
    "bytes=0x1-2",
    "bytes=1 -2",
    "bytes=1- 2",
    "bytes=-1-2",
    "bytes=0-1,",
    "bytes=\u0661-\u0662",
  ]) {
    assert.equal(parseRange(h, 100), undefined, JSON.stringify(h));
  }
  assert.equal(parseRange(undefined, 100), undefined);
});

test("multi-range requests are served in full by default; 1000 ranges never amplify", () => {
  assert.equal(parseRange("bytes=0-1,2-3", 100), undefined);
  const many = "bytes=" + Array.from({ length: 1000 }, () => "0-99").join(",");
  const start = performance.now();
  assert.equal(parseRange(many, 100), undefined);
  assert.equal(parseRange("bytes=" + "0-,".repeat(100000) + "0-", 100), undefined);
  assert.ok(performance.now() - start < 50);
});

test("with maxRanges > 1, ranges are coalesced into one covering range", () => {
  assert.deepEqual(parseRange("bytes=0-1,10-20", 100, { maxRanges: 2 }), { start: 0, end: 20 });
  assert.deepEqual(parseRange("bytes=50-60, -10", 100, { maxRanges: 5 }), { start: 50, end: 99 });
  assert.deepEqual(parseRange("bytes=0-1,500-", 100, { maxRanges: 2 }), { start: 0, end: 1 });
  assert.equal(parseRange("bytes=500-,600-", 100, { maxRanges: 2 }), "unsatisfiable");
  assert.equal(parseRange("bytes=0-1,x", 100, { maxRanges: 2 }), undefined);
  assert.equal(parseRange("bytes=0-1,2-3,4-5", 100, { maxRanges: 2 }), undefined);
  const many = "bytes=" + Array.from({ length: 1000 }, () => "0-99").join(",");
  assert.deepEqual(parseRange(many, 100, { maxRanges: 1000 }), { start: 0, end: 99 });
});

test("empty or invalid sizes ignore the header", () => {
  assert.equal(parseRange("bytes=0-1", 0), undefined);
  assert.equal(parseRange("bytes=-1", 0), undefined);
  assert.equal(parseRange("bytes=0-1", -1), undefined);
  assert.equal(parseRange("bytes=0-1", Number.NaN), undefined);
  assert.equal(parseRange("bytes=0-1", 1.5), undefined);
});
