import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { prepareBody, withQuery } from "./request-options.ts";

describe("withQuery", () => {
  test("arrays repeat the key, undefined is left out, null is empty", () => {
    assert.equal(
      withQuery("/s", { tag: ["a", "b"], page: 2, draft: false, skip: undefined, q: null }),
      "/s?tag=a&tag=b&page=2&draft=false&q=",
    );
  });

  test("keeps a query already in the path and encodes values", () => {
    assert.equal(withQuery("/s?x=1", { q: "a b&c" }), "/s?x=1&q=a+b%26c");
    assert.equal(withQuery("/s", {}), "/s");
    assert.equal(withQuery("/s", undefined), "/s");
  });
});

describe("prepareBody", () => {
  test("json is serialised with a JSON content type", () => {
    const b = prepareBody("POST", { json: { a: [1, null] } });
    assert.equal(b.body, '{"a":[1,null]}');
    assert.equal(b.contentType, "application/json");
    assert.equal(prepareBody("POST", { json: null }).body, "null");
  });

  test("a form without files is urlencoded, with arrays repeated", () => {
    const b = prepareBody("POST", {
      form: { name: "Ada L", tags: ["x", "y"], n: 3, none: undefined },
    });
    assert.equal(b.body, "name=Ada+L&tags=x&tags=y&n=3");
    assert.equal(b.contentType, "application/x-www-form-urlencoded");
  });

  test("a form with a File is multipart", async () => {
    const b = prepareBody("POST", {
      form: { title: "t", file: new File(["hello"], "a.txt", { type: "text/plain" }) },
    });
    assert.ok(b.body instanceof FormData);
    assert.equal(b.contentType, undefined);
    const sent = new Request("http://x/", { method: "POST", body: b.body });
    assert.match(sent.headers.get("content-type") ?? "", /^multipart\/form-data; boundary=/);
    const text = await sent.text();
    assert.match(text, /filename="a.txt"/);
    assert.match(text, /hello/);
  });

  test("a raw body is sent as given", () => {
    assert.equal(prepareBody("PUT", { body: "plain" }).contentType, "text/plain; charset=utf-8");
    const bytes = prepareBody("PUT", { body: new Uint8Array([1, 2]) });
    assert.deepEqual(bytes.body, new Uint8Array([1, 2]));
    assert.equal(bytes.contentType, undefined);
  });

  test("no body, two bodies, a body on GET", () => {
    assert.deepEqual(prepareBody("GET", {}), { body: undefined, contentType: undefined });
    assert.throws(() => prepareBody("POST", { json: {}, form: {} }), {
      code: "FLG_ERR_TEST_BODY_CONFLICT",
    });
    assert.throws(() => prepareBody("GET", { json: {} }), {
      code: "FLG_ERR_TEST_BODY_NOT_ALLOWED",
    });
  });
});
