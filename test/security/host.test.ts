/**
 * security.md 3.B — Host and proxy headers. Django's poisoned and legitimate host lists against
 * `allowedHosts`, and forwarded headers that must be ignored while `trustProxy` is off.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { http, raw } from "./raw.ts";
import { type Sentinel, startSentinel } from "./sentinel.ts";

const ALLOWED = [
  "example.com",
  "12.34.56.78",
  "[2001:19f0:feee::dead:beef:cafe]",
  "xn--4ca9at.com",
  ".multitenant.com",
  "127.0.0.1",
];

/** Django's `test_http_get_host` poisoned hosts (requests_tests.HostValidationTests). */
const POISONED = [
  "example.com@evil.tld",
  "example.com:dr.frankenstein@evil.tld",
  "example.com:dr.frankenstein@evil.tld:80",
  "example.com:80/badpath",
  "example.com: recovermypassword.com",
  "other.com",
];

const LEGIT = [
  "example.com",
  "example.com:80",
  "12.34.56.78",
  "12.34.56.78:443",
  "[2001:19f0:feee::dead:beef:cafe]",
  "[2001:19f0:feee::dead:beef:cafe]:8080",
  "xn--4ca9at.com",
  "anything.multitenant.com",
  "ANYTHING.multitenant.com",
  "multitenant.com",
  "EXAMPLE.COM",
];

let s: Sentinel;
before(async () => {
  s = await startSentinel({ app: { allowedHosts: ALLOWED } });
});
after(() => s.close());
beforeEach(() => s.reset());

/** One GET with an exact Host line (node:http would refuse some of these values). */
async function withHost(host: string, method = "GET", path = "/echo") {
  return raw(s.port, `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\n\r\n`, {
    expect: 1,
    timeout: 2000,
  });
}

describe("B1 poisoned Host -> 400 before routing, nothing logged beyond a security event", () => {
  for (const host of POISONED) {
    test(`Host: ${host}`, async () => {
      const r = await withHost(host);
      assert.equal(r.status, 400, r.text.slice(0, 200));
      assert.deepEqual(s.seen, [], "the request must not reach routing");
      assert.ok(
        !r.responses[0]!.body.toString().includes("evil"),
        "the refused host is not echoed",
      );
      await s.check(r.responses, { noErrorLogs: true });
      const loud = s.logs.filter((l) => l.level === "warn" || l.level === "error");
      assert.deepEqual(
        loud.map((l) => [l.msg, l.fields?.event, l.fields?.code]),
        [["security: FLG_ERR_HOST_INVALID", "security", "FLG_ERR_HOST_INVALID"]],
        "exactly one line, the security event",
      );
    });
  }
});

describe("B2 legitimate hosts -> 200 with the right allowedHosts", () => {
  for (const host of LEGIT) {
    test(`Host: ${host}`, async () => {
      const r = await withHost(host);
      assert.equal(r.status, 200, r.text.slice(0, 200));
      assert.equal(JSON.parse(r.responses[0]!.body.toString()).host, host.toLowerCase());
      await s.check(r.responses);
    });
  }

  test("the default allowedHosts (localhost, 127.0.0.1, [::1]) refuse example.com", async () => {
    const d = await startSentinel();
    try {
      for (const [host, status] of [
        ["localhost:8000", 200],
        ["127.0.0.1", 200],
        ["[::1]:3000", 200],
        ["example.com", 400],
      ] as const) {
        const r = await raw(d.port, `GET /health HTTP/1.1\r\nHost: ${host}\r\n\r\n`, { expect: 1 });
        assert.equal(r.status, status, host);
        await d.check(r.responses);
      }
    } finally {
      await d.close();
    }
  });
});

describe("B3 forwarded headers are ignored while trustProxy is off (the default)", () => {
  const forwarded = {
    "x-forwarded-host": "evil.com",
    "x-forwarded-proto": "https",
    "x-forwarded-for": "1.2.3.4",
    forwarded: "for=1.2.3.4;host=evil.com;proto=https",
  };

  test("req.url, req.secure, req.ip unchanged", async () => {
    const r = await http(s.port, { path: "/echo", headers: forwarded });
    assert.equal(r.status, 200);
    const echo = r.json();
    assert.equal(echo.host, "127.0.0.1");
    assert.equal(echo.url, "http://127.0.0.1/echo");
    assert.equal(echo.protocol, "http");
    assert.equal(echo.secure, false);
    assert.equal(echo.ip, "127.0.0.1");
    assert.ok(!r.text.includes("evil.com") && !r.text.includes("1.2.3.4"));
    await s.check([r]);
  });

  test("a reset-password link is built from the validated Host, never X-Forwarded-Host", async () => {
    const r = await http(s.port, {
      method: "POST",
      path: "/reset-link",
      headers: forwarded,
      body: "",
    });
    assert.equal(r.status, 200);
    assert.equal(r.json().link, "http://127.0.0.1/reset/abc123");
    await s.check([r]);
  });

  test("a redirect to the forwarded host is refused", async () => {
    const r = await http(s.port, { path: "/redirect?next=http://evil.com/x", headers: forwarded });
    assert.equal(r.status, 302);
    assert.equal(r.headers.location, "/");
    await s.check([r]);
  });
});

describe("B4 a password-reset POST with a hostile Host -> 400, no email queued", () => {
  for (const host of [...POISONED, "evil.com"]) {
    test(`POST /reset-link with Host: ${host}`, async () => {
      const before = s.db.resets;
      const r = await withHost(host, "POST", "/reset-link");
      assert.equal(r.status, 400);
      assert.equal(s.db.resets, before, "the handler ran: an email would have been queued");
      await s.check(r.responses);
    });
  }
});
