import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Converter } from "./converters.ts";
import { Router } from "./router.ts";

const UUID = "123e4567-e89b-12d3-a456-426614174000";

function named(): Router<string> {
  const r = new Router<string>({
    converters: {
      hex: {
        parse: (s: string) => (/^[0-9a-f]+$/.test(s) ? Number.parseInt(s, 16) : undefined),
        format: (v: number) => v.toString(16),
      } as Converter<number>,
    },
  });
  r.add("GET", "/", "home", "home");
  r.add("GET", "/users/:id<int>", "user", "user");
  r.add("GET", "/users/:id<int>/posts/:slug<slug>/", "post", "post");
  r.add("GET", "/q/:term", "search", "search");
  r.add("GET", "/files/:rest<path>", "file", "file");
  r.add("GET", "/o/:id<uuid>", "order", "order");
  r.add("GET", "/café/:x", "cafe", "cafe");
  r.add("GET", "/h/:n<hex>", "hex", "hex");
  return r;
}

describe("url()", () => {
  const r = named();

  test("builds static and param paths with formatted values", () => {
    assert.equal(r.url("home"), "/");
    assert.equal(r.url("user", { id: 42 }), "/users/42");
    assert.equal(r.url("post", { id: 1, slug: "hello-world" }), "/users/1/posts/hello-world/");
    assert.equal(r.url("order", { id: UUID.toUpperCase() }), `/o/${UUID}`);
    assert.equal(r.url("hex", { n: 255 }), "/h/ff");
  });

  test("percent-encodes slashes, spaces and unicode inside a segment", () => {
    assert.equal(r.url("search", { term: "a/b c" }), "/q/a%2Fb%20c");
    assert.equal(r.url("search", { term: "café ☕" }), "/q/caf%C3%A9%20%E2%98%95");
    assert.equal(r.url("search", { term: "?#%&" }), "/q/%3F%23%25%26");
  });

  test("keeps the slashes of a path param and encodes each piece", () => {
    assert.equal(r.url("file", { rest: "docs/a b/ü.txt" }), "/files/docs/a%20b/%C3%BC.txt");
  });

  test("uses the canonical encoding of unicode static text", () => {
    assert.equal(r.url("cafe", { x: "1" }), "/caf%C3%A9/1");
  });

  test("every built URL matches back to the same route and values", () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ["user", { id: 42 }],
      ["post", { id: 7, slug: "a_b-c" }],
      ["search", { term: "a/b c ü %2F" }],
      ["file", { rest: "x/y z/ü" }],
      ["order", { id: UUID }],
      ["cafe", { x: "ö/ä" }],
      ["hex", { n: 4095 }],
    ];
    for (const [name, params] of cases) {
      const hit = r.match("GET", r.url(name, params));
      assert.equal(hit.kind, "found", name);
      if (hit.kind === "found") {
        assert.equal(hit.value, name);
        assert.deepEqual(hit.params, params);
      }
    }
  });

  test("appends a query string, repeating keys for arrays and encoding everything", () => {
    assert.equal(
      r.url("user", { id: 1 }, { tab: "posts", page: 2, draft: false, tag: ["a b", "ü", 3] }),
      "/users/1?tab=posts&page=2&draft=false&tag=a%20b&tag=%C3%BC&tag=3",
    );
    assert.equal(r.url("home", {}, { "a&b": "c=d" }), "/?a%26b=c%3Dd");
  });

  test("an empty query adds nothing and null or undefined values are skipped", () => {
    assert.equal(r.url("home", undefined, {}), "/");
    const query = { a: undefined, b: null, c: [] } as unknown as Record<string, string>;
    assert.equal(r.url("home", undefined, query), "/");
  });

  test("a __proto__ query key is plain text", () => {
    const query = JSON.parse('{"__proto__": "x"}') as Record<string, string>;
    assert.equal(r.url("home", undefined, query), "/?__proto__=x");
  });
});

describe("url() errors", () => {
  const r = named();
  const param = { code: "FLG_ERR_URL_PARAM" };

  test("an unknown name throws FLG_ERR_ROUTE_NAME_UNKNOWN naming it", () => {
    assert.throws(() => r.url("nope"), {
      code: "FLG_ERR_ROUTE_NAME_UNKNOWN",
      message: /No route is named "nope"/,
    });
  });

  test("a missing param throws and names the route and param", () => {
    assert.throws(() => r.url("user"), {
      code: "FLG_ERR_URL_PARAM",
      message: /route "user" \(\/users\/:id<int>\): param "id" is missing/,
    });
    assert.throws(() => r.url("user", { id: undefined }), param);
    assert.throws(() => r.url("user", { id: null }), param);
  });

  test("a value its converter would not match back throws", () => {
    for (const id of [-1, 1.5, "abc", Number.MAX_SAFE_INTEGER + 2, "", Number.NaN]) {
      assert.throws(() => r.url("user", { id }), param, String(id));
    }
    assert.throws(() => r.url("post", { id: 1, slug: "no spaces" }), param);
    assert.throws(() => r.url("order", { id: "not-a-uuid" }), param);
    assert.throws(() => r.url("search", { term: "" }), param);
  });

  test("an unknown param throws, listing the route's params", () => {
    assert.throws(() => r.url("user", { id: 1, extra: 2 }), {
      code: "FLG_ERR_URL_PARAM",
      message: /unknown param "extra" \(params: id\)/,
    });
  });

  test("a converter whose format throws is reported as a param error", () => {
    const bad = new Router<string>({
      converters: {
        bad: {
          parse: (s: string) => s,
          format: () => {
            throw new Error("cannot");
          },
        },
      },
    });
    bad.add("GET", "/b/:x<bad>", "b", "b");
    assert.throws(() => bad.url("b", { x: 1 }), { code: "FLG_ERR_URL_PARAM", message: /cannot/ });
  });

  test("a lone surrogate in a param or query throws a param error instead of URIError", () => {
    assert.throws(() => r.url("search", { term: "a\uD800" }), param);
    assert.throws(() => r.url("home", {}, { q: "\uDC00" }), param);
  });

  test("a param that is inherited rather than own counts as missing", () => {
    const params = Object.create({ id: 5 }) as Record<string, unknown>;
    assert.throws(() => r.url("user", params), param);
  });
});
