import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { encodeStaticSegment, normalisePath } from "./encode.ts";

describe("encodeStaticSegment", () => {
  test("encodes non-ASCII text as UTF-8 escapes with uppercase hex", () => {
    assert.equal(encodeStaticSegment("café"), "caf%C3%A9");
    assert.equal(encodeStaticSegment("日本"), "%E6%97%A5%E6%9C%AC");
    assert.equal(encodeStaticSegment("😀"), "%F0%9F%98%80");
  });

  test("leaves characters a browser sends raw untouched", () => {
    assert.equal(encodeStaticSegment("a-b_c.d~e!$&'()*+,;=:@[]|"), "a-b_c.d~e!$&'()*+,;=:@[]|");
  });

  test("encodes the path percent-encode set like a browser", () => {
    assert.equal(encodeStaticSegment('a b"<>^`{}'), "a%20b%22%3C%3E%5E%60%7B%7D");
  });

  test("keeps valid escapes, uppercasing them, and encodes a lone percent sign", () => {
    assert.equal(encodeStaticSegment("caf%c3%a9"), "caf%C3%A9");
    assert.equal(encodeStaticSegment("a%2fb%3F"), "a%2Fb%3F");
    assert.equal(encodeStaticSegment("100%"), "100%25");
    assert.equal(encodeStaticSegment("%zz"), "%25zz");
  });

  test("decodes escapes of raw-set characters, as requests are respelled", () => {
    assert.equal(encodeStaticSegment("%41%7e"), "A~");
  });

  test("throws on a lone surrogate", () => {
    assert.throws(() => encodeStaticSegment("a\uD800b"), URIError);
  });
});

describe("normalisePath", () => {
  test("returns the very same string when it is already canonical", () => {
    const p = "/caf%C3%A9/a-b/%2F";
    assert.equal(normalisePath(p), p);
  });

  test("uppercases escape hex digits", () => {
    assert.equal(normalisePath("/caf%c3%a9"), "/caf%C3%A9");
  });

  test("decodes escapes of characters a browser sends raw, but never %2F", () => {
    assert.equal(normalisePath("/%61%62c/%2f/%2F"), "/abc/%2F/%2F");
  });

  test("encodes raw characters from the encode set", () => {
    assert.equal(normalisePath("/a^b`{c}"), "/a%5Eb%60%7Bc%7D");
  });

  test("leaves malformed escapes alone", () => {
    assert.equal(normalisePath("/a%zz/%4"), "/a%zz/%4");
    assert.equal(normalisePath("/%"), "/%");
  });
});
