import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { rawParamTail, staticPath } from "./safe-path.ts";

describe("rawParamTail", () => {
  test("finds the still-encoded tail the router decoded into the param", () => {
    assert.equal(rawParamTail("/static/css/site.css", "css/site.css"), "css/site.css");
    assert.equal(rawParamTail("/static/..%2f..%2fetc", "../../etc"), "..%2f..%2fetc");
    assert.equal(rawParamTail("/s/%2e%2e/x", "../x"), "%2e%2e/x");
    assert.equal(rawParamTail("/a%20b/c%20d", "c d"), "c%20d");
    assert.equal(rawParamTail("/x/%25", "%"), "%25");
  });

  test("refuses when no suffix decodes to the param", () => {
    assert.equal(rawParamTail("/static/a", "b"), undefined);
    assert.equal(rawParamTail("/static/ab", "b"), undefined);
    assert.equal(rawParamTail("/static/%61b", "b"), undefined);
    assert.equal(rawParamTail("/static/%zz", "x"), undefined);
  });
});

describe("staticPath", () => {
  test("splits and decodes one segment at a time", () => {
    assert.deepEqual(staticPath("css/site.css"), {
      segments: ["css", "site.css"],
      trailingSlash: false,
    });
    assert.deepEqual(staticPath("a%20b/c%25d"), { segments: ["a b", "c%d"], trailingSlash: false });
    assert.deepEqual(staticPath("docs/"), { segments: ["docs"], trailingSlash: true });
  });

  test("refuses dot segments, dotfiles, empty segments, encoded separators, NUL and bad escapes", () => {
    for (const tail of [
      "..",
      "../x",
      "a/../b",
      "./x",
      "%2e%2e/x",
      "%2E",
      "..%2fx",
      "a%2fb",
      "a%5cb",
      "a\\b",
      "a%00b",
      ".env",
      ".git/config",
      "a/.hidden/b",
      "%2eenv",
      "/etc/passwd",
      "a//b",
      "/",
      "%c0%ae",
      "%E0%A4%A",
      "%",
    ]) {
      assert.equal(staticPath(tail), undefined, tail);
    }
  });
});
