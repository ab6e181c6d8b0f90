import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parsePattern } from "./parse-pattern.ts";

const syntax = { code: "FLG_ERR_ROUTE_SYNTAX" };

describe("parsePattern", () => {
  test("splits static and param segments, defaulting the converter to string", () => {
    assert.deepEqual(parsePattern("/users/:id<int>/posts/:slug"), [
      { kind: "static", text: "users" },
      { kind: "param", name: "id", converter: "int" },
      { kind: "static", text: "posts" },
      { kind: "param", name: "slug", converter: "string" },
    ]);
  });

  test("treats the root as one empty segment and a trailing slash as an empty last one", () => {
    assert.deepEqual(parsePattern("/"), [{ kind: "static", text: "" }]);
    assert.deepEqual(parsePattern("/a/"), [
      { kind: "static", text: "a" },
      { kind: "static", text: "" },
    ]);
  });

  test("stores static text in canonical percent-encoding", () => {
    assert.deepEqual(parsePattern("/café"), [{ kind: "static", text: "caf%C3%A9" }]);
  });

  test("rejects paths that do not start with a slash", () => {
    assert.throws(() => parsePattern("users"), syntax);
    assert.throws(() => parsePattern(""), syntax);
  });

  test("rejects mixed segments such as /:a-:b with an explanation", () => {
    assert.throws(() => parsePattern("/:a-:b"), /whole segment/);
    assert.throws(() => parsePattern("/x-:b"), /whole segments/);
    assert.throws(() => parsePattern("/:a.json"), syntax);
  });

  test("rejects empty segments other than a trailing slash", () => {
    assert.throws(() => parsePattern("//a"), /empty segment/);
    assert.throws(() => parsePattern("/a//b"), /empty segment/);
  });

  test("rejects bad param names, unclosed and trailing converter syntax", () => {
    for (const p of ["/:", "/:1a", "/:a<int", "/:a<int>x", "/:a<>", "/:a<in t>", "/:a b"]) {
      assert.throws(() => parsePattern(p), syntax, p);
    }
  });

  test("rejects a param name used twice in one route", () => {
    assert.throws(() => parsePattern("/:id/x/:id<int>"), /used twice/);
  });

  test("rejects query strings, fragments and dot segments", () => {
    assert.throws(() => parsePattern("/a?b=1"), syntax);
    assert.throws(() => parsePattern("/a#b"), syntax);
    assert.throws(() => parsePattern("/a/../b"), syntax);
    assert.throws(() => parsePattern("/./b"), syntax);
  });

  test("names the route path in the error message", () => {
    assert.throws(() => parsePattern("/orders/:a-:b"), /"\/orders\/:a-:b"/);
  });
});
