import assert from "node:assert/strict";
import { test } from "node:test";
import { interned } from "./intern.ts";

test("interned keeps the string's value, including index-like and empty names", () => {
  const built = ["parent", "Id"].join("");
  assert.equal(interned(built), "parentId");
  assert.equal(interned("12"), "12");
  assert.equal(interned(""), "");
  assert.equal(interned("__proto__"), "__proto__");
});
