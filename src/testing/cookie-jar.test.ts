import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CookieJar, defaultPath, domainMatches, pathMatches } from "./cookie-jar.ts";

const http = (path = "/") => new URL(`http://localhost${path}`);
const https = (path = "/") => new URL(`https://localhost${path}`);

describe("CookieJar", () => {
  test("stores what Set-Cookie sets and sends it back", () => {
    const jar = new CookieJar();
    jar.receive("a=1; Path=/", http());
    jar.receive("b=2; Path=/", http());
    assert.equal(jar.headerFor(http("/x")), "a=1; b=2");
    jar.receive("a=3; Path=/", http());
    assert.equal(jar.get("a"), "3");
    assert.equal(jar.size, 2);
  });

  test("Max-Age=0 and an Expires in the past delete the cookie", () => {
    const jar = new CookieJar();
    jar.receive("a=1; Path=/", http());
    jar.receive("b=1; Path=/", http());
    jar.receive("a=; Path=/; Max-Age=0", http());
    jar.receive("b=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT", http());
    assert.equal(jar.size, 0);
    assert.equal(jar.headerFor(http()), undefined);
  });

  test("a cookie with Max-Age expires when its time is up; Max-Age wins over Expires", () => {
    let now = 1_000_000;
    const jar = new CookieJar("localhost", () => now);
    jar.receive("a=1; Path=/; Max-Age=10; Expires=Thu, 01 Jan 1970 00:00:00 GMT", http());
    assert.equal(jar.get("a"), "1");
    assert.equal(jar.getCookie("a")?.expiresAt, now + 10_000);
    now += 10_001;
    assert.equal(jar.get("a"), undefined);
    assert.equal(jar.headerFor(http()), undefined);
  });

  test("Path scopes the cookie; without Path it covers the request's directory", () => {
    const jar = new CookieJar();
    jar.receive("admin=1; Path=/admin", http("/admin/login"));
    jar.receive("dir=1", http("/shop/cart/add"));
    assert.equal(jar.headerFor(http("/")), undefined);
    assert.equal(jar.headerFor(http("/administrator")), undefined);
    assert.equal(jar.headerFor(http("/admin")), "admin=1");
    assert.equal(jar.headerFor(http("/admin/users")), "admin=1");
    assert.equal(jar.getCookie("dir")?.path, "/shop/cart");
    assert.equal(jar.headerFor(http("/shop/cart/view")), "dir=1");
    assert.equal(jar.headerFor(http("/shop")), undefined);
  });

  test("longer paths are sent first", () => {
    const jar = new CookieJar();
    jar.receive("x=root; Path=/", http());
    jar.receive("x=deep; Path=/a", http("/a"));
    assert.equal(jar.headerFor(http("/a/b")), "x=deep; x=root");
    assert.equal(jar.get("x"), "deep");
    assert.equal(jar.get("x", { path: "/" }), "root");
  });

  test("Secure cookies go only to https; HttpOnly is kept", () => {
    const jar = new CookieJar();
    jar.receive("s=1; Path=/; Secure; HttpOnly", https());
    assert.equal(jar.headerFor(http()), undefined);
    assert.equal(jar.headerFor(https()), "s=1");
    assert.equal(jar.getCookie("s")?.httpOnly, true);
    assert.equal(jar.getCookie("s")?.secure, true);
  });

  test("__Host- and __Secure- cookies that break their rules are refused", () => {
    const jar = new CookieJar();
    jar.receive("__Host-a=1; Path=/", https());
    jar.receive("__Host-b=1; Path=/x; Secure", https("/x"));
    jar.receive("__Host-c=1; Path=/; Secure; Domain=localhost", https());
    jar.receive("__Secure-d=1; Path=/", https());
    assert.equal(jar.size, 0);
    jar.receive("__Host-ok=1; Path=/; Secure", https());
    jar.receive("__Secure-ok=1; Path=/; Secure", https());
    assert.equal(jar.size, 2);
  });

  test("Domain covers subdomains; a foreign Domain is refused", () => {
    const jar = new CookieJar("example.com");
    jar.receive("d=1; Path=/; Domain=example.com", new URL("http://example.com/"));
    jar.receive("h=1; Path=/", new URL("http://example.com/"));
    jar.receive("evil=1; Path=/; Domain=other.com", new URL("http://example.com/"));
    assert.equal(jar.headerFor(new URL("http://api.example.com/")), "d=1");
    assert.equal(jar.headerFor(new URL("http://example.com/")), "d=1; h=1");
    assert.equal(jar.get("evil"), undefined);
  });

  test("set, delete and clear by hand", () => {
    const jar = new CookieJar();
    jar.set("theme", "dark").set("lang", "fr", { path: "/docs" });
    assert.equal(jar.headerFor(http("/docs/x")), "lang=fr; theme=dark");
    assert.equal(jar.delete("theme"), true);
    assert.equal(jar.delete("theme"), false);
    assert.equal(jar.headerFor(http("/")), undefined);
    jar.clear();
    assert.equal(jar.size, 0);
  });
});

describe("cookie matching rules", () => {
  test("domainMatches", () => {
    assert.equal(domainMatches("a.example.com", "example.com"), true);
    assert.equal(domainMatches("badexample.com", "example.com"), false);
    assert.equal(domainMatches("10.0.0.1", "0.0.1"), false);
  });

  test("pathMatches and defaultPath", () => {
    assert.equal(pathMatches("/a/b", "/a"), true);
    assert.equal(pathMatches("/a/b", "/a/"), true);
    assert.equal(pathMatches("/ab", "/a"), false);
    assert.equal(defaultPath("/"), "/");
    assert.equal(defaultPath("/login"), "/");
    assert.equal(defaultPath("/a/b/c"), "/a/b");
  });
});
