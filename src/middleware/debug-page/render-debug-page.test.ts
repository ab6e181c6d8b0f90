import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { fetchHandler, serve } from "../../adapters/index.ts";
import { App, silentLogger } from "../../core/index.ts";
import { flagon } from "../../index.ts";
import { renderDebugPage } from "../index.ts";

const THIS_FILE = fileURLToPath(import.meta.url);

class PaymentError extends Error {
  readonly code = "PAY_DECLINED";
}

function failing(): never {
  throw new PaymentError("card <b>declined</b> & retried"); // MARKER-THROW-LINE
}

/** An app whose routes fail in several ways; `debug` on or off. */
function buildApp(debug: boolean, viaEntry = false): App {
  const options = { debug, logger: silentLogger, accessLog: false };
  const app = viaEntry ? flagon(options) : new App(options, { renderDebugError: renderDebugPage });
  app.get("/boom", () => failing());
  app.get("/<script>", () => failing());
  app.get("/string", () => {
    throw "a plain string";
  });
  app.get("/caused", () => {
    throw new Error("outer failure", { cause: new TypeError("inner cause") });
  });
  return app;
}

function get(app: App, path: string, headers: Record<string, string> = {}) {
  return fetchHandler(app)(
    new Request(`http://localhost${path}`, { headers: { host: "localhost", ...headers } }),
  );
}

const HTML = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

describe("renderDebugPage: HTML", () => {
  test("class, code, escaped message, frames with source around the throwing line", async () => {
    const res = await get(buildApp(true), "/boom", HTML);
    assert.equal(res.status, 500);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.match(res.headers.get("content-security-policy") ?? "", /default-src 'none'/);
    const body = await res.text();
    assert.match(body, /<h1>PaymentError<span class="code">PAY_DECLINED<\/span><\/h1>/);
    assert.ok(body.includes("card &lt;b&gt;declined&lt;/b&gt; &amp; retried"));
    assert.ok(!body.includes("<b>declined"));
    assert.ok(body.includes(THIS_FILE), "the frame names this file");
    // The current line is highlighted and the lines around it are shown.
    assert.match(body, /<li class="cur"><span class="n">\d+<\/span>[^<]*MARKER-THROW-LINE/);
    assert.ok(body.includes("function failing(): never {"));
    // Self-contained: no external asset, no script.
    assert.doesNotMatch(body, /<(script|link|img|iframe)\b|@import|url\(/);
  });

  test("request details shown, with cookie, authorization and secret-named values masked", async () => {
    const res = await get(buildApp(true), "/boom?page=2&password=hunter2&q=%3Cscript%3E", {
      ...HTML,
      cookie: "sessionid=abc123secret; theme=dark",
      authorization: "Bearer tok-xyz-789",
      "x-api-key": "k-456-secret",
      "x-note": "<script>alert(1)</script>",
    });
    // Only the request part: the source shown for this test's frames holds these strings too.
    const body = (await res.text()).split("<h2>Request</h2>")[1]!;
    for (const secret of ["abc123secret", "dark", "tok-xyz-789", "k-456-secret", "hunter2"]) {
      assert.ok(!body.includes(secret), `${secret} leaked`);
    }
    assert.ok(body.includes("sessionid=********; theme=********"));
    assert.ok(body.includes("Bearer ********"));
    assert.ok(body.includes("<th>page</th><td>2</td>"));
    assert.ok(body.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert.ok(body.includes("<td>&lt;script&gt;</td>"), "the decoded query value is escaped");
    assert.ok(!body.includes("<script>"));
  });

  test("a path of /<script> sent raw over a socket comes back escaped", async () => {
    const server = await serve(buildApp(true), { port: 0 });
    try {
      const text = await new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, "127.0.0.1");
        let out = "";
        socket.setTimeout(2000, () => socket.destroy(new Error("timeout")));
        socket.on("data", (d) => (out += d.toString("latin1")));
        socket.on("error", reject);
        socket.on("close", () => resolve(out));
        socket.write(
          "GET /<script> HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n",
        );
      });
      assert.match(text, /^HTTP\/1\.1 500/);
      assert.ok(text.includes("GET /&lt;script&gt;"));
      assert.ok(!text.includes("<script>"));
    } finally {
      await server.close();
    }
  });

  test("a cause chain is shown; a thrown non-Error is described", async () => {
    const app = buildApp(true);
    const caused = await (await get(app, "/caused", HTML)).text();
    assert.ok(caused.includes("outer failure"));
    assert.match(caused, /Caused by TypeError/);
    assert.ok(caused.includes("inner cause"));
    const str = await (await get(app, "/string", HTML)).text();
    assert.ok(str.includes("string (thrown value that is not an Error)"));
    assert.ok(str.includes("a plain string"));
  });

  test("a message that looks like a stack frame never makes the page read that file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flagon-debug-"));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const bait = join(dir, "bait.ts");
    // Built at run time, so the marker is not in this file's own (displayed) source.
    const marker = ["BAIT", "SOURCE", "CONTENT"].join("_");
    writeFileSync(bait, `export const x = '${marker}';\n`);
    const app = new App(
      { debug: true, logger: silentLogger, accessLog: false },
      { renderDebugError: renderDebugPage },
    );
    app.get("/", (ctx) => {
      throw new Error(`user input ${ctx.query.get("m")}`);
    });
    const message = encodeURIComponent(`x\n    at evil (${bait}:1:1)`);
    const body = await (await get(app, `/?m=${message}`, HTML)).text();
    assert.ok(body.includes("user input x"), "the page is the debug page");
    assert.ok(!body.includes(marker));
  });
});

describe("renderDebugPage: JSON for API clients", () => {
  test("without an HTML Accept: JSON with class, code, stack, frames and the masked request", async () => {
    const res = await get(buildApp(true), "/boom", {
      accept: "application/json",
      cookie: "sid=s3cr3t",
    });
    assert.equal(res.status, 500);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    const body = (await res.json()) as any;
    assert.equal(body.error.class, "PaymentError");
    assert.equal(body.error.code, "PAY_DECLINED");
    assert.equal(body.error.message, "card <b>declined</b> & retried");
    assert.match(body.error.stack, /failing/);
    assert.ok(body.error.frames.some((f: { file: string }) => f.file === THIS_FILE));
    assert.equal(body.request.method, "GET");
    assert.equal(body.request.headers.cookie, "sid=********");
  });

  test("an error without a code reports FLG_ERR_INTERNAL; causes are listed", async () => {
    const res = await get(buildApp(true), "/caused");
    const body = (await res.json()) as any;
    assert.equal(body.error.code, "FLG_ERR_INTERNAL");
    assert.equal(body.error.message, "outer failure");
    assert.equal(body.error.causes[0].class, "TypeError");
    assert.equal(body.error.causes[0].message, "inner cause");
  });
});

describe("debug off: the page never shows", () => {
  for (const viaEntry of [false, true]) {
    test(`${viaEntry ? "flagon()" : "new App()"} with debug false answers a generic 500`, async () => {
      const app = buildApp(false, viaEntry);
      for (const headers of [HTML, { accept: "application/json" }]) {
        const res = await get(app, "/boom", headers);
        assert.equal(res.status, 500);
        const body = await res.text();
        assert.ok(!body.includes("declined"), "the message leaked");
        assert.ok(!body.includes("PaymentError"), "the class leaked");
        assert.ok(!body.includes(THIS_FILE) && !body.includes("/work/"), "a file path leaked");
        assert.doesNotMatch(body, /\bat \S+ \(|:\d+:\d+/, "a stack frame leaked");
      }
    });
  }

  test("flagon() with debug true wires the page in", async () => {
    const res = await get(buildApp(true, true), "/boom", HTML);
    assert.match(await res.text(), /PaymentError/);
  });
});
