import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { builtinConverters, RANK_PATH, RANK_SLUG, RANK_STRING, RANK_TYPED } from "./converters.ts";

const { int, uuid, slug, string, path } = builtinConverters;

describe("int converter", () => {
  test("parses non-negative decimal digits to a number", () => {
    assert.equal(int.parse("0"), 0);
    assert.equal(int.parse("42"), 42);
    assert.equal(int.parse("007"), 7);
  });

  test("rejects signs, decimals, spaces, hex and the empty string", () => {
    for (const s of ["-1", "+1", "1.5", " 1", "1 ", "0x10", "", "1e3", "١٢"]) {
      assert.equal(int.parse(s), undefined, s);
    }
  });

  test("accepts MAX_SAFE_INTEGER and rejects anything beyond it", () => {
    assert.equal(int.parse(String(Number.MAX_SAFE_INTEGER)), Number.MAX_SAFE_INTEGER);
    assert.equal(int.parse("9007199254740992"), undefined);
    assert.equal(int.parse("9999999999999999"), undefined);
    assert.equal(int.parse("1".repeat(400)), undefined);
  });

  test("formats numbers as decimal text", () => {
    assert.equal(int.format(12), "12");
  });
});

describe("uuid converter", () => {
  const id = "123e4567-e89b-12d3-a456-426614174000";

  test("parses the canonical 8-4-4-4-12 form and lowercases it", () => {
    assert.equal(uuid.parse(id), id);
    assert.equal(uuid.parse(id.toUpperCase()), id);
  });

  test("rejects wrong lengths, misplaced hyphens and non-hex characters", () => {
    for (const s of [
      id.slice(1),
      id + "0",
      id.replaceAll("-", ""),
      "123e4567e-89b-12d3-a456-42661417400",
      id.replace("a", "g"),
      "{" + id.slice(1, 35) + "}",
    ]) {
      assert.equal(uuid.parse(s), undefined, s);
    }
  });

  test("formats to lowercase", () => {
    assert.equal(uuid.format(id.toUpperCase()), id);
  });
});

describe("slug converter", () => {
  test("accepts ASCII letters, digits, hyphens and underscores", () => {
    assert.equal(slug.parse("Hello_World-2"), "Hello_World-2");
  });

  test("rejects dots, spaces, non-ASCII letters and the empty string", () => {
    for (const s of ["a.b", "a b", "café", "", "a/b"]) assert.equal(slug.parse(s), undefined, s);
  });
});

describe("string and path converters", () => {
  test("string accepts any non-empty text, path too and is greedy", () => {
    assert.equal(string.parse("a b/c"), "a b/c");
    assert.equal(string.parse(""), undefined);
    assert.equal(path.parse("a/b"), "a/b");
    assert.equal(path.parse(""), undefined);
    assert.equal(path.greedy, true);
    assert.notEqual(string.greedy, true);
  });
});

test("ranks order typed before slug before string before path", () => {
  assert.equal(int.rank, RANK_TYPED);
  assert.equal(uuid.rank, RANK_TYPED);
  assert.equal(slug.rank, RANK_SLUG);
  assert.equal(string.rank, RANK_STRING);
  assert.equal(path.rank, RANK_PATH);
  assert.ok(RANK_TYPED < RANK_SLUG && RANK_SLUG < RANK_STRING && RANK_STRING < RANK_PATH);
});
