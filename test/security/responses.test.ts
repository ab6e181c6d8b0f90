/**
 * security.md 3.N — response headers and error handling (N1-N4): header injection from user
 * input, handlers failing in every way they can (before, during and after the response), the
 * security headers on every response Flagon writes, and what a production 500 reveals.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, beforeEach, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { head, http, type ParsedResponse, raw, statusLines } from "./raw.ts";
import { type Sentinel, SECRETS, sleep, startSentinel, strongKey, waitFor } from "./sentinel.ts";

const H = "Host: 127.0.0.1";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let s: Sentinel;

before(async () => {
  s = await startSentinel();
});
after(() => s.close());
beforeEach(() => s.reset());

function get(path: string, ...headers: string[]) {
  return raw(s.port, head(`GET ${path} HTTP/1.1`, H, ...headers), { expect: 1, timeout: 2000 });
}

describe("N1 a header value from user input that would split the response", () => {
  for (const [route, how] of [
    ["/set-header", "ctx.header() (Flagon's own check)"],
    ["/set-header-raw", "written past Flagon's check (Node's ERR_INVALID_CHAR is the last line)"],
  ] as const) {
    for (const [name, value] of [
      ["\\r\\nSet-Cookie: pwn=1", "%0D%0ASet-Cookie:%20pwn=1"],
      ["a code point above 0xFF (U+20AC)", "%E2%82%AC"],
      ["a bare LF", "a%0Ab"],
      ["a NUL", "a%00b"],
    ] as const) {
      test(`${name} via ${how} -> generic 500, logged, no pwn cookie`, async () => {
        const r = await get(`${route}?v=${value}`);
        assert.equal(r.status, 500);
        assert.equal(statusLines(r.text).length, 1);
        assert.equal(r.responses[0]!.headers["set-cookie"], undefined);
        assert.ok(!/\r\n(set-cookie|x-echo):/i.test(r.text), "no injected or half-written header");
        assert.match(r.responses[0]!.body.toString(), /FLG_ERR_INTERNAL/);
        assert.ok(s.errors().length >= 1, "the failure is logged");
        await s.check(r.responses, { allow5xx: true });
      });
    }
  }

  test("Latin-1 obs-text and ordinary values pass through", async () => {
    const r = await get("/set-header?v=plain%20value");
    assert.equal(r.status, 200);
    assert.equal(r.responses[0]!.header("x-echo"), "plain value");
    await s.check(r.responses);
  });
});

describe("N2 handlers that fail", () => {
  for (const path of ["/throw-sync", "/throw-async", "/throw-after"]) {
    test(`${path} -> exactly one generic 500, logged, process alive`, async () => {
      const r = await get(path);
      assert.equal(r.status, 500);
      assert.equal(statusLines(r.text).length, 1, "500 once");
      assert.ok(s.errors().length >= 1);
      await s.check(r.responses, { allow5xx: true });
    });
  }

  test("a teardown hook that fails after the response was built: the 200 stands, the failure is logged", async () => {
    const r = await get("/teardown-throw");
    assert.equal(r.status, 200);
    assert.equal(r.responses[0]!.body.toString(), "fine");
    assert.ok(s.errors().some((l) => /teardown/.test(l.msg)));
    await s.check(r.responses);
  });

  test("a stream that errors after the head went out: nothing more is sent, the connection is cut, logged", async () => {
    const r = await raw(s.port, head("GET /stream-error HTTP/1.1", H), {
      after: "none",
      timeout: 2000,
    });
    assert.ok(!r.timedOut, "the server must cut the connection");
    assert.ok(r.closedByServer);
    assert.deepEqual(statusLines(r.text), [200], "one status line, no second (500) response");
    assert.ok(r.text.includes("first chunk"));
    assert.ok(!r.text.endsWith("0\r\n\r\n"), "the body must not look complete");
    assert.ok(await waitFor(() => s.errors().length > 0, 1000), "the stream failure is logged");
    assert.ok(!r.text.includes(SECRETS.thrown));
    await s.check(r.responses);
  });

  /**
   * A handler's forgotten promise rejecting after the response: run in a child process, since
   * Node's default for an unhandled rejection is to exit, which would take this test runner down.
   */
  async function floating(
    start: "serve" | "listen",
  ): Promise<{ alive: boolean; health: number; logged: boolean; stderr: string }> {
    const index = pathToFileURL(new URL("../../src/index.ts", import.meta.url).pathname).href;
    const code = `
      import { flagon, serve } from ${JSON.stringify(index)};
      const logger = { debug() {}, info(m) { const p = /listening on http:\\/\\/127\\.0\\.0\\.1:(\\d+)/.exec(m); if (p) console.log("PORT " + p[1]); },
        warn() {}, error(m) { console.log("ERROR " + m); } };
      const app = flagon({ secretKey: ${JSON.stringify(strongKey())}, logger });
      app.get("/health", () => "ok");
      app.get("/floating", () => { void new Promise((_, reject) => setTimeout(() => reject(new Error("floating")), 30)); return "responded"; });
      if (${JSON.stringify(start)} === "serve") {
        const server = await serve(app, { port: 0, host: "127.0.0.1" });
        console.log("PORT " + server.port);
      } else {
        await app.listen(0, "127.0.0.1");
      }
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", code], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    try {
      assert.ok(
        await waitFor(() => /PORT \d+/.test(out) || child.exitCode !== null, 5000),
        `child did not start: ${stderr}`,
      );
      const port = Number(/PORT (\d+)/.exec(out)?.[1]);
      const first = await http(port, { path: "/floating" });
      assert.equal(first.status, 200);
      await sleep(300);
      const alive = child.exitCode === null && child.signalCode === null;
      const health = alive ? (await http(port, { path: "/health" })).status : 0;
      return { alive, health, logged: out.includes("ERROR"), stderr };
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }

  test("a floating rejection after responding, app started with app.listen(): process alive, logged", async () => {
    const r = await floating("listen");
    assert.ok(r.alive, `the process died: ${r.stderr.slice(0, 300)}`);
    assert.equal(r.health, 200);
    assert.ok(r.logged, "the rejection is logged through the app logger");
  });

  test("a floating rejection after responding, app started with serve(app, { port }): process alive, logged", async () => {
    const r = await floating("serve");
    assert.ok(r.alive, `the process died: ${r.stderr.slice(0, 300)}`);
    assert.equal(r.health, 200);
    assert.ok(r.logged, "the rejection is logged through the app logger");
  });
});

/** The N3 checks on one response. `https`: HSTS expected too. */
function assertSecurityHeaders(res: ParsedResponse, what: string, https = false): void {
  const h = (n: string) => res.header(n);
  assert.equal(h("x-content-type-options"), "nosniff", `${what}: X-Content-Type-Options`);
  const xfo = h("x-frame-options");
  const csp = h("content-security-policy") ?? "";
  assert.ok(
    xfo === "DENY" || /frame-ancestors 'none'/.test(csp),
    `${what}: X-Frame-Options DENY or CSP frame-ancestors 'none'`,
  );
  assert.ok(h("referrer-policy") !== undefined, `${what}: Referrer-Policy`);
  const type = h("content-type");
  if (res.body.length > 0) {
    assert.ok(type !== undefined, `${what}: a body without Content-Type`);
    if (/^(text\/|application\/json)/.test(type))
      assert.match(type, /;\s*charset=utf-8/i, `${what}: charset on ${type}`);
  }
  if (type?.startsWith("text/html"))
    assert.equal(h("cross-origin-opener-policy"), "same-origin", `${what}: COOP on HTML`);
  if (https)
    assert.match(
      h("strict-transport-security") ?? "",
      /max-age=(3153600\d|[4-9]\d{7,})/,
      `${what}: HSTS`,
    );
}

/** Responses of every kind the app itself produces. */
async function appResponses(sentinel: Sentinel): Promise<Array<[string, ParsedResponse]>> {
  const cases: Array<[string, string[]]> = [
    ["GET /health HTTP/1.1", []],
    ["GET /echo HTTP/1.1", []],
    ["GET /static/page.html HTTP/1.1", []],
    ["GET /static/hello.txt HTTP/1.1", []],
    ["GET /static/big.txt HTTP/1.1", ["Range: bytes=0-9"]],
    ["GET /static/big.txt HTTP/1.1", ["Range: bytes=999999-"]],
    ["GET /nope HTTP/1.1", []],
    ["GET /nope HTTP/1.1", ["Accept: text/html"]],
    ["DELETE /health HTTP/1.1", []],
    ["OPTIONS /health HTTP/1.1", []],
    ["GET /redirect?next=/x HTTP/1.1", []],
    ["GET /dir HTTP/1.1", []],
    ["GET /throw-sync HTTP/1.1", []],
    ["GET /throw-sync HTTP/1.1", ["Accept: text/html"]],
    ["POST /json HTTP/1.1", ["Content-Type: text/plain", "Content-Length: 2"]],
    [
      "POST /json HTTP/1.1",
      ["Content-Type: application/json", `Content-Length: ${2 * 1024 * 1024}`],
    ],
    ["GET /query?a=1&%ff HTTP/1.1", []],
  ];
  const out: Array<[string, ParsedResponse]> = [];
  for (const [line, headers] of cases) {
    const body = line.startsWith("POST") && headers.includes("Content-Length: 2") ? "{}" : "";
    const r = await raw(sentinel.port, head(line, H, ...headers) + body, {
      expect: 1,
      timeout: 2000,
    });
    assert.ok(r.responses[0] !== undefined, `${line}: no response`);
    out.push([`${line} ${headers.join(" ")}`.trim(), r.responses[0]]);
  }
  const host = await raw(sentinel.port, head("GET /health HTTP/1.1", "Host: evil.com"), {
    expect: 1,
  });
  out.push(["GET /health with a refused Host", host.responses[0]!]);
  return out;
}

/** Responses the node adapter writes itself, outside the app: guard refusals and the last-resort 500. */
async function adapterResponses(sentinel: Sentinel): Promise<Array<[string, ParsedResponse]>> {
  const out: Array<[string, ParsedResponse]> = [];
  const lines = Array.from({ length: 100 }, (_, i) => `X-${i}: 1`);
  for (const [what, bytes] of [
    ["431 too many headers (guard)", head("GET /health HTTP/1.1", H, ...lines)],
    ["400 duplicate Host (guard)", head("GET /health HTTP/1.1", H, H)],
    [
      "400 Transfer-Encoding on HTTP/1.0 (guard)",
      `POST /json HTTP/1.0\r\n${H}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    ],
    [
      "500 response that could not be written (writeFallback)",
      head("GET /set-header-raw?v=%0D%0Ax:1 HTTP/1.1", H),
    ],
  ] as const) {
    const r = await raw(sentinel.port, bytes, { expect: 1, timeout: 2000 });
    assert.ok(r.responses[0] !== undefined, `${what}: no response`);
    out.push([what, r.responses[0]]);
  }
  return out;
}

describe("N3 security headers on every response", () => {
  test("every response the app produces (2xx, 3xx, 4xx, 5xx, files, ranges, error pages)", async () => {
    const list = await appResponses(s);
    for (const [what, res] of list) assertSecurityHeaders(res, what);
    await s.check(
      list.map(([, r]) => r),
      { allow5xx: true },
    );
  });

  test("every response the node adapter writes itself (guard refusals, last-resort 500)", async () => {
    const list = await adapterResponses(s);
    const failures: string[] = [];
    for (const [what, res] of list) {
      try {
        assertSecurityHeaders(res, what);
      } catch (err) {
        failures.push((err as Error).message.split("\n")[0]!);
      }
    }
    assert.deepEqual(failures, []);
    await s.check(
      list.map(([, r]) => r),
      { allow5xx: true },
    );
  });

  describe("with https: true declared", () => {
    let secure: Sentinel;
    before(async () => {
      secure = await startSentinel({ app: { https: true } });
    });
    after(() => secure.close());

    test("HSTS (1 year) on every app response", async () => {
      const list = await appResponses(secure);
      for (const [what, res] of list) assertSecurityHeaders(res, what, true);
      await secure.check(
        list.map(([, r]) => r),
        { allow5xx: true },
      );
    });

    test("HSTS on the adapter's own responses too", async () => {
      const list = await adapterResponses(secure);
      const missing = list
        .filter(([, res]) => res.header("strict-transport-security") === undefined)
        .map(([what]) => what);
      assert.deepEqual(missing, []);
      await secure.check(
        list.map(([, r]) => r),
        { allow5xx: true },
      );
    });
  });
});

describe("N4 production 500 body: a generic message and a request id, nothing else", () => {
  test("JSON: exactly {status, code, message, requestId}; the id is in the log line", async () => {
    const r = await get("/throw-sync");
    assert.equal(r.status, 500);
    const body = JSON.parse(r.responses[0]!.body.toString());
    assert.deepEqual(Object.keys(body), ["error"]);
    assert.deepEqual(Object.keys(body.error).sort(), ["code", "message", "requestId", "status"]);
    assert.match(body.error.requestId, UUID);
    assert.doesNotMatch(body.error.message, new RegExp(SECRETS.thrown));
    assert.ok(
      s.errors().some((l) => l.fields?.requestId === body.error.requestId),
      "the request id must identify the log line",
    );
    await s.check(r.responses, { allow5xx: true });
  });

  test("HTML: the page shows the request id and nothing from the error", async () => {
    const r = await get("/throw-async", "Accept: text/html");
    assert.equal(r.status, 500);
    const page = r.responses[0]!.body.toString();
    const id = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(page)?.[0];
    assert.ok(id !== undefined, "no request id on the page");
    assert.ok(s.errors().some((l) => l.fields?.requestId === id));
    await s.check(r.responses, { allow5xx: true });
  });

  test("the last-resort 500 (a response Node refused to write) also carries a request id found in the log", async () => {
    const r = await get("/set-header-raw?v=%0D%0Ax:1");
    assert.equal(r.status, 500);
    const body = JSON.parse(r.responses[0]!.body.toString());
    assert.match(String(body.error?.requestId), UUID, `no request id in ${JSON.stringify(body)}`);
    assert.ok(s.errors().some((l) => l.fields?.requestId === body.error.requestId));
    await s.check(r.responses, { allow5xx: true });
  });
});
