import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { fetchHandler } from "../../adapters/index.ts";
import { App, Blueprint, silentLogger } from "../../core/index.ts";
import { mountStatic, serveStatic } from "../index.ts";

let base: string;
let root: string;
const CSS = "body { color: red }\n".repeat(20);
const BIG = Buffer.alloc(10_000, "abcdefghij");

before(() => {
  base = mkdtempSync(join(tmpdir(), "flagon-static-"));
  root = join(base, "static");
  const files: Record<string, string | Buffer> = {
    "static/hello.txt": "hello world",
    "static/css/site.css": CSS,
    "static/css/site.css.br": brotliCompressSync(CSS),
    "static/css/site.css.gz": gzipSync(CSS),
    "static/app.js": "console.log(1)",
    "static/app.js.gz": gzipSync("console.log(1)"),
    "static/leak.css": "leak {}",
    "static/big.bin": BIG,
    "static/.env": "SECRET=1",
    "static/.git/config": "[core]",
    "static/docs/index.html": "<h1>docs</h1>",
    "static/nodocs/readme.txt": "no index here",
    "static/data.unknownext": "x",
    "static/%2e%2e%2fetc%2fpasswd": "a file with a literal percent name",
    "secret.txt": "TOP SECRET",
    "static-secret/key": "SIBLING KEY",
    "outside/passwd": "OUTSIDE",
  };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(base, name, ".."), { recursive: true });
    writeFileSync(join(base, name), content);
  }
  symlinkSync(join(base, "outside"), join(root, "link"));
  symlinkSync(join(base, "secret.txt"), join(root, "secret-link.txt"));
  symlinkSync(join(root, "hello.txt"), join(root, "inside-link.txt"));
  // A precompressed variant that points outside the root must be ignored, not followed.
  symlinkSync(join(base, "secret.txt"), join(root, "leak.css.br"));
  const old = new Date("2024-01-02T03:04:05Z");
  utimesSync(join(root, "hello.txt"), old, old);
});

after(() => rmSync(base, { recursive: true, force: true }));

function appWith(setup: (app: App) => void, debug = false): App {
  const app = new App({ logger: silentLogger, accessLog: false, debug });
  setup(app);
  return app;
}

function client(app: App) {
  const handle = fetchHandler(app);
  return (path: string, headers: Record<string, string> = {}, method = "GET") =>
    handle(
      new Request(`http://localhost${path}`, {
        method,
        headers: { host: "localhost", ...headers },
      }),
    );
}

const mounted = () => client(appWith((app) => mountStatic(app, "/static", root)));

describe("serveStatic: serving", () => {
  test("a file with its content type, validators, no-cache by default and nosniff", async () => {
    const res = await mounted()("/static/css/site.css");
    assert.equal(res.status, 200);
    assert.equal(await res.text(), CSS);
    assert.equal(res.headers.get("content-type"), "text/css; charset=utf-8");
    assert.equal(res.headers.get("cache-control"), "no-cache");
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("accept-ranges"), "bytes");
    assert.match(res.headers.get("etag") ?? "", /^W\/"/);
    assert.ok(res.headers.get("last-modified"));
    assert.equal(res.headers.get("content-encoding"), null);
  });

  test("an unknown extension is application/octet-stream; HEAD sends headers only", async () => {
    const get = mounted();
    assert.equal(
      (await get("/static/data.unknownext")).headers.get("content-type"),
      "application/octet-stream",
    );
    const head = await get("/static/hello.txt", {}, "HEAD");
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-length"), "11");
    assert.equal(await head.text(), "");
  });

  test("a symlink that stays inside the root is served", async () => {
    const res = await mounted()("/static/inside-link.txt");
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "hello world");
  });

  test("an encoded character in a name is decoded once, never twice", async () => {
    const get = mounted();
    const res = await get("/static/%252e%252e%252fetc%252fpasswd");
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "a file with a literal percent name");
  });

  test("maxAge and immutable make a long-lived Cache-Control", async () => {
    const app = appWith((a) =>
      a.get("/assets/:path<path>", serveStatic(root, { maxAge: 31_536_000, immutable: true })),
    );
    const res = await client(app)("/assets/hello.txt");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "public, max-age=31536000, immutable");
  });

  test("a root given as a file: URL works; bad options fail at creation with a code", () => {
    assert.equal(typeof serveStatic(new URL(`file://${root}`)), "function");
    assert.throws(() => serveStatic(""), { code: "FLG_ERR_STATIC_ROOT" });
    assert.throws(() => serveStatic(root, { maxAge: -1 }), { code: "FLG_ERR_STATIC_OPTION" });
    assert.throws(() => serveStatic(root, { index: "../x.html" }), {
      code: "FLG_ERR_STATIC_OPTION",
    });
  });

  test("a missing root is a 404 for every file, not a crash", async () => {
    const app = appWith((a) => mountStatic(a, "/static", join(base, "does-not-exist")));
    assert.equal((await client(app)("/static/hello.txt")).status, 404);
  });
});

describe("serveStatic: conditional requests and ranges (done by the adapter)", () => {
  test("304 for a matching ETag and for If-Modified-Since", async () => {
    const get = mounted();
    const first = await get("/static/hello.txt");
    const etag = first.headers.get("etag")!;
    const again = await get("/static/hello.txt", { "if-none-match": etag });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), "");
    const since = await get("/static/hello.txt", {
      "if-modified-since": first.headers.get("last-modified")!,
    });
    assert.equal(since.status, 304);
    const other = await get("/static/hello.txt", { "if-none-match": 'W/"nope"' });
    assert.equal(other.status, 200);
  });

  test("206 with Content-Range for a single range", async () => {
    const res = await mounted()("/static/big.bin", { range: "bytes=10-19" });
    assert.equal(res.status, 206);
    assert.equal(res.headers.get("content-range"), "bytes 10-19/10000");
    assert.equal(res.headers.get("content-length"), "10");
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), BIG.subarray(10, 20));
  });

  test("416 for a range past the end", async () => {
    const res = await mounted()("/static/big.bin", { range: "bytes=999999999-" });
    assert.equal(res.status, 416);
    assert.equal(res.headers.get("content-range"), "bytes */10000");
    assert.equal((await res.arrayBuffer()).byteLength, 0);
  });

  test("1000 ranges: one plain 200, never a multi-part amplification", async () => {
    const ranges = Array.from({ length: 1000 }, (_, i) => `${i}-${i}`).join(",");
    const res = await mounted()("/static/big.bin", { range: `bytes=${ranges}` });
    assert.ok(res.status === 200 || res.status === 206, `status ${res.status}`);
    const body = await res.arrayBuffer();
    assert.ok(
      body.byteLength <= BIG.length,
      `sent ${body.byteLength} bytes for a ${BIG.length}-byte file`,
    );
    assert.doesNotMatch(res.headers.get("content-type") ?? "", /multipart/);
  });
});

describe("serveStatic: precompressed variants", () => {
  test("br preferred when accepted, with the original's type and Vary", async () => {
    const res = await mounted()("/static/css/site.css", { "accept-encoding": "gzip, deflate, br" });
    assert.equal(res.headers.get("content-encoding"), "br");
    assert.equal(res.headers.get("content-type"), "text/css; charset=utf-8");
    assert.equal(res.headers.get("vary"), "Accept-Encoding");
    // fetch's Response does not decode here: these are the .br bytes, as sent.
    assert.equal(res.headers.get("content-length"), String(brotliCompressSync(CSS).length));
  });

  test("gzip when only gzip is accepted or br is refused; identity otherwise", async () => {
    const get = mounted();
    assert.equal(
      (await get("/static/css/site.css", { "accept-encoding": "gzip" })).headers.get(
        "content-encoding",
      ),
      "gzip",
    );
    assert.equal(
      (await get("/static/css/site.css", { "accept-encoding": "br;q=0, *" })).headers.get(
        "content-encoding",
      ),
      "gzip",
    );
    const plain = await get("/static/css/site.css");
    assert.equal(plain.headers.get("content-encoding"), null);
    assert.equal(plain.headers.get("vary"), "Accept-Encoding");
    assert.equal(await plain.text(), CSS);
    // Only app.js.gz exists: a br-only client gets the original.
    const js = await get("/static/app.js", { "accept-encoding": "br" });
    assert.equal(js.headers.get("content-encoding"), null);
    assert.equal(await js.text(), "console.log(1)");
  });

  test("variants have their own ETag, and precompressed: false turns them off", async () => {
    const get = mounted();
    const br = await get("/static/css/site.css", { "accept-encoding": "br" });
    const plain = await get("/static/css/site.css");
    assert.notEqual(br.headers.get("etag"), plain.headers.get("etag"));
    const off = client(appWith((a) => mountStatic(a, "/static", root, { precompressed: false })));
    const res = await off("/static/css/site.css", { "accept-encoding": "br" });
    assert.equal(res.headers.get("content-encoding"), null);
    assert.equal(res.headers.get("vary"), null);
  });

  test("a variant symlinked outside the root is ignored", async () => {
    const res = await mounted()("/static/leak.css", { "accept-encoding": "br" });
    assert.equal(res.headers.get("content-encoding"), null);
    assert.equal(await res.text(), "leak {}");
  });
});

describe("serveStatic: refusals (security.md 3.C)", () => {
  const refused: Array<[string, string]> = [
    ["C1 encoded slash", "/static/..%2f..%2fsecret.txt"],
    ["C1 encoded dots and slash", "/static/%2e%2e%2f%2e%2e%2fsecret.txt"],
    ["C1 encoded backslash", "/static/..%5c..%5csecret.txt"],
    ["C1 encoded slash inside a name", "/static/css%2fsite.css"],
    ["C3 sibling prefix", "/static/..%2fstatic-secret/key"],
    ["C3 symlinked dir outside", "/static/link/passwd"],
    ["C3 symlinked file outside", "/static/secret-link.txt"],
    ["C5 dotfile", "/static/.env"],
    ["C5 dot directory", "/static/.git/config"],
    ["C5 encoded dotfile", "/static/%2eenv"],
    ["C5 double slash", "/static//etc/passwd"],
    ["C5 directory without index", "/static/docs"],
    ["C5 directory with slash", "/static/docs/"],
    ["trailing slash on a file", "/static/hello.txt/"],
    ["missing file", "/static/nope.txt"],
  ];
  for (const [name, path] of refused) {
    test(`${name}: ${path} -> 404`, async () => {
      const res = await mounted()(path);
      assert.equal(res.status, 404);
      const body = await res.text();
      assert.doesNotMatch(body, /SECRET|SIBLING|OUTSIDE|\[core\]|docs<|no index/);
      assert.doesNotMatch(body, new RegExp(base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    });
  }

  test("outside and missing answer the same 404, so existence never leaks", async () => {
    const get = mounted();
    const outside = await get("/static/secret-link.txt");
    const missing = await get("/static/missing-link.txt");
    assert.equal(outside.status, missing.status);
    assert.equal(await outside.text(), await missing.text());
  });

  test("C4 NUL and overlong UTF-8 are 400/404, never 500", async () => {
    const get = mounted();
    for (const path of [
      "/static/a%00.png",
      "/static/%c0%ae%c0%ae/etc/passwd",
      "/static/%E0%A4%A",
      "/static/%",
    ]) {
      const res = await get(path);
      assert.ok(res.status === 400 || res.status === 404, `${path}: ${res.status}`);
    }
  });
});

describe("serveStatic: index option", () => {
  const withIndex = () =>
    client(appWith((a) => mountStatic(a, "/static", root, { index: "index.html" })));

  test("dir/ serves its index, dir redirects to dir/, a dir without index stays 404", async () => {
    const get = withIndex();
    const page = await get("/static/docs/");
    assert.equal(page.status, 200);
    assert.equal(await page.text(), "<h1>docs</h1>");
    const redirect = await get("/static/docs");
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get("location"), "/static/docs/");
    assert.equal((await get("/static/nodocs/")).status, 404);
    assert.equal((await get("/static/nodocs")).status, 404);
  });
});

describe("mountStatic: naming and blueprints", () => {
  test("app.url('static') reverses to the file's URL", () => {
    const app = appWith((a) => mountStatic(a, "/static/", root));
    assert.equal(app.url("static", { path: "css/site.css" }), "/static/css/site.css");
  });

  test("a blueprint carries its own static folder as '<bp>.static'", async () => {
    const bpRoot = join(base, "bp-static");
    mkdirSync(bpRoot, { recursive: true });
    writeFileSync(join(bpRoot, "admin.css"), "admin {}");
    const admin = new Blueprint("admin", { prefix: "/admin" });
    mountStatic(admin, "/static", bpRoot);
    const app = appWith((a) => {
      mountStatic(a, "/static", root);
      a.register(admin);
    });
    assert.equal(app.url("admin.static", { path: "admin.css" }), "/admin/static/admin.css");
    assert.equal(app.url("static", { path: "hello.txt" }), "/static/hello.txt");
    const get = client(app);
    const res = await get("/admin/static/admin.css");
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "admin {}");
    // Each mount sees only its own folder.
    assert.equal((await get("/admin/static/hello.txt")).status, 404);
    assert.equal((await get("/static/admin.css")).status, 404);
  });

  test("a second folder on one scope takes another name", async () => {
    const app = appWith((a) => {
      mountStatic(a, "/static", root);
      mountStatic(a, "/media", join(base, "outside"), { name: "media" });
    });
    assert.equal(app.url("media", { path: "passwd" }), "/media/passwd");
    assert.equal(await (await client(app)("/media/passwd")).text(), "OUTSIDE");
  });
});
