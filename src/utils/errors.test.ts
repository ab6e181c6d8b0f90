import assert from "node:assert/strict";
import { test } from "node:test";
import { FlagonError, isFlagonError } from "./errors.ts";

test("FlagonError carries code, status, name and cause", () => {
  const cause = new Error("root");
  const err = new FlagonError("FLG_ERR_X", "boom", 418, { cause });
  assert.ok(err instanceof Error);
  assert.equal(err.code, "FLG_ERR_X");
  assert.equal(err.status, 418);
  assert.equal(err.message, "boom");
  assert.equal(err.name, "FlagonError");
  assert.equal(err.cause, cause);
  assert.ok(typeof err.stack === "string");
});

test("FlagonError defaults to status 500 and no cause", () => {
  const err = new FlagonError("FLG_ERR_Y", "oops");
  assert.equal(err.status, 500);
  assert.equal(err.cause, undefined);
  assert.equal(Object.hasOwn(err, "cause"), false);
});

test("subclasses keep the base fields", () => {
  class MyError extends FlagonError {
    constructor() {
      super("FLG_ERR_MINE", "mine", 409);
      this.name = "MyError";
    }
  }
  const err = new MyError();
  assert.ok(err instanceof FlagonError);
  assert.equal(err.code, "FLG_ERR_MINE");
  assert.equal(err.status, 409);
});

test("isFlagonError matches the class and optionally the code", () => {
  const err = new FlagonError("FLG_ERR_A", "a", 400);
  assert.equal(isFlagonError(err), true);
  assert.equal(isFlagonError(err, "FLG_ERR_A"), true);
  assert.equal(isFlagonError(err, "FLG_ERR_B"), false);
  assert.equal(isFlagonError(new Error("x")), false);
  assert.equal(isFlagonError({ code: "FLG_ERR_A", status: 400 }), false);
  assert.equal(isFlagonError(undefined), false);
});
