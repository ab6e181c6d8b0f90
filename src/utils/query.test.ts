import assert from "node:assert/strict";
import { test } from "node:test";
import { FlagonError } from "./errors.ts";
import { parseQuery, QueryDict } from "./query.ts";

// A variable key: the literal form reads as the accessor to linters and humans alike.
const PROTO = "__proto__";
const protoNames = Object.getOwnPropertyNames(Object.prototype);

function assertPrototypeIntact(): void {
  assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype), protoNames);
}

function throwsTooMany(fn: () => unknown): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof FlagonError);
    assert.equal(err.code, "FLG_ERR_TOO_MANY_PARAMS");
    assert.equal(err.status, 413);
    return true;
  });
}

test("parses pairs in order, repeated keys kept", () => {
  const q = parseQuery("a=1&b=2&a=3");
  assert.deepEqual(
    [...q.entries()],
    [
      ["a", "1"],
      ["b", "2"],
      ["a", "3"],
    ],
  );
  assert.equal(q.size, 3);
  assert.deepEqual([...q.keys()], ["a", "b"]);
});

test("D6: get returns the FIRST value, getAll every value", () => {
  const q = parseQuery("role=user&role=admin");
  assert.equal(q.get("role"), "user");
  assert.deepEqual(q.getAll("role"), ["user", "admin"]);
  assert.equal(q.toObject().role, "user");
  assert.deepEqual(q.toJSON(), Object.assign(Object.create(null), { role: ["user", "admin"] }));
});

test("'+' is a space, escapes are decoded, %2B is a plus", () => {
  const q = parseQuery("q=hello+world&x=a%2Bb&c%20d=%E2%9C%93&e=%3D%26");
  assert.equal(q.get("q"), "hello world");
  assert.equal(q.get("x"), "a+b");
  assert.equal(q.get("c d"), "\u2713");
  assert.equal(q.get("e"), "=&");
});

test("segments: leading '?', empty segments, missing '=', empty key", () => {
  assert.deepEqual([...parseQuery("?a=1")], [["a", "1"]]);
  assert.deepEqual([...parseQuery("&&a=1&&")], [["a", "1"]]);
  assert.deepEqual(
    [...parseQuery("flag&x=")],
    [
      ["flag", ""],
      ["x", ""],
    ],
  );
  assert.deepEqual(
    [...parseQuery("=v&a==b")],
    [
      ["", "v"],
      ["a", "=b"],
    ],
  );
  assert.equal(parseQuery("").size, 0);
  assert.equal(parseQuery("?").size, 0);
  assert.equal(parseQuery(undefined as unknown as string).size, 0);
});

test("matches URLSearchParams exactly, malformed escapes included", () => {
  const inputs = [
    "a=%zz",
    "a=%",
    "a=%4",
    "a=%%41",
    "a=%41%",
    "%=%",
    "a=%C3%28",
    "a=%E0%A4%A",
    "a=%ED%A0%80",
    "a=%F0%9F%98%80",
    "a=%C0%AE%C0%AE",
    "a=%00b",
    "a=\ud800%41",
    "a[b][c]=1&a[]=2&a[__proto__]=3",
    "x=1;y=2",
    "k=a+%2B+b",
    "%E2%82%AC=%e2%82%ac",
    "a=%fg%gf%1",
    "?x=1&?y=2",
  ];
  for (const s of inputs) {
    assert.deepEqual([...parseQuery(s)], [...new URLSearchParams(s)], JSON.stringify(s));
  }
});

test("raw non-ASCII text is kept (WHATWG), next to escapes that are decoded", () => {
  // Node's URLSearchParams turns the raw "\u00e9" into U+FFFD when escapes follow; the WHATWG
  // algorithm (UTF-8 encode, percent-decode, UTF-8 decode) keeps it.
  assert.equal(parseQuery("a=caf\u00e9+%zz+%C3%A9").get("a"), "caf\u00e9 %zz \u00e9");
  assert.equal(parseQuery("\u00e9=\u2713").get("\u00e9"), "\u2713");
  assert.equal(parseQuery("a=\ud800").get("a"), "\ufffd");
});

test("quadratic shapes stay linear", () => {
  const start = performance.now();
  parseQuery("a&".repeat(999) + "b=" + "x".repeat(1_000_000));
  parseQuery("%".repeat(500_000) + "=" + "%zz".repeat(100_000));
  assert.ok(performance.now() - start < 200);
});

test("never throws on random input (below the param limit)", () => {
  const alphabet = "a=&%+2Fz\ud800[]_";
  for (let n = 0; n < 2000; n++) {
    let s = "";
    const len = (n * 7) % 30;
    for (let i = 0; i < len; i++) s += alphabet[(n * 13 + i * 7) % alphabet.length];
    assert.deepEqual([...parseQuery(s)], [...new URLSearchParams(s)], JSON.stringify(s));
  }
});

test("D1: bracket keys stay literal and Object.prototype is untouched", () => {
  for (const qs of [
    "a=1&a[__proto__][x]=1",
    "__proto__[isAdmin]=true",
    "constructor[prototype][isAdmin]=true",
  ]) {
    const q = parseQuery(qs);
    assert.equal(q.get("isAdmin"), undefined);
    assert.equal(q.toObject().isAdmin, undefined);
    assert.equal(Object.getPrototypeOf(q.toObject()), null);
  }
  assert.equal(parseQuery("a[__proto__][x]=1").get("a[__proto__][x]"), "1");
  assert.equal(parseQuery("__proto__[isAdmin]=true").get("__proto__[isAdmin]"), "true");
  assertPrototypeIntact();
});

test("keys named like Object.prototype members are stored and looked up safely", () => {
  const q = parseQuery("__proto__=x&constructor=y&hasOwnProperty=z&toString=t&isAdmin=true");
  assert.equal(q.get("__proto__"), "x");
  assert.equal(q.get("constructor"), "y");
  assert.equal(q.get("hasOwnProperty"), "z");
  assert.equal(q.get("toString"), "t");
  assert.equal(q.has("__proto__"), true);
  const obj = q.toObject();
  assert.equal(Object.getPrototypeOf(obj), null);
  assert.deepEqual(Object.keys(obj), [
    "__proto__",
    "constructor",
    "hasOwnProperty",
    "toString",
    "isAdmin",
  ]);
  assert.equal(obj[PROTO], "x");
  const json = JSON.parse(JSON.stringify(q));
  assert.equal(Object.hasOwn(json, "__proto__"), true);
  const empty = parseQuery("a=1");
  for (const k of ["__proto__", "constructor", "hasOwnProperty", "toString", "valueOf"]) {
    assert.equal(empty.get(k), undefined);
    assert.equal(empty.has(k), false);
    assert.deepEqual(empty.getAll(k), []);
  }
  assertPrototypeIntact();
});

test("D2: CVE-2022-24999 payload is flat and fast", () => {
  const start = performance.now();
  const q = parseQuery("a[__proto__]=b&a[__proto__]&a[length]=100000000");
  assert.ok(performance.now() - start < 50);
  assert.deepEqual(q.getAll("a[__proto__]"), ["b", ""]);
  assert.equal(q.get("a[length]"), "100000000");
  assertPrototypeIntact();
});

test("D3/D4: nesting and huge indexes are not interpreted", () => {
  const q = parseQuery("a[b][c][d][e][f][g][h][i]=j&a[999999999]=x");
  assert.equal(q.get("a[b][c][d][e][f][g][h][i]"), "j");
  assert.equal(q.get("a[999999999]"), "x");
  assert.equal(q.size, 2);
});

test("D4/D5: more than maxParams pairs is a 413", () => {
  throwsTooMany(() => parseQuery("a[]=&".repeat(10000)));
  throwsTooMany(() => parseQuery(Array.from({ length: 10001 }, (_, i) => `p${i}=${i}`).join("&")));
  throwsTooMany(() => parseQuery("a=1&b=2&c=3", { maxParams: 2 }));
  assert.equal(
    parseQuery(Array.from({ length: 1000 }, (_, i) => `p${i}=${i}`).join("&")).size,
    1000,
  );
  assert.equal(parseQuery("a=1&b=2", { maxParams: 2 }).size, 2);
  assert.equal(parseQuery("", { maxParams: 0 }).size, 0);
});

test("empty segments do not count toward the limit", () => {
  assert.equal(parseQuery("&".repeat(50000) + "a=1").size, 1);
});

test("the limit fails fast, before decoding the rest", () => {
  const body = Array.from({ length: 200000 }, () => "k%20=%E2%9C%93").join("&");
  const start = performance.now();
  throwsTooMany(() => parseQuery(body));
  assert.ok(performance.now() - start < 50);
});

test("QueryDict: small and large dicts answer the same", () => {
  for (const n of [1, 8, 9, 50]) {
    const q = parseQuery(Array.from({ length: n }, (_, i) => `k${i % 5}=${i}`).join("&"));
    const expected = new URLSearchParams(
      Array.from({ length: n }, (_, i) => `k${i % 5}=${i}`).join("&"),
    );
    for (const k of ["k0", "k1", "k4", "missing"]) {
      assert.equal(q.get(k), expected.get(k) ?? undefined);
      assert.deepEqual(q.getAll(k), expected.getAll(k));
      assert.equal(q.has(k), expected.has(k));
    }
    assert.equal(q.size, n);
  }
});

test("QueryDict: append works before and after the index is built", () => {
  const q = new QueryDict();
  for (let i = 0; i < 20; i++) q.append(`k${i}`, String(i));
  assert.equal(q.get("k15"), "15");
  q.append("k15", "again");
  q.append("new", "v");
  assert.deepEqual(q.getAll("k15"), ["15", "again"]);
  assert.equal(q.get("new"), "v");
  assert.deepEqual([...q.keys()].slice(-2), ["k19", "new"]);
  assert.equal(q.size, 22);
});

test("QueryDict: getAll returns a copy", () => {
  const q = new QueryDict([
    ["a", "1"],
    ["a", "2"],
  ]);
  q.getAll("a").push("x");
  assert.deepEqual(q.getAll("a"), ["1", "2"]);
  const big = new QueryDict(Array.from({ length: 20 }, () => ["a", "1"] as [string, string]));
  big.getAll("a").push("x");
  assert.equal(big.getAll("a").length, 20);
  (big.toJSON().a as string[]).push("x");
  assert.equal(big.getAll("a").length, 20);
});

test("QueryDict: constructor, iteration, toObject and toJSON", () => {
  const q = new QueryDict([
    ["a", "1"],
    ["b", "2"],
    ["a", "3"],
  ]);
  assert.deepEqual(
    [...q],
    [
      ["a", "1"],
      ["b", "2"],
      ["a", "3"],
    ],
  );
  assert.deepEqual({ ...q.toObject() }, { a: "1", b: "2" });
  assert.equal(JSON.stringify(q), '{"a":["1","3"],"b":"2"}');
  assert.equal(new QueryDict().size, 0);
  assert.deepEqual([...new QueryDict().keys()], []);
});

test("tiny queries parse quickly", () => {
  const start = performance.now();
  for (let i = 0; i < 100000; i++) parseQuery("page=2&sort=name").get("page");
  assert.ok(performance.now() - start < 1000);
});
