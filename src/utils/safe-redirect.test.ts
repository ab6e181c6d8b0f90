import assert from "node:assert/strict";
import { test } from "node:test";
import { isSafeRedirect } from "./safe-redirect.ts";

const HOSTS = { allowedHosts: ["testserver"] };

// security.md 3.M, Django's bad list. String.raw keeps "\" literal, as in the Python raw strings;
// "\n" and "\x08" are the control characters.
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

const EXTRAS_BAD = [
  "////example.com",
  "https:example.com",
  "//example%E3%80%82com",
  "http://allowed.com@example.com/",
  "/%09/example.com",
  "%2F%2Fexample.com",
];

const GOOD = [
  "/view/?param=http://example.com",
  "view/?param=//example.com",
  "https://testserver/",
  "HTTPS://testserver/",
  "//testserver/",
  "http://testserver/confirm?email=me@example.com",
  "/url%20with%20spaces/",
  "path/http:2222222222",
];

test("3.M: every entry of Django's bad list is refused", () => {
  for (const url of DJANGO_BAD)
    assert.equal(isSafeRedirect(url, HOSTS), false, JSON.stringify(url));
});

test("3.M: every extra bad entry is refused, even with allowed.com allowed", () => {
  for (const url of EXTRAS_BAD) {
    assert.equal(
      isSafeRedirect(url, { allowedHosts: ["testserver", "allowed.com"] }),
      false,
      JSON.stringify(url),
    );
  }
});

test("3.M: every entry of the good list is accepted", () => {
  for (const url of GOOD) assert.equal(isSafeRedirect(url, HOSTS), true, JSON.stringify(url));
});

test("more tricks: controls, whitespace, encodings, schemes", () => {
  const bad = [
    "",
    " /path",
    "/path ",
    "\t//example.com",
    "/\t/example.com",
    "/\r/example.com",
    "\u0000/",
    "/a\x7fb",
    "\u0085//example.com",
    "\u00a0//example.com",
    "\ufeff//example.com",
    "\u3000//example.com",
    "//example.com",
    "//example.com/path?next=/",
    "///testserver/",
    "//testserver@example.com",
    "//user:pass@testserver/",
    "https://testserver@example.com",
    "https://example.com#@testserver",
    "https://example.com?@testserver",
    "https://testserver.example.com/",
    "https://example.com/testserver",
    "https://testserver:99999/",
    "https://testserver:-1/",
    "https://testserver:abc/",
    "https://[::1/",
    "https://[::1]x/",
    "https://[zz]/",
    "https://t\u0435stserver/",
    "https://\u212Aite.com/",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "JaVaScRiPt:alert(1)",
    "mailto:a@example.com",
    "file:///etc/passwd",
    "blob:https://testserver/uuid",
    "%5C%5Cexample.com",
    "/%5C/example.com",
    "%2F%5Cexample.com",
    "/%2F/example.com",
    "%0A//example.com",
    "/%0d/example.com",
    "http%3A//example.com",
    "https:/example.com",
    "https:\\\\example.com",
  ];
  for (const url of bad) assert.equal(isSafeRedirect(url, HOSTS), false, JSON.stringify(url));
});

test("more good targets", () => {
  const good = [
    "/",
    "/a/b?c=d#e",
    "?next=1",
    "#top",
    "relative/path",
    "./here",
    "../up",
    "/caf%C3%A9/",
    "/%E3%81%82/",
    "/search?q=%0A%2F%2Fexample.com",
    "/search?q=a b",
    "https://TestServer/",
    "https://testserver:8443/x",
    "https://testserver:/x",
    "//testserver?x",
    "//testserver#x",
    "https://testserver",
    "/a:b",
    "1http:example.com",
  ];
  for (const url of good) assert.equal(isSafeRedirect(url, HOSTS), true, JSON.stringify(url));
});

test("allowedHosts: case-insensitive, port-specific entries, IPv6, empty list", () => {
  assert.equal(isSafeRedirect("https://EXAMPLE.com/", { allowedHosts: ["example.COM"] }), true);
  assert.equal(
    isSafeRedirect("https://example.com:8000/", { allowedHosts: ["example.com:8000"] }),
    true,
  );
  assert.equal(
    isSafeRedirect("https://example.com:9000/", { allowedHosts: ["example.com:8000"] }),
    false,
  );
  assert.equal(
    isSafeRedirect("https://example.com/", { allowedHosts: ["example.com:8000"] }),
    false,
  );
  assert.equal(isSafeRedirect("http://[::1]:8000/", { allowedHosts: ["[::1]"] }), true);
  assert.equal(isSafeRedirect("http://[::1]/", { allowedHosts: ["[::1]:8000"] }), false);
  assert.equal(isSafeRedirect("https://testserver/", { allowedHosts: [] }), false);
  assert.equal(isSafeRedirect("/local", { allowedHosts: [] }), true);
  // No wildcards: "*" and leading-dot patterns are plain strings.
  assert.equal(isSafeRedirect("https://example.com/", { allowedHosts: ["*"] }), false);
  assert.equal(
    isSafeRedirect("https://sub.example.com/", { allowedHosts: [".example.com"] }),
    false,
  );
});

test("requireHttps refuses http and scheme-relative targets, keeps relative paths", () => {
  const opts = { allowedHosts: ["testserver"], requireHttps: true };
  assert.equal(isSafeRedirect("https://testserver/", opts), true);
  assert.equal(isSafeRedirect("HTTPS://testserver/", opts), true);
  assert.equal(isSafeRedirect("http://testserver/", opts), false);
  assert.equal(isSafeRedirect("//testserver/", opts), false);
  assert.equal(isSafeRedirect("/path", opts), true);
  assert.equal(
    isSafeRedirect("/path", { allowedHosts: ["testserver"], requireHttps: undefined }),
    true,
  );
});

test("non-strings are refused without throwing", () => {
  for (const v of [undefined, null, 1, {}, ["/"]]) {
    assert.equal(isSafeRedirect(v as unknown as string, HOSTS), false);
  }
});

test("long inputs are checked in linear time", () => {
  // Correct answers on long inputs first; then growth, not a wall-clock limit (which a loaded
  // machine can miss): eight times the input must cost well under the 64 times a quadratic
  // check would. Best of several runs, so a pause in one run does not decide.
  assert.equal(isSafeRedirect("/" + "\\".repeat(200000), HOSTS), false);
  assert.equal(isSafeRedirect("/a" + "%2F".repeat(100000), HOSTS), true);
  assert.equal(isSafeRedirect("https://testserver" + ":".repeat(100000), HOSTS), false);
  const cost = (n: number): number => {
    const inputs = [
      "/" + "\\".repeat(n),
      "/a" + "%2F".repeat(n),
      "https://testserver" + ":".repeat(n),
    ];
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 7; round++) {
      const start = performance.now();
      for (const input of inputs) isSafeRedirect(input, HOSTS);
      best = Math.min(best, performance.now() - start);
    }
    return best;
  };
  cost(20000); // warm-up, so the JIT is not what is measured
  const ratio = cost(160000) / Math.max(cost(20000), 0.01);
  assert.ok(ratio < 24, `8x the input cost ${ratio.toFixed(1)}x the time`);
});
