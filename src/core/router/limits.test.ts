/**
 * The bad-input battery from research/security.md C6/C7: huge params from nasty alphabets must be
 * refused quickly (the param-length cap), and no route shape may make matching super-linear.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Router } from "./router.ts";

const ROUTES = [
  "/s/:a",
  "/i/:a<int>",
  "/u/:a<uuid>",
  "/g/:a<slug>",
  "/p/:a<path>",
  "/two/:a/:b",
  "/mix/:a<int>/x/:b<slug>/:c",
  "/deep/:a/:b/:c/:d/:e/tail",
  "/:a",
  "/:a/:b<path>",
];

const HUGE = 50_000;
const ALPHABETS: Array<[string, string]> = [
  ["a", "a".repeat(HUGE)],
  ["-", "-".repeat(HUGE)],
  ["a-", "a-".repeat(HUGE / 2)],
  [".", ".".repeat(HUGE)],
  ["%2F", "%2F".repeat(Math.ceil(HUGE / 3))],
  ["%2f", "%2f".repeat(Math.ceil(HUGE / 3))],
  ["a*49999+!", "a".repeat(HUGE - 1) + "!"],
];

/** The request path for `route` with every param replaced by `value`. */
function fill(route: string, value: string): string {
  return route.replace(/:[A-Za-z]+(<[a-z]+>)?/g, value);
}

/** Milliseconds for one call, best of three so a GC pause or JIT warm-up cannot fail the test. */
function timed(fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function tableRouter(options?: {
  maxParamLength?: number;
  maxPathParamLength?: number;
}): Router<string> {
  const r = new Router<string>(options);
  for (const path of ROUTES) {
    r.add("GET", path, path);
    r.add("POST", path, path);
  }
  return r;
}

describe("param length cap", () => {
  const r = tableRouter();
  for (const [label, value] of ALPHABETS) {
    test(`every route with each param = 50,000 chars of "${label}" is not found in < 5 ms`, () => {
      for (const route of ROUTES) {
        const path = fill(route, value);
        let result: unknown;
        const ms = timed(() => {
          result = r.match("GET", path);
        });
        assert.deepEqual(result, { kind: "not-found" }, `${route} with "${label}"`);
        assert.ok(ms < 5, `${route} with "${label}" took ${ms.toFixed(2)} ms`);
      }
    });
  }

  test("allowedMethods and the miss checks are just as bounded on huge input", () => {
    for (const [, value] of ALPHABETS) {
      for (const route of ROUTES) {
        const path = fill(route, value) + "/";
        const ms = timed(() => {
          r.allowedMethods(path);
          r.match("DELETE", path);
        });
        assert.ok(ms < 5, `${route} took ${ms.toFixed(2)} ms`);
      }
    }
  });

  // With the greedy cap set as low as the segment cap, `/:a/:b<path>` cannot catch what
  // `/s/:a` refuses, so these tests see the segment cap alone.
  const capped = tableRouter({ maxPathParamLength: 100 });

  test("the default cap is 100 raw characters per param", () => {
    assert.equal(capped.match("GET", "/s/" + "a".repeat(100)).kind, "found");
    assert.equal(capped.match("GET", "/s/" + "a".repeat(101)).kind, "not-found");
  });

  test("greedy path params have their own cap, 1000 raw characters by default", () => {
    assert.equal(r.match("GET", "/p/" + "a/".repeat(500)).kind, "found");
    assert.equal(r.match("GET", "/p/" + "a/".repeat(500) + "a").kind, "not-found");
    assert.equal(capped.match("GET", "/p/" + "a/".repeat(50)).kind, "found");
    assert.equal(capped.match("GET", "/p/" + "a/".repeat(50) + "a").kind, "not-found");
  });

  test("the cap counts raw characters, escapes included", () => {
    assert.equal(capped.match("GET", "/s/" + "%41".repeat(33)).kind, "found");
    assert.equal(capped.match("GET", "/s/" + "%41".repeat(34)).kind, "not-found");
  });

  test("raising maxParamLength lets the same 50,000-char params match", () => {
    const big = tableRouter({ maxParamLength: 60_000, maxPathParamLength: 60_000 });
    const value = "a".repeat(HUGE);
    const hit = big.match("GET", fill("/two/:a/:b", value));
    assert.equal(hit.kind, "found");
    assert.equal(big.match("GET", fill("/p/:a<path>", value)).kind, "found");
  });
});

describe("no super-linear matching", () => {
  test("mixed params in one segment are refused, so /:a-:b-:c-:d can never backtrack", () => {
    const r = new Router<string>();
    assert.throws(() => r.add("GET", "/:a-:b-:c-:d", ""), { code: "FLG_ERR_ROUTE_SYNTAX" });
    const ms = timed(() => r.match("GET", "/" + "a-".repeat(4000) + "/z"));
    assert.ok(ms < 10);
  });

  test("a deep table with fallback at every level answers a late miss in < 5 ms", () => {
    // At every depth: static, int, slug and string siblings, each leading to its own chain, so a
    // request that fails at the very end makes the walk try every alternative once.
    const r = new Router<string>();
    const depth = 24;
    const shapes = new Set<string>();
    for (let k = 0; k < depth; k++) {
      for (const kind of ["static", "<int>", "<slug>", ""]) {
        const segs: string[] = [];
        for (let i = 0; i < depth; i++) {
          if (i < k) segs.push(`:p${i}`);
          else if (i === k) segs.push(kind === "static" ? "1" : `:p${i}${kind}`);
          else segs.push(`:p${i}<int>`);
        }
        const path = "/" + segs.join("/") + "/end";
        const shape = path.replace(/:p\d+/g, ":");
        if (shapes.has(shape)) continue;
        shapes.add(shape);
        r.add("GET", path, "x");
      }
    }
    const path = "/" + Array.from({ length: depth }, () => "1").join("/") + "/nope";
    let result: unknown;
    const ms = timed(() => {
      result = r.match("GET", path);
    });
    assert.deepEqual(result, { kind: "not-found" });
    assert.ok(ms < 5, `took ${ms.toFixed(2)} ms`);
    const hit = r.match("GET", "/" + Array.from({ length: depth }, () => "1").join("/") + "/end");
    assert.equal(hit.kind, "found");
  });

  test("a 1,000-route table answers 50,000-char garbage paths in < 5 ms", () => {
    const r = new Router<number>();
    for (let i = 0; i < 250; i++) {
      r.add("GET", `/r${i}/:a/:b<int>/x`, i);
      r.add("GET", `/r${i}/:a<slug>/y/:c`, i);
      r.add("GET", `/:a/r${i}/:b<uuid>`, i);
      r.add("GET", `/r${i}/:a/:rest<path>`, i);
    }
    for (const [label, value] of ALPHABETS) {
      for (const path of [
        `/${value}`,
        `/r7/${value}/1/x`,
        `/${value}/r9/${value}`,
        `/r3/a/${value}`,
      ]) {
        const ms = timed(() => r.match("GET", path));
        assert.ok(ms < 5, `"${label}" took ${ms.toFixed(2)} ms`);
      }
      const slashes = "/" + value.slice(0, 2000).split("").join("/");
      const ms = timed(() => r.match("GET", slashes));
      assert.ok(ms < 5, `slashed "${label}" took ${ms.toFixed(2)} ms`);
    }
  });
});
