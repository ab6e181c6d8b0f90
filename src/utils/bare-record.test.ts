import assert from "node:assert/strict";
import { test } from "node:test";
import { bareRecord } from "./bare-record.ts";

test("a bare record inherits nothing: no Object.prototype members, __proto__ is an own key", () => {
  const r = bareRecord<string>();
  assert.equal(r.constructor, undefined);
  assert.equal(r.toString, undefined);
  assert.equal("hasOwnProperty" in r, false);
  // A key from outside input, written the way a parser would: by computed name.
  const key = ["__", "proto", "__"].join("");
  r[key] = "x";
  assert.equal(Object.hasOwn(r, key), true);
  assert.equal(r[key], "x");
  assert.deepEqual(Object.keys(r), ["__proto__"]);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test("bare records do not share state through their prototype", () => {
  const a = bareRecord<number>();
  const b = bareRecord<number>();
  a.n = 1;
  assert.equal(b.n, undefined);
  assert.throws(() => {
    (Object.getPrototypeOf(a) as Record<string, number>).n = 2;
  }, TypeError);
});
