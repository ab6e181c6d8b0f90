import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpError } from "../http-error.ts";
import { boundaryFrom } from "./boundary.ts";

function assertBadBoundary(header: string): void {
  assert.throws(
    () => boundaryFrom(header),
    (err) =>
      err instanceof HttpError && err.status === 400 && err.code === "FLG_ERR_MULTIPART_BOUNDARY",
  );
}

describe("boundaryFrom", () => {
  it("returns a browser-style boundary as sent", () => {
    const header = "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW";
    assert.equal(boundaryFrom(header), "----WebKitFormBoundary7MA4YWxkTrZu0gW");
  });

  it("unquotes a quoted boundary, which may then contain spaces", () => {
    assert.equal(boundaryFrom('multipart/form-data; boundary="a b:c?"'), "a b:c?");
  });

  it("finds the boundary among other parameters whatever the key's case", () => {
    assert.equal(boundaryFrom("multipart/form-data; charset=utf-8; BOUNDARY=xyz ; foo=bar"), "xyz");
  });

  it("accepts a boundary of exactly 70 characters", () => {
    const b = "b".repeat(70);
    assert.equal(boundaryFrom(`multipart/form-data; boundary=${b}`), b);
  });

  it("refuses a header without boundary= (F4)", () => {
    assertBadBoundary("multipart/form-data");
    assertBadBoundary("multipart/form-data; charset=utf-8");
  });

  it("refuses a boundary of 71 or 200 characters (F4)", () => {
    assertBadBoundary(`multipart/form-data; boundary=${"b".repeat(71)}`);
    assertBadBoundary(`multipart/form-data; boundary=${"b".repeat(200)}`);
  });

  it("refuses a boundary containing a double quote (F4)", () => {
    assertBadBoundary('multipart/form-data; boundary=ab"cd');
    assertBadBoundary('multipart/form-data; boundary="ab\\"cd"');
    assertBadBoundary('multipart/form-data; boundary="abcd');
  });

  it("refuses characters outside RFC 2046's set and a trailing space", () => {
    assertBadBoundary("multipart/form-data; boundary=a\\b");
    assertBadBoundary("multipart/form-data; boundary=caf\u00e9");
    assertBadBoundary('multipart/form-data; boundary="abc "');
    assertBadBoundary("multipart/form-data; boundary=");
  });

  it("refuses a boundary given twice, which two parsers could read differently", () => {
    assertBadBoundary("multipart/form-data; boundary=a; boundary=b");
  });
});
