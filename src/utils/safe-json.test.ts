import assert from "node:assert/strict";
import { test } from "node:test";
import { FlagonError } from "./errors.ts";
import { parseJsonSafe } from "./safe-json.ts";

const protoNames = Object.getOwnPropertyNames(Object.prototype);

function assertPrototypeIntact(): void {
  assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype), protoNames);
}

function throwsCode(text: string, code: string, options?: { maxDepth?: number }): FlagonError {
  let caught: unknown;
  try {
    parseJsonSafe(text, options);
  } catch (err) {
    caught = err;
  }
  assert.ok(
    caught instanceof FlagonError,
    `expected ${code} for ${JSON.stringify(String(text).slice(0, 60))}`,
  );
  assert.equal(caught.code, code);
  assert.equal(caught.status, 400);
  return caught;
}

test("parses ordinary JSON", () => {
  assert.deepEqual(parseJsonSafe('{"a":[1,2,{"b":null}],"c":"d"}'), {
    a: [1, 2, { b: null }],
    c: "d",
  });
  assert.equal(parseJsonSafe("42"), 42);
  assert.equal(parseJsonSafe(' "s" '), "s");
  assert.equal(parseJsonSafe("null"), null);
  assert.equal(parseJsonSafe("true"), true);
  assert.deepEqual(parseJsonSafe("[]"), []);
});

test("E1: __proto__ keys are refused at any depth", () => {
  for (const text of [
    '{"__proto__":{"isAdmin":true}}',
    '{"user":{"__proto__":{"isAdmin":true}}}',
    '[{"a":[{"__proto__":{}}]}]',
    '{"__proto__":null}',
    '{"__proto__":1}',
    '{"a":1,"__proto__":[]}',
    '{"\\u005f_proto__":{"isAdmin":true}}',
    '{"\\u005F\\u005Fproto\\u005F\\u005F":{"isAdmin":true}}',
    '{"__pr\\u006fto__":{"isAdmin":true}}',
  ]) {
    throwsCode(text, "FLG_ERR_JSON_PROTO");
  }
  assertPrototypeIntact();
});

test("E1: constructor.prototype objects are refused", () => {
  for (const text of [
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    '{"a":{"constructor":{"prototype":null}}}',
    '[{"constructor":{"prototype":1}}]',
    '{"\\u0063onstructor":{"prototype":{"isAdmin":true}}}',
    '{"constructor":{"\\u0070rototype":{"isAdmin":true}}}',
  ]) {
    throwsCode(text, "FLG_ERR_JSON_PROTO");
  }
  assertPrototypeIntact();
});

test("E1: harmless uses of the words are accepted", () => {
  assert.deepEqual(parseJsonSafe('{"a":"__proto__"}'), { a: "__proto__" });
  assert.deepEqual(parseJsonSafe('["__proto__","constructor"]'), ["__proto__", "constructor"]);
  assert.deepEqual(parseJsonSafe('{"constructor":"x"}'), { constructor: "x" });
  assert.deepEqual(parseJsonSafe('{"constructor":{"name":"x"}}'), { constructor: { name: "x" } });
  assert.deepEqual(parseJsonSafe('{"prototype":{"a":1}}'), { prototype: { a: 1 } });
  assert.deepEqual(parseJsonSafe('{"constructor":["prototype"]}'), { constructor: ["prototype"] });
  assert.deepEqual(parseJsonSafe('{"a":"caf\\u00e9"}'), { a: "caf\u00e9" });
  const copied = Object.assign({}, parseJsonSafe('{"constructor":"x","isAdmin2":1}'));
  assert.equal((copied as Record<string, unknown>).isAdmin, undefined);
  assertPrototypeIntact();
});

test("E2: 100 000 nested brackets are refused as too deep, fast, without RangeError", () => {
  const text = "[".repeat(100000) + "]".repeat(100000);
  const start = performance.now();
  const err = throwsCode(text, "FLG_ERR_JSON_TOO_DEEP");
  assert.ok(performance.now() - start < 100);
  assert.ok(err.message.length < 100);
  throwsCode('{"a":'.repeat(100000) + "1" + "}".repeat(100000), "FLG_ERR_JSON_TOO_DEEP");
  throwsCode("[".repeat(100000), "FLG_ERR_JSON_TOO_DEEP");
});

test("depth limit: 64 levels pass, 65 fail; maxDepth is configurable", () => {
  const nest = (n: number) => "[".repeat(n) + "]".repeat(n);
  assert.doesNotThrow(() => parseJsonSafe(nest(64)));
  throwsCode(nest(65), "FLG_ERR_JSON_TOO_DEEP");
  const obj = (n: number) => '{"a":'.repeat(n) + "0" + "}".repeat(n);
  assert.doesNotThrow(() => parseJsonSafe(obj(64)));
  throwsCode(obj(65), "FLG_ERR_JSON_TOO_DEEP");
  assert.doesNotThrow(() => parseJsonSafe(nest(3), { maxDepth: 3 }));
  throwsCode(nest(4), "FLG_ERR_JSON_TOO_DEEP", { maxDepth: 3 });
  throwsCode("[1]", "FLG_ERR_JSON_TOO_DEEP", { maxDepth: 0 });
  assert.equal(parseJsonSafe("1", { maxDepth: 0 }), 1);
  // Siblings do not add up.
  assert.doesNotThrow(() =>
    parseJsonSafe(`[${Array.from({ length: 1000 }, () => nest(10)).join(",")}]`),
  );
});

test("brackets inside strings do not count toward depth", () => {
  const deepString = JSON.stringify({ a: "[".repeat(1000), b: "{".repeat(1000) });
  assert.deepEqual(parseJsonSafe(deepString, { maxDepth: 2 }), {
    a: "[".repeat(1000),
    b: "{".repeat(1000),
  });
  // Escaped quotes and backslashes inside strings are skipped correctly.
  const tricky = JSON.stringify(['"[[[', "\\", '\\"[[', "\\\\", "[[["]);
  assert.deepEqual(parseJsonSafe(tricky, { maxDepth: 1 }), ['"[[[', "\\", '\\"[[', "\\\\", "[[["]);
  // A string ending in an escaped backslash must not hide the brackets after it.
  throwsCode('["\\\\",[[[[1]]]]]', "FLG_ERR_JSON_TOO_DEEP", { maxDepth: 4 });
});

test("E6: syntax errors are 400 FLG_ERR_JSON_INVALID", () => {
  for (const text of [
    "{}x",
    "[1,]",
    "{'a':1}",
    "{",
    "}",
    "nul",
    "1 2",
    '"\\x"',
    "[1]]",
    '{"a":1}}',
    "\u0000",
    "undefined",
    "NaN",
  ]) {
    throwsCode(text, "FLG_ERR_JSON_INVALID");
  }
});

test("E6: empty and whitespace-only text is invalid", () => {
  throwsCode("", "FLG_ERR_JSON_INVALID");
  throwsCode("   \n\t", "FLG_ERR_JSON_INVALID");
  throwsCode(undefined as unknown as string, "FLG_ERR_JSON_INVALID");
});

test("E6: documented passthroughs — lone surrogates, 1e400, duplicate keys (last wins)", () => {
  assert.equal(parseJsonSafe('"\\ud800"'), "\ud800");
  assert.equal(parseJsonSafe("1e400"), Number.POSITIVE_INFINITY);
  assert.deepEqual(parseJsonSafe('{"role":"user","role":"admin"}'), { role: "admin" });
  assert.equal(parseJsonSafe('"\u00c3("'), "\u00c3(");
});

test("error messages never echo the input", () => {
  const huge = '{"a":"' + "SECRET".repeat(200000) + '"x}';
  const err = throwsCode(huge, "FLG_ERR_JSON_INVALID");
  assert.ok(err.message.length < 80, err.message);
  assert.doesNotMatch(err.message, /SECRET/);
  const err2 = throwsCode('{"password":"hunter2"', "FLG_ERR_JSON_INVALID");
  assert.doesNotMatch(err2.message, /hunter2/);
});

test("an unterminated string in a long text is a syntax error, not a hang", () => {
  throwsCode('["' + "a".repeat(100000), "FLG_ERR_JSON_INVALID");
  throwsCode("[" + '"\\'.repeat(50000), "FLG_ERR_JSON_INVALID");
});

test("large flat bodies parse quickly", () => {
  const big = JSON.stringify(
    Array.from({ length: 20000 }, (_, i) => ({ id: i, name: `n${i}`, tags: ["a", "b"] })),
  );
  const start = performance.now();
  const value = parseJsonSafe(big) as unknown[];
  assert.equal(value.length, 20000);
  assert.ok(performance.now() - start < 500);
  const withKeys = JSON.stringify(Array.from({ length: 20000 }, () => ({ constructor: "x" })));
  assert.equal((parseJsonSafe(withKeys) as unknown[]).length, 20000);
  assertPrototypeIntact();
});
