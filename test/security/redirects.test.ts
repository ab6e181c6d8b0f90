/**
 * security.md 3.M — open redirects: Django's whole bad list (plus the extras seen in ports of it)
 * and its good list, through `ctx.redirect()` on a real app (`GET /redirect?next=...`) served as
 * `testserver`. Every bad entry must end at `Location: /`; every good entry is kept as is.
 *
 * The entries are Python raw strings in Django's test, so `\` is a literal backslash there;
 * `String.raw` keeps them byte-identical here. `\n` and `\x08` are real control characters.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { redirect } from "../../src/index.ts";
import { http, raw } from "./raw.ts";
import { type Sentinel, startSentinel } from "./sentinel.ts";

/** Django's `url_has_allowed_host_and_scheme` bad URLs (utils_tests/test_http.py). */
const DJANGO_BAD = [
  "http://example.com",
  "http:///example.com",
  "https://example.com",
  "ftp://example.com",
  String.raw`\\example.com`,
  String.raw`\\\example.com`,
  String.raw`/\\/example.com`,
  String.raw`\\//example.com`,
  String.raw`/\/example.com`,
  String.raw`\/example.com`,
  String.raw`/\example.com`,
  String.raw`http:/\//example.com`,
  String.raw`http:\/example.com`,
  String.raw`http:/\example.com`,
  'javascript:alert("XSS")',
  "\njavascript:alert(x)",
  "java\nscript:alert(x)",
  "\x08//example.com",
  String.raw`http://otherserver\@example.com`,
  String.raw`http:\\testserver\@example.com`,
  String.raw`http://testserver\me:pass@example.com`,
  String.raw`http://testserver\@example.com`,
  String.raw`http:\\testserver\confirm\me@example.com`,
  "http:999999999",
  "ftp:9999999999",
  "\n",
  "http://[2001:cdba:0000:0000:0000:0000:3257:9652/",
  "http://2001:cdba:0000:0000:0000:0000:3257:9652]/",
];

/** Extras seen in ports of that list. */
const EXTRA_BAD = [
  "////example.com",
  "https:example.com",
  "//example%E3%80%82com",
  "http://allowed.com@example.com/",
  "/%09/example.com",
  "%2F%2Fexample.com",
];

/** Must still work (relative, or on the request's own host `testserver`). */
const GOOD = [
  "/view/?param=http://example.com",
  "/view/?param=https://example.com",
  "/view?param=ftp://example.com",
  "view/?param=//example.com",
  "https://testserver/",
  "HTTPS://testserver/",
  "//testserver/",
  "http://testserver/confirm?email=me@example.com",
  "/url%20with%20spaces/",
  "path/http:2222222222",
];

let s: Sentinel;
before(async () => {
  s = await startSentinel({ app: { allowedHosts: ["testserver", "127.0.0.1"] } });
});
after(() => s.close());

function viaApp(next: string) {
  return http(s.port, {
    path: `/redirect?next=${encodeURIComponent(next)}`,
    headers: { host: "testserver" },
  });
}

describe("3.M bad list through ctx.redirect(): every entry -> Location: /", () => {
  for (const bad of [...DJANGO_BAD, ...EXTRA_BAD]) {
    test(JSON.stringify(bad), async () => {
      const r = await viaApp(bad);
      assert.equal(r.status, 302);
      assert.equal(
        r.headers.location,
        "/",
        `${JSON.stringify(bad)} kept as ${JSON.stringify(r.headers.location)}`,
      );
      await s.check([r]);
    });
  }
});

describe("3.M good list through ctx.redirect(): every entry kept", () => {
  for (const good of GOOD) {
    test(JSON.stringify(good), async () => {
      const r = await viaApp(good);
      assert.equal(r.status, 302);
      assert.equal(r.headers.location, good);
      await s.check([r]);
    });
  }
});

describe("3.M around the edges", () => {
  test("the same bad list through the plain redirect() helper (no allowed hosts) -> /", async () => {
    for (const bad of [...DJANGO_BAD, ...EXTRA_BAD]) {
      assert.equal(redirect(bad).headers.get("location"), "/", JSON.stringify(bad));
    }
    await s.check();
  });

  test("an absolute URL on another allowed host of the app is kept; one on a host outside the list is not", async () => {
    const ok = await http(s.port, {
      path: `/redirect?next=${encodeURIComponent("http://127.0.0.1/x")}`,
      headers: { host: "testserver" },
    });
    assert.equal(ok.headers.location, "http://127.0.0.1/x");
    const no = await http(s.port, {
      path: `/redirect?next=${encodeURIComponent("http://evil.com/x")}`,
      headers: { host: "testserver" },
    });
    assert.equal(no.headers.location, "/");
    await s.check([ok, no]);
  });

  test("raw bytes: a next= with an encoded CRLF cannot add a header", async () => {
    const r = await raw(
      s.port,
      "GET /redirect?next=/a%0d%0aSet-Cookie:%20pwn=1 HTTP/1.1\r\nHost: testserver\r\n\r\n",
      { expect: 1 },
    );
    assert.equal(r.status, 302);
    assert.equal(r.responses[0]!.header("location"), "/");
    assert.equal(r.responses[0]!.headers["set-cookie"], undefined);
    await s.check(r.responses);
  });
});
