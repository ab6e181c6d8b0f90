import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseHeaderParams } from "./header-params.ts";

describe("parseHeaderParams", () => {
  it("splits the leading value from its parameters, lower-casing value and keys", () => {
    assert.deepEqual(parseHeaderParams('Form-Data; Name="a"; FILENAME=b.txt'), {
      value: "form-data",
      params: [
        ["name", "a"],
        ["filename", "b.txt"],
      ],
    });
  });

  it("reads quoted values with semicolons and RFC 9110 escapes", () => {
    assert.deepEqual(parseHeaderParams('x; a="1;2"; b="say \\"hi\\" \\\\ ok"')?.params, [
      ["a", "1;2"],
      ["b", 'say "hi" \\ ok'],
    ]);
  });

  it("keeps a backslash that escapes nothing, as in an unescaped Windows path", () => {
    assert.deepEqual(parseHeaderParams('form-data; filename="C:\\dir\\x.png"')?.params, [
      ["filename", "C:\\dir\\x.png"],
    ]);
  });

  it("tolerates empty parameter segments and whitespace around =", () => {
    assert.deepEqual(parseHeaderParams("x;; a = 1 ;")?.params, [["a", "1"]]);
  });

  it("keeps repeated keys so that callers can refuse them", () => {
    assert.equal(parseHeaderParams("x; a=1; a=2")?.params.length, 2);
  });

  it("gives undefined for an unterminated quote, junk after a quote or a bare quote", () => {
    assert.equal(parseHeaderParams('x; a="open'), undefined);
    assert.equal(parseHeaderParams('x; a="v"junk'), undefined);
    assert.equal(parseHeaderParams('x; a=b"c'), undefined);
    assert.equal(parseHeaderParams("x; novalue"), undefined);
    assert.equal(parseHeaderParams("x; a b=1"), undefined);
  });
});
