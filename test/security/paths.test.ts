/**
 * security.md 3.C — URL, path and router: traversal against the static mount (with a
 * `../secret.txt` sibling, a `static-secret/` sibling dir, dotfiles and symlinks pointing
 * outside), malformed escapes, huge params, methods and ranges. Paths go over raw sockets so
 * `..` and odd escapes reach the server exactly as written.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { flagon, silentLogger } from "../../src/index.ts";
import { head, raw } from "./raw.ts";
import { type Sentinel, SECRETS, startSentinel } from "./sentinel.ts";

const H = "Host: 127.0.0.1";
let s: Sentinel;
before(async () => {
  s = await startSentinel();
});
after(() => s.close());
beforeEach(() => s.reset());

/** Contents that must never come back: the fixtures' markers and /etc/passwd, win.ini. */
function assertNoFileContents(body: string, what: string): void {
  for (const marker of Object.values(SECRETS))
    assert.ok(!body.includes(marker), `${what}: leaked ${marker}`);
  assert.ok(!/root:.*:0:0:/.test(body), `${what}: leaked /etc/passwd`);
  assert.ok(!body.includes("[fonts]"), `${what}: leaked win.ini`);
}

async function get(path: string, ...headers: string[]) {
  return raw(s.port, head(`GET ${path} HTTP/1.1`, H, ...headers), { expect: 1, timeout: 2000 });
}

async function expectPath(path: string, allowed: readonly number[], row: string): Promise<void> {
  const r = await get(path);
  assert.ok(
    allowed.includes(r.status),
    `${row} ${path}: expected ${allowed.join("/")}, got ${r.status}`,
  );
  assertNoFileContents(r.text, `${row} ${path}`);
  await s.check(r.responses);
}

test("control: the static mount serves its own files", async () => {
  const r = await get("/static/hello.txt");
  assert.equal(r.status, 200);
  assert.equal(r.responses[0]!.body.toString(), "hello from static\n");
  const sub = await get("/static/sub/a.txt");
  assert.equal(sub.status, 200);
  await s.check([...r.responses, ...sub.responses]);
});

describe("C1 encoded traversal -> 400 or 404, never file contents", () => {
  for (const path of [
    "/static/..%2f..%2fetc/passwd",
    "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/static/..%5c..%5cwin.ini",
    "/static/%252e%252e%252fetc%252fpasswd",
    "/static/..%2fsecret.txt",
    "/static/%2e%2e%2fsecret.txt",
    "/static/..%5csecret.txt",
    "/static/..%2fstatic-secret%2fkey",
  ]) {
    test(path, () => expectPath(path, [400, 404], "C1"));
  }
});

describe("C2 dot segments, raw and encoded -> 404 (normalised out of the mount)", () => {
  for (const path of [
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/../../etc/passwd",
    "/static/../secret.txt",
    "/static/%2e%2e/secret.txt",
    "/static/./../secret.txt",
  ]) {
    test(path, () => expectPath(path, [404], "C2"));
  }
});

describe("C3 sibling prefix and symlinks out of the root -> 404", () => {
  for (const path of [
    "/static/../static-secret/key",
    "/static/link/passwd",
    "/static/link/",
    "/static/secret-link.txt",
  ]) {
    test(path, () => expectPath(path, [404], "C3"));
  }
});

describe("C4 NUL and malformed escapes -> 400 (never a 500 from URIError or fs)", () => {
  for (const path of [
    "/static/a%00.png",
    "/static/%c0%ae%c0%ae/etc/passwd",
    "/%",
    "/%E0%A4%A",
    "/static/%",
    "/users/%ff",
  ]) {
    test(path, () => expectPath(path, [400], "C4"));
  }
});

describe("C5 dotfiles, listings, empty segments -> 404", () => {
  for (const path of [
    "/static/.env",
    "/static/.git/config",
    "/static/",
    "/static/sub/",
    "/static//etc/passwd",
    "/static/%2eenv",
    "/static/sub/../.env",
  ]) {
    test(path, () => expectPath(path, [404], "C5"));
  }
});

describe("C6 huge params", () => {
  const N = 50_000;
  const alphabets = ["a", "-", "a-", ".", "%2F"];
  // Whole repetitions (an escape is never cut in half): 50 000 or 50 001 characters.
  const params = [
    ...alphabets.map((a) => a.repeat(Math.ceil(N / a.length))),
    `${"a".repeat(N - 1)}!`,
  ];
  const routes = [
    (p: string) => `/users/${p}`,
    (p: string) => `/files/${p}/${p}`,
    (p: string) => `/media/${p}`,
    (p: string) => `/static/${p}`,
  ];

  test("over HTTP: every route x every alphabet -> 431 at the 16 KB header limit", async () => {
    for (const route of routes) {
      for (const p of params) {
        const r = await raw(s.port, head(`GET ${route(p)} HTTP/1.1`, H), {
          after: "none",
          timeout: 2000,
        });
        assert.equal(r.status, 431, `${route("X").slice(0, 20)} ${p.slice(0, 4)}`);
        assert.deepEqual(s.seen, []);
      }
    }
    await s.check();
  });

  test("router.match() directly: 404 in < 5 ms per call", async () => {
    const router = s.app.build();
    for (const route of routes) {
      for (const p of params) {
        const path = route(p);
        // Best of three, so a GC pause on a busy CI box is not mistaken for backtracking.
        let best = Number.POSITIVE_INFINITY;
        for (let i = 0; i < 3; i++) {
          const t = performance.now();
          const m = router.match("GET", path);
          best = Math.min(best, performance.now() - t);
          assert.equal(m.kind, "not-found", `${path.slice(0, 30)}... ${m.kind}`);
        }
        assert.ok(best < 5, `${path.slice(0, 30)}...: ${best.toFixed(2)} ms`);
      }
    }
    await s.check();
  });

  test("through the whole app (fetch adapter, no header limit): 404, never 5xx", async () => {
    for (const route of routes) {
      for (const p of params) {
        const res = await s.app.fetch(new Request(`http://127.0.0.1${route(p)}`));
        assert.equal(res.status, 404, route(p).slice(0, 30));
        await res.arrayBuffer();
      }
    }
    await s.check();
  });

  test("param-length cap (limits.paramLength = 100) enforced: 100 chars -> 200, 101 -> 404", async () => {
    const ok = await get(`/users/${"a".repeat(100)}`);
    assert.equal(ok.status, 200);
    const long = await get(`/users/${"a".repeat(101)}`);
    assert.equal(long.status, 404);
    await s.check([...ok.responses, ...long.responses]);
  });
});

describe("C7 mixed-segment params", () => {
  test("/:a-:b-:c-:d is refused at registration, so it can never backtrack", () => {
    const app = flagon({ logger: silentLogger });
    assert.throws(
      () => {
        app.get("/:a-:b-:c-:d", () => "x");
        app.build();
      },
      { code: "FLG_ERR_ROUTE_SYNTAX" },
    );
  });

  test('"/" + "a-" x 4000 + "/z" against the sentinel routes: < 10 ms', async () => {
    const router = s.app.build();
    const path = `/${"a-".repeat(4000)}/z`;
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      router.match("GET", path);
      best = Math.min(best, performance.now() - t);
    }
    assert.ok(best < 10, `${best.toFixed(2)} ms`);
    await s.check();
  });
});

describe("C8 methods", () => {
  for (const [line, allowed] of [
    ["TRACE / HTTP/1.1", [405]],
    ["TRACE /health HTTP/1.1", [405]],
    ["PROPFIND / HTTP/1.1", [405]],
    ["OPTIONS * HTTP/1.1", [204, 400]],
    ["TRACK / HTTP/1.1", [400]],
    ["FOO / HTTP/1.1", [400]],
  ] as const) {
    test(line, async () => {
      const r = await raw(s.port, head(line, H, "Cookie: session=secret-cookie-value"), {
        expect: 1,
        timeout: 2000,
      });
      assert.ok((allowed as readonly number[]).includes(r.status), `${line}: ${r.status}`);
      assert.ok(!r.text.includes("secret-cookie-value"), "TRACE must not echo the request");
      await s.check(r.responses);
    });
  }

  test("CONNECT evil.com:443 -> 405 or closed, never a tunnel", async () => {
    const r = await raw(s.port, head("CONNECT evil.com:443 HTTP/1.1", "Host: evil.com:443"), {
      after: "none",
      timeout: 2000,
    });
    assert.ok(
      r.status === 405 || (r.status === 0 && r.closedByServer),
      `${r.status} ${r.text.slice(0, 80)}`,
    );
    assert.ok(!/^HTTP\/1\.1 200/.test(r.text));
    await s.check(r.responses);
  });
});

describe("C9 ranges on a static file (10 000 bytes)", () => {
  test("1000 ranges -> 416, a single-range 206, or the whole file once: never amplified", async () => {
    const ranges = Array.from({ length: 1000 }, (_, i) => `${i}-${i}`).join(",");
    const r = await get("/static/big.txt", `Range: bytes=${ranges}`);
    const res = r.responses[0]!;
    assert.ok([200, 206, 416].includes(r.status), String(r.status));
    assert.ok(
      !(res.header("content-type") ?? "").startsWith("multipart/byteranges"),
      "no multipart/byteranges",
    );
    assert.ok(res.body.length <= 10_000, `body of ${res.body.length} bytes for a 10 000-byte file`);
    if (r.status === 206) assert.match(res.header("content-range") ?? "", /^bytes \d+-\d+\/10000$/);
    await s.check(r.responses);
  });

  test("bytes=999999999- -> 416 with Content-Range: bytes */10000", async () => {
    const r = await get("/static/big.txt", "Range: bytes=999999999-");
    assert.equal(r.status, 416);
    assert.equal(r.responses[0]!.header("content-range"), "bytes */10000");
    assert.equal(r.responses[0]!.body.length, 0);
    await s.check(r.responses);
  });

  test("a single satisfiable range -> 206 with exactly those bytes", async () => {
    const r = await get("/static/big.txt", "Range: bytes=10-19");
    assert.equal(r.status, 206);
    assert.equal(r.responses[0]!.body.toString(), "0123456789");
    await s.check(r.responses);
  });
});
