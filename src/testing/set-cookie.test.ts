import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseSetCookie } from "./set-cookie.ts";

describe("parseSetCookie", () => {
  test("reads the name, the raw value and every attribute", () => {
    const c = parseSetCookie(
      'sid="a b"; Path=/app; Domain=.Example.COM; Max-Age=60; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Secure; HttpOnly; SameSite=strict; Partitioned',
    );
    assert.ok(c);
    assert.equal(c.name, "sid");
    assert.equal(c.value, '"a b"');
    assert.equal(c.path, "/app");
    assert.equal(c.domain, "example.com");
    assert.equal(c.maxAge, 60);
    assert.equal(c.expires?.toISOString(), "2037-10-21T07:28:00.000Z");
    assert.equal(c.secure, true);
    assert.equal(c.httpOnly, true);
    assert.equal(c.sameSite, "Strict");
    assert.equal(c.partitioned, true);
  });

  test("a value may contain '='; a missing attribute is off", () => {
    const c = parseSetCookie("token=YWJj==; path=/");
    assert.equal(c?.value, "YWJj==");
    assert.equal(c?.secure, false);
    assert.equal(c?.httpOnly, false);
    assert.equal(c?.maxAge, undefined);
  });

  test("malformed attributes are dropped, not fatal", () => {
    const c = parseSetCookie("a=1; Max-Age=soon; Expires=never; Path=relative; SameSite=sometimes");
    assert.ok(c);
    assert.equal(c.maxAge, undefined);
    assert.equal(c.expires, undefined);
    assert.equal(c.path, undefined);
    assert.equal(c.sameSite, undefined);
  });

  test("a header without name=value is ignored", () => {
    assert.equal(parseSetCookie("justaname"), undefined);
    assert.equal(parseSetCookie("=value"), undefined);
  });
});
