// Traversal over a real socket: fetch and the URL parser normalise `../` and `%2e` away before
// the app sees them, so these bytes go out exactly as written (security.md 3.C C1-C5).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type FlagonServer, serve } from "../../adapters/index.ts";
import { App, silentLogger } from "../../core/index.ts";
import { mountStatic } from "../index.ts";

let base: string;
let server: FlagonServer;

before(async () => {
  base = mkdtempSync(join(tmpdir(), "flagon-static-raw-"));
  const root = join(base, "static");
  for (const [name, content] of Object.entries({
    "static/hello.txt": "hello world",
    "static/css/site.css": "body {}",
    "static/.env": "SECRET=1",
    "secret.txt": "TOP SECRET",
    "static-secret/key": "SIBLING KEY",
    "outside/passwd": "OUTSIDE",
  })) {
    mkdirSync(join(base, name, ".."), { recursive: true });
    writeFileSync(join(base, name), content);
  }
  symlinkSync(join(base, "outside"), join(root, "link"));
  const app = new App({ logger: silentLogger, accessLog: false });
  mountStatic(app, "/static", root);
  app.get("/health", () => "ok");
  server = await serve(app, { port: 0 });
});

after(async () => {
  await server.close();
  rmSync(base, { recursive: true, force: true });
});

/** Send one request with a raw target; resolve with the status and the whole response text. */
function rawGet(target: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.setTimeout(2000, () => socket.destroy(new Error(`timeout for ${target}`)));
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      resolve({ status: Number(text.slice(9, 12)), text });
    });
    socket.write(
      `GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
      "latin1",
    );
  });
}

const SECRETS = /TOP SECRET|SIBLING KEY|OUTSIDE|SECRET=1/;

describe("static traversal over a raw socket", () => {
  test("control: a normal file and the health route answer 200", async () => {
    const ok = await rawGet("/static/hello.txt");
    assert.equal(ok.status, 200);
    assert.match(ok.text, /hello world$/);
    assert.equal((await rawGet("/health")).status, 200);
  });

  const cases = [
    "/static/../secret.txt",
    "/static/../../etc/passwd",
    "/static/../static-secret/key",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/%2e%2e/secret.txt",
    "/static/..%2f..%2fsecret.txt",
    "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/static/..%5c..%5csecret.txt",
    "/static/%252e%252e%252fsecret.txt",
    "/static/css/../../secret.txt",
    "/static/css/./site.css",
    "/static/css/%2e/site.css",
    "/static/./.env",
    "/static/.env",
    "/static/%2eenv",
    "/static/link/passwd",
    "/static//etc/passwd",
    "/static/",
    "/static/a%00.png",
    "/static/%c0%ae%c0%ae/etc/passwd",
    "/static/%E0%A4%A",
    "/static/%",
  ];
  for (const target of cases) {
    test(`${target} -> 400/404, no file contents`, async () => {
      const res = await rawGet(target);
      assert.ok(res.status === 400 || res.status === 404, `status ${res.status}`);
      assert.doesNotMatch(res.text, SECRETS);
      assert.ok(!res.text.includes(base), "the response names a server path");
    });
  }

  test("the server is still healthy after the battery", async () => {
    assert.equal((await rawGet("/health")).status, 200);
  });
});
