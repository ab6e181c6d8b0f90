/** Matching behaviour: specificity, fallback, converters, percent-encoding, params objects. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Converter } from "./converters.ts";
import { type MatchResult, Router, type RouterOptions } from "./router.ts";

/** A router with one route per [method, path]; each route's value is its own "METHOD path". */
function router(routes: Array<[string, string]>, options?: RouterOptions): Router<string> {
  const r = new Router<string>(options);
  for (const [method, path] of routes) r.add(method, path, `${method} ${path}`);
  return r;
}

function found(result: MatchResult<string>): { value: string; params: Record<string, unknown> } {
  if (result.kind !== "found") assert.fail(`expected found, got ${JSON.stringify(result)}`);
  return result as { value: string; params: Record<string, unknown> };
}

const UUID = "123e4567-e89b-12d3-a456-426614174000";

describe("specificity", () => {
  const orders: Array<Array<[string, string]>> = [
    [
      ["GET", "/users/new"],
      ["GET", "/users/:id<int>"],
      ["GET", "/users/:name"],
    ],
    [
      ["GET", "/users/:name"],
      ["GET", "/users/:id<int>"],
      ["GET", "/users/new"],
    ],
  ];
  for (const [i, routes] of orders.entries()) {
    test(`a static segment beats any param, whatever the declaration order (order ${i + 1})`, () => {
      assert.equal(found(router(routes).match("GET", "/users/new")).value, "GET /users/new");
    });

    test(`an int param beats a string param for digits (order ${i + 1})`, () => {
      const hit = found(router(routes).match("GET", "/users/5"));
      assert.equal(hit.value, "GET /users/:id<int>");
      assert.deepEqual(hit.params, { id: 5 });
    });

    test(`a string param takes what int and static refuse (order ${i + 1})`, () => {
      const hit = found(router(routes).match("GET", "/users/bob"));
      assert.equal(hit.value, "GET /users/:name");
      assert.deepEqual(hit.params, { name: "bob" });
    });
  }

  test("the full ladder is static, typed, slug, string, then path, in either order", () => {
    const ladder: Array<[string, string]> = [
      ["GET", "/x/static"],
      ["GET", "/x/:u<uuid>"],
      ["GET", "/x/:n<int>"],
      ["GET", "/x/:s<slug>"],
      ["GET", "/x/:t"],
      ["GET", "/x/:p<path>"],
    ];
    for (const routes of [ladder, [...ladder].reverse()]) {
      const r = router(routes);
      assert.equal(found(r.match("GET", "/x/static")).value, "GET /x/static");
      assert.equal(found(r.match("GET", `/x/${UUID}`)).value, "GET /x/:u<uuid>");
      assert.equal(found(r.match("GET", "/x/42")).value, "GET /x/:n<int>");
      assert.equal(found(r.match("GET", "/x/a-slug")).value, "GET /x/:s<slug>");
      assert.equal(found(r.match("GET", "/x/a.b")).value, "GET /x/:t");
      assert.equal(found(r.match("GET", "/x/a/b")).value, "GET /x/:p<path>");
    }
  });

  test("a deeper static route wins over a greedy path param at the same position", () => {
    const r = router([
      ["GET", "/files/:rest<path>"],
      ["GET", "/files/:name/raw"],
    ]);
    assert.equal(found(r.match("GET", "/files/a/raw")).value, "GET /files/:name/raw");
    assert.deepEqual(found(r.match("GET", "/files/a/b/raw")).params, { rest: "a/b/raw" });
  });
});

describe("fallback", () => {
  test("a more specific branch that fails deeper falls back to the next candidate", () => {
    const r = router([
      ["GET", "/users/new/edit"],
      ["GET", "/users/:id<int>/posts"],
      ["GET", "/users/:name/settings"],
    ]);
    const hit = found(r.match("GET", "/users/new/settings"));
    assert.equal(hit.value, "GET /users/:name/settings");
    assert.deepEqual(hit.params, { name: "new" });
    assert.deepEqual(found(r.match("GET", "/users/7/settings")).params, { name: "7" });
    assert.deepEqual(found(r.match("GET", "/users/7/posts")).params, { id: 7 });
  });

  test("fallback keeps the right param values after a failed deeper branch", () => {
    const r = router([
      ["GET", "/a/:x<int>/:y<int>/z"],
      ["GET", "/a/:p/:q/w"],
    ]);
    assert.deepEqual(found(r.match("GET", "/a/1/2/w")).params, { p: "1", q: "2" });
    assert.deepEqual(found(r.match("GET", "/a/1/2/z")).params, { x: 1, y: 2 });
  });

  test("a method mismatch at a specific node falls back to a less specific route", () => {
    const r = router([
      ["POST", "/users/new"],
      ["GET", "/users/:name"],
    ]);
    assert.equal(found(r.match("GET", "/users/new")).value, "GET /users/:name");
    assert.equal(found(r.match("POST", "/users/new")).value, "POST /users/new");
  });

  test("a static route with a trailing-slash sibling still falls back to params", () => {
    const r = router([
      ["GET", "/a/b/"],
      ["GET", "/a/:x"],
    ]);
    assert.deepEqual(found(r.match("GET", "/a/b")).params, { x: "b" });
  });
});

describe("converters in routes", () => {
  test("uuid params are lowercased and slug params refuse dots", () => {
    const r = router([
      ["GET", "/o/:id<uuid>"],
      ["GET", "/s/:s<slug>"],
    ]);
    assert.deepEqual(found(r.match("GET", `/o/${UUID.toUpperCase()}`)).params, { id: UUID });
    assert.equal(r.match("GET", "/o/not-a-uuid").kind, "not-found");
    assert.equal(r.match("GET", "/s/a.b").kind, "not-found");
  });

  test("an int param beyond MAX_SAFE_INTEGER or negative is not found", () => {
    const r = router([["GET", "/n/:n<int>"]]);
    assert.equal(r.match("GET", "/n/9007199254740992").kind, "not-found");
    assert.equal(r.match("GET", "/n/-1").kind, "not-found");
    assert.deepEqual(found(r.match("GET", "/n/9007199254740991")).params, {
      n: Number.MAX_SAFE_INTEGER,
    });
  });

  test("a path param takes the rest of the path, slashes included, and must be non-empty", () => {
    const r = router([["GET", "/static/:file<path>"]]);
    assert.deepEqual(found(r.match("GET", "/static/css/site.css")).params, {
      file: "css/site.css",
    });
    assert.equal(r.match("GET", "/static/").kind, "not-found");
  });

  test("a custom converter parses values and is tried by its rank", () => {
    const hex: Converter<bigint> = {
      parse: (s) => (/^[0-9a-f]{1,16}$/.test(s) ? BigInt("0x" + s) : undefined),
      format: (v) => v.toString(16),
      rank: 5,
    };
    const r = router(
      [
        ["GET", "/c/:n<int>"],
        ["GET", "/c/:h<hex>"],
      ],
      { converters: { hex } },
    );
    assert.deepEqual(found(r.match("GET", "/c/10")).params, { h: 16n });
    assert.deepEqual(found(r.match("GET", "/c/ff")).params, { h: 255n });
    assert.equal(r.match("GET", "/c/zz").kind, "not-found");
  });

  test("a custom converter with the default rank ties with int and loses to static", () => {
    const even: Converter<number> = {
      parse: (s) => (/^\d+$/.test(s) && Number(s) % 2 === 0 ? Number(s) : undefined),
      format: String,
    };
    const r = router(
      [
        ["GET", "/e/:x<even>"],
        ["GET", "/e/4"],
      ],
      { converters: { even } },
    );
    assert.equal(found(r.match("GET", "/e/4")).value, "GET /e/4");
    assert.deepEqual(found(r.match("GET", "/e/6")).params, { x: 6 });
    assert.equal(r.match("GET", "/e/7").kind, "not-found");
  });

  test("a custom greedy converter must be the last segment", () => {
    const rest: Converter<string[]> = {
      parse: (s) => s.split("/"),
      format: (v) => v.join("/"),
      greedy: true,
    };
    const r = router([["GET", "/g/:parts<rest>"]], { converters: { rest } });
    assert.deepEqual(found(r.match("GET", "/g/a/b")).params, { parts: ["a", "b"] });
    assert.throws(() => r.add("GET", "/h/:parts<rest>/x", ""), { code: "FLG_ERR_ROUTE_SYNTAX" });
  });

  test("a user converter may replace a built-in one", () => {
    const signed: Converter<number> = {
      parse: (s) => (/^-?\d{1,15}$/.test(s) ? Number(s) : undefined),
      format: String,
    };
    const r = router([["GET", "/n/:n<int>"]], { converters: { int: signed } });
    assert.deepEqual(found(r.match("GET", "/n/-3")).params, { n: -3 });
  });

  test("a converter whose parse throws is a programming error that surfaces", () => {
    const boom: Converter<string> = {
      parse: () => {
        throw new Error("boom");
      },
      format: String,
    };
    const r = router([["GET", "/b/:x<boom>"]], { converters: { boom } });
    assert.throws(() => r.match("GET", "/b/1"), /boom/);
  });
});

describe("percent-encoding", () => {
  test("params are percent-decoded per segment", () => {
    const r = router([["GET", "/q/:term/:n<int>"]]);
    assert.deepEqual(found(r.match("GET", "/q/caf%C3%A9%20au%20lait/%31%32")).params, {
      term: "café au lait",
      n: 12,
    });
  });

  test("an encoded slash stays inside its segment and decodes to a slash", () => {
    const r = router([["GET", "/f/:name/meta"]]);
    assert.deepEqual(found(r.match("GET", "/f/a%2Fb/meta")).params, { name: "a/b" });
  });

  test("path params are decoded too", () => {
    const r = router([["GET", "/p/:rest<path>"]]);
    assert.deepEqual(found(r.match("GET", "/p/a%20b/c%2Fd")).params, { rest: "a b/c/d" });
  });

  test("a malformed escape in a param is not found, never a throw", () => {
    const r = router([
      ["GET", "/s/:x"],
      ["GET", "/p/:rest<path>"],
    ]);
    for (const p of ["/s/%", "/s/%E0%A4%A", "/s/%zz", "/s/%c0%ae", "/p/a/%FF", "/s/%D8%00"]) {
      assert.deepEqual(r.match("GET", p), { kind: "not-found" }, p);
    }
  });

  test("a unicode static route matches its UTF-8 encoded request path", () => {
    const r = router([
      ["GET", "/café"],
      ["GET", "/日本/:x"],
    ]);
    assert.equal(found(r.match("GET", "/caf%C3%A9")).value, "GET /café");
    assert.deepEqual(found(r.match("GET", "/%E6%97%A5%E6%9C%AC/1")).params, { x: "1" });
  });

  test("a static route also matches lowercase hex and needlessly encoded characters", () => {
    const r = router([
      ["GET", "/café"],
      ["GET", "/abc/:x"],
    ]);
    assert.equal(found(r.match("GET", "/caf%c3%a9")).value, "GET /café");
    assert.deepEqual(found(r.match("GET", "/%61bc/%41")).params, { x: "A" });
  });

  test("a route with a space matches the encoded space but an unencoded one is respelled", () => {
    const r = router([["GET", "/a b"]]);
    assert.equal(found(r.match("GET", "/a%20b")).value, "GET /a b");
  });

  test("a route written with escapes matches every spelling of the same path", () => {
    const r = router([["GET", "/%41b%2fc/caf%c3%a9"]]);
    for (const p of ["/Ab%2Fc/caf%C3%A9", "/%41b%2fc/caf%c3%a9", "/A%62%2Fc/caf%C3%a9"]) {
      assert.equal(found(r.match("GET", p)).value, "GET /%41b%2fc/caf%c3%a9", p);
    }
    assert.deepEqual(r.match("GET", "/Ab/c/caf%C3%A9"), { kind: "not-found" });
  });

  test("an encoded slash never matches a slash in a static route", () => {
    const r = router([["GET", "/a/b"]]);
    assert.deepEqual(r.match("GET", "/a%2Fb"), { kind: "not-found" });
  });
});

describe("params objects", () => {
  test("each hit gets a fresh params object", () => {
    const r = router([["GET", "/a/:x"]]);
    const one = found(r.match("GET", "/a/1")).params;
    const two = found(r.match("GET", "/a/2")).params;
    assert.notEqual(one, two);
    assert.deepEqual(one, { x: "1" });
  });

  test("a param named __proto__ is an own property and does not change the prototype", () => {
    const r = router([["GET", "/a/:__proto__/:constructor"]]);
    const params = found(r.match("GET", "/a/evil/c")).params;
    assert.equal(Object.getPrototypeOf(params), Object.prototype);
    assert.deepEqual(Object.keys(params), ["__proto__", "constructor"]);
    assert.equal(Object.getOwnPropertyDescriptor(params, "__proto__")?.value, "evil");
    assert.equal(({} as Record<string, unknown>)["evil"], undefined);
  });

  test("a request value of __proto__ is just a string value", () => {
    const r = router([["GET", "/a/:x"]]);
    const params = found(r.match("GET", "/a/__proto__")).params;
    assert.equal(params["x"], "__proto__");
    assert.equal(Object.getPrototypeOf(params), Object.prototype);
  });
});
