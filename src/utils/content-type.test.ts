import assert from "node:assert/strict";
import { test } from "node:test";
import { isJsonType, parseContentType } from "./content-type.ts";

// A variable key: the literal form reads as the accessor to linters and humans alike.
const PROTO = "__proto__";
const protoNames = Object.getOwnPropertyNames(Object.prototype);

function parsed(header: string) {
  const r = parseContentType(header);
  return r === undefined ? undefined : { type: r.type, params: { ...r.params } };
}

test("parses the essence and parameters", () => {
  assert.deepEqual(parsed("application/json"), { type: "application/json", params: {} });
  assert.deepEqual(parsed("text/html; charset=utf-8"), {
    type: "text/html",
    params: { charset: "utf-8" },
  });
  assert.deepEqual(parsed("multipart/form-data; boundary=----FormBoundary"), {
    type: "multipart/form-data",
    params: { boundary: "----FormBoundary" },
  });
  assert.equal(Object.getPrototypeOf(parseContentType("a/b")!.params), null);
});

test("E7: the content-type battery", () => {
  assert.equal(parseContentType("constructor"), undefined);
  assert.equal(parseContentType("__proto__"), undefined);
  assert.deepEqual(parsed("application/json\t; charset=utf-8"), {
    type: "application/json",
    params: { charset: "utf-8" },
  });
  assert.deepEqual(parsed("Application/JSON ;charset=utf-8"), {
    type: "application/json",
    params: { charset: "utf-8" },
  });
  // RFC 9110 allows empty parameters: tolerated.
  assert.deepEqual(parsed("application/json;;"), { type: "application/json", params: {} });
  assert.deepEqual(parsed("application/jsonx"), { type: "application/jsonx", params: {} });
  assert.equal(isJsonType(parseContentType("application/jsonx")!.type), false);
  assert.equal(isJsonType(parseContentType("Application/JSON ;charset=utf-8")!.type), true);
  assert.equal(isJsonType(parseContentType("application/json\t; charset=utf-8")!.type), true);
  assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype), protoNames);
});

test("names are lower-cased, values kept; quoted strings unescaped", () => {
  assert.deepEqual(parsed('text/plain; CharSet="UTF-8"'), {
    type: "text/plain",
    params: { charset: "UTF-8" },
  });
  assert.deepEqual(parsed('multipart/form-data; boundary="a\\"b;c=d"'), {
    type: "multipart/form-data",
    params: { boundary: 'a"b;c=d' },
  });
  assert.deepEqual(parsed('a/b; x=""'), { type: "a/b", params: { x: "" } });
  assert.deepEqual(parsed('a/b; x="\\\\"'), { type: "a/b", params: { x: "\\" } });
});

test("whitespace: OWS around ';' and at the ends is allowed", () => {
  assert.deepEqual(parsed("  text/plain  "), { type: "text/plain", params: {} });
  assert.deepEqual(parsed("text/plain ; a=1 ;b=2;\tc=3 "), {
    type: "text/plain",
    params: { a: "1", b: "2", c: "3" },
  });
  assert.deepEqual(parsed("text/plain;"), { type: "text/plain", params: {} });
  assert.deepEqual(parsed("text/plain; ; a=1"), { type: "text/plain", params: { a: "1" } });
});

test("malformed headers are undefined", () => {
  for (const h of [
    "",
    " ",
    "json",
    "/json",
    "application/",
    "application/ json",
    "application /json",
    "application/json/x",
    "application/json charset=utf-8",
    "application/json; charset",
    "application/json; charset=",
    "application/json; charset =utf-8",
    "application/json; charset= utf-8",
    "application/json; =utf-8",
    "application/json; charset=utf 8",
    'application/json; charset="utf-8',
    'application/json; charset="a"b',
    'application/json; charset="a\u0000"',
    'application/json; charset="a\\',
    "application/json; charset=utf-8; charset=utf-7",
    "application/json; CHARSET=utf-8; charset=utf-7",
    "appl\u00efcation/json",
    "application/json\r\n",
    "application/json,text/html",
    "text/plain\u0000",
    "toString",
    "hasOwnProperty",
    "constructor/prototype; __proto__",
  ]) {
    assert.equal(parseContentType(h), undefined, JSON.stringify(h));
  }
  assert.equal(parseContentType(undefined), undefined);
  assert.equal(parseContentType(42 as unknown as string), undefined);
});

test("prototype-named types and parameters are plain data", () => {
  const r = parseContentType("constructor/prototype; __proto__=x; constructor=y")!;
  assert.equal(r.type, "constructor/prototype");
  assert.equal(r.params[PROTO], "x");
  assert.equal(r.params.constructor, "y");
  assert.deepEqual(Object.keys(r.params), ["__proto__", "constructor"]);
  assert.equal(parseContentType("a/b")!.params.constructor, undefined);
  assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype), protoNames);
});

test("isJsonType: application/json and application/*+json only", () => {
  for (const t of [
    "application/json",
    "application/problem+json",
    "application/vnd.api+json",
    "application/ld+json",
  ]) {
    assert.equal(isJsonType(t), true, t);
  }
  for (const t of [
    "application/jsonx",
    "application/json5",
    "application/+json",
    "text/json",
    "text/x+json",
    "application/json+xml",
    "application/x-json",
    "json",
    "",
    "application/jsonp",
  ]) {
    assert.equal(isJsonType(t), false, t);
  }
});

test("long headers are parsed in linear time", () => {
  const h = "a/b" + "; p=v".repeat(1).padEnd(10, " ") + ";".repeat(100000);
  const start = performance.now();
  assert.ok(parseContentType(h));
  assert.equal(parseContentType('a/b; x="' + "\\a".repeat(50000)), undefined);
  assert.ok(performance.now() - start < 100);
});
