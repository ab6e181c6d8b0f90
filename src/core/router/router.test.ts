/** The router's contract: methods, trailing slashes, registration errors, route listing. */
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

describe("methods", () => {
  test("a path served under other methods only gives 405 with a sorted Allow list", () => {
    const r = router([
      ["POST", "/items"],
      ["GET", "/items"],
      ["DELETE", "/items/:id<int>"],
    ]);
    assert.deepEqual(r.match("PUT", "/items"), {
      kind: "method-not-allowed",
      allow: ["GET", "HEAD", "OPTIONS", "POST"],
    });
    assert.deepEqual(r.match("GET", "/items/3"), {
      kind: "method-not-allowed",
      allow: ["DELETE", "OPTIONS"],
    });
  });

  test("Allow collects every route that matches the path, across specificity levels", () => {
    const r = router([
      ["GET", "/u/new"],
      ["PUT", "/u/:id<int>"],
      ["PATCH", "/u/:name"],
    ]);
    assert.deepEqual(r.match("DELETE", "/u/5"), {
      kind: "method-not-allowed",
      allow: ["OPTIONS", "PATCH", "PUT"],
    });
  });

  test("GET routes answer HEAD, and an explicit HEAD route wins over GET", () => {
    const r = router([
      ["GET", "/a"],
      ["GET", "/b/:x"],
      ["GET", "/c"],
      ["HEAD", "/c"],
    ]);
    assert.equal(found(r.match("HEAD", "/a")).value, "GET /a");
    assert.deepEqual(found(r.match("HEAD", "/b/1")).params, { x: "1" });
    assert.equal(found(r.match("HEAD", "/c")).value, "HEAD /c");
  });

  test("ALL matches any method, and an explicit method on the same path wins over ALL", () => {
    const r = router([
      ["ALL", "/any"],
      ["POST", "/any"],
      ["ALL", "/p/:x"],
    ]);
    assert.equal(found(r.match("PROPFIND", "/any")).value, "ALL /any");
    assert.equal(found(r.match("POST", "/any")).value, "POST /any");
    assert.equal(found(r.match("OPTIONS", "/p/1")).value, "ALL /p/:x");
  });

  test("OPTIONS without an OPTIONS route reports the Allow list for the core to answer", () => {
    const r = router([
      ["GET", "/a"],
      ["OPTIONS", "/b"],
      ["GET", "/b"],
    ]);
    assert.deepEqual(r.match("OPTIONS", "/a"), {
      kind: "method-not-allowed",
      allow: ["GET", "HEAD", "OPTIONS"],
    });
    assert.equal(found(r.match("OPTIONS", "/b")).value, "OPTIONS /b");
  });

  test("allowedMethods lists methods for an existing path and undefined for a missing one", () => {
    const r = router([
      ["PATCH", "/a/:id<int>"],
      ["ALL", "/all"],
    ]);
    assert.deepEqual(r.allowedMethods("/a/1"), ["OPTIONS", "PATCH"]);
    assert.equal(r.allowedMethods("/a/x"), undefined);
    assert.equal(r.allowedMethods("/nope"), undefined);
    assert.deepEqual(r.allowedMethods("/all"), [
      "DELETE",
      "GET",
      "HEAD",
      "OPTIONS",
      "PATCH",
      "POST",
      "PUT",
    ]);
  });
});

describe("trailing slash", () => {
  const routes: Array<[string, string]> = [
    ["GET", "/dir/"],
    ["GET", "/file"],
    ["POST", "/form/"],
    ["GET", "/users/:id<int>/"],
  ];

  test("a path without a slash redirects to the slashed route, like APPEND_SLASH", () => {
    const r = router(routes);
    assert.deepEqual(r.match("GET", "/dir"), { kind: "redirect", location: "/dir/" });
    assert.deepEqual(r.match("GET", "/users/5"), { kind: "redirect", location: "/users/5/" });
  });

  test("a path with a slash redirects to the route without one", () => {
    assert.deepEqual(router(routes).match("GET", "/file/"), {
      kind: "redirect",
      location: "/file",
    });
  });

  test("the redirect is offered for any method whose route exists at the other form", () => {
    assert.deepEqual(router(routes).match("POST", "/form"), {
      kind: "redirect",
      location: "/form/",
    });
  });

  test("no redirect when the other form only exists under another method", () => {
    assert.deepEqual(router(routes).match("DELETE", "/dir"), { kind: "not-found" });
  });

  test("strict policy never redirects", () => {
    const r = router(routes, { trailingSlash: "strict" });
    assert.deepEqual(r.match("GET", "/dir"), { kind: "not-found" });
    assert.deepEqual(r.match("GET", "/file/"), { kind: "not-found" });
    assert.equal(found(r.match("GET", "/dir/")).value, "GET /dir/");
  });

  test("405 takes precedence over a redirect when the path itself exists", () => {
    const r = router([
      ["POST", "/x"],
      ["GET", "/x/"],
    ]);
    assert.equal(r.match("GET", "/x").kind, "method-not-allowed");
  });

  test("never redirects to a protocol-relative location (open redirect)", () => {
    // A greedy converter refusing a trailing slash makes "//evil.example" the only match.
    const noSlash: Converter<string> = {
      parse: (s) => (s.endsWith("/") ? undefined : s),
      format: String,
      greedy: true,
    };
    const r = router([["GET", "/:rest<noSlash>"]], { converters: { noSlash } });
    assert.deepEqual(r.match("GET", "/a/"), { kind: "redirect", location: "/a" });
    assert.deepEqual(r.match("GET", "//evil.example/"), { kind: "not-found" });
    const s = router([["GET", "/:x"]]);
    assert.deepEqual(s.match("GET", "/a/"), { kind: "redirect", location: "/a" });
    assert.deepEqual(s.match("GET", "/\\evil.example/"), { kind: "not-found" });
  });

  test("the root path is matched exactly and never redirected", () => {
    const r = router([["GET", "/"]]);
    assert.equal(found(r.match("GET", "/")).value, "GET /");
    assert.deepEqual(r.match("GET", "//"), { kind: "not-found" });
  });
});

describe("registration errors", () => {
  test("a duplicate method and path shape throws, even with other param names", () => {
    const r = router([["GET", "/a/:id"]]);
    assert.throws(() => r.add("GET", "/a/:name", ""), {
      code: "FLG_ERR_ROUTE_DUPLICATE",
      message: /GET "\/a\/:name" duplicates GET "\/a\/:id"/,
    });
    r.add("POST", "/a/:name", "");
    r.add("ALL", "/a/:x", "");
  });

  test("an unknown converter throws and lists the known ones", () => {
    assert.throws(() => router([["GET", "/a/:x<nope>"]]), {
      code: "FLG_ERR_ROUTE_CONVERTER",
      message: /unknown converter <nope>.*int, uuid, slug, string, path/,
    });
  });

  test("a duplicate route name throws and names both paths", () => {
    const r = new Router<number>();
    r.add("GET", "/a", 1, "home");
    assert.throws(() => r.add("GET", "/b", 2, "home"), {
      code: "FLG_ERR_ROUTE_NAME_DUPLICATE",
      message: /"home" for "\/b" is already used by "\/a"/,
    });
  });

  test("a greedy param that is not last throws a syntax error", () => {
    assert.throws(() => router([["GET", "/a/:p<path>/b"]]), {
      code: "FLG_ERR_ROUTE_SYNTAX",
      message: /must be the last segment/,
    });
  });

  test("an invalid method throws a syntax error", () => {
    assert.throws(() => router([["get", "/a"]]), { code: "FLG_ERR_ROUTE_SYNTAX" });
    assert.throws(() => router([["", "/a"]]), { code: "FLG_ERR_ROUTE_SYNTAX" });
  });

  test("invalid converter definitions and options are refused at construction", () => {
    const bad = { parse: () => 1 } as unknown as Converter<unknown>;
    assert.throws(() => new Router({ converters: { bad } }), { code: "FLG_ERR_ROUTE_CONVERTER" });
    assert.throws(() => new Router({ converters: { "a-b": { parse: String, format: String } } }), {
      code: "FLG_ERR_ROUTE_CONVERTER",
    });
    assert.throws(() => new Router({ maxParamLength: 0 }), RangeError);
  });

  test("errors are RouterError instances with the subclass name", () => {
    try {
      router([["GET", "/:a-:b"]]);
      assert.fail("expected a throw");
    } catch (err) {
      assert.ok(err instanceof Error);
      assert.equal((err as Error).name, "RouteSyntaxError");
    }
  });
});

describe("routes()", () => {
  test("lists every route in registration order with its name", () => {
    const r = new Router<number>();
    r.add("GET", "/b/:x<int>", 1, "b");
    r.add("POST", "/a", 2);
    assert.deepEqual(r.routes(), [
      { method: "GET", path: "/b/:x<int>", name: "b" },
      { method: "POST", path: "/a", name: undefined },
    ]);
  });
});

describe("static fast path", () => {
  test("a static route is found with an empty params object", () => {
    const r = router([
      ["GET", "/a/b"],
      ["GET", "/a/:x"],
    ]);
    assert.deepEqual(r.match("GET", "/a/b"), { kind: "found", value: "GET /a/b", params: {} });
  });

  test("a request path that does not start with a slash is not found", () => {
    const r = router([["GET", "/:x<path>"]]);
    assert.deepEqual(r.match("GET", "a/b"), { kind: "not-found" });
    assert.deepEqual(r.match("GET", ""), { kind: "not-found" });
    assert.deepEqual(r.match("GET", "*"), { kind: "not-found" });
  });
});

describe("failed registration", () => {
  test("a route refused for any reason leaves the router exactly as it was", () => {
    const r = router([["GET", "/a/:x"]]);
    r.add("GET", "/named", "named", "taken");
    const before = r.routes();
    assert.throws(() => r.add("GET", "/b/:y<nope>", "x"), { code: "FLG_ERR_ROUTE_CONVERTER" });
    assert.throws(() => r.add("GET", "/c/:p<path>/d", "x"), { code: "FLG_ERR_ROUTE_SYNTAX" });
    assert.throws(() => r.add("GET", "/d", "x", "taken"), { code: "FLG_ERR_ROUTE_NAME_DUPLICATE" });
    assert.throws(() => r.add("GET", "/a/:z", "x"), { code: "FLG_ERR_ROUTE_DUPLICATE" });
    assert.deepEqual(r.routes(), before);
    assert.deepEqual(r.match("GET", "/d"), { kind: "not-found" });
    assert.deepEqual(r.match("GET", "/b/1"), { kind: "not-found" });
    assert.equal(r.allowedMethods("/c/x/d"), undefined);
    r.add("GET", "/d", "d", "d");
    assert.equal(r.url("d"), "/d");
  });
});
