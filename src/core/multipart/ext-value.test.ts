import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeExtValue } from "./ext-value.ts";

describe("decodeExtValue", () => {
  it("decodes a UTF-8 value with a language tag or without", () => {
    assert.equal(decodeExtValue("UTF-8''%E2%82%AC%20rates.txt"), "€ rates.txt");
    assert.equal(decodeExtValue("utf-8'en'caf%C3%A9"), "café");
  });

  it("decodes ISO-8859-1", () => {
    assert.equal(decodeExtValue("iso-8859-1''caf%E9"), "café");
  });

  it("keeps a percent sign that is not followed by two hex digits", () => {
    assert.equal(decodeExtValue("UTF-8''100%25%zz%4"), "100%%zz%4");
  });

  it("turns invalid UTF-8 into U+FFFD instead of failing", () => {
    assert.equal(decodeExtValue("UTF-8''a%FFb"), "a\uFFFDb");
  });

  it("gives undefined for other charsets and for values without the two quotes", () => {
    assert.equal(decodeExtValue("Shift_JIS''%82%A0"), undefined);
    assert.equal(decodeExtValue("UTF-8'abc"), undefined);
    assert.equal(decodeExtValue("abc"), undefined);
  });
});
