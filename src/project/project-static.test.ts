/**
 * A project's static files as served: in production the collected root with hashed names from
 * the manifest (immutable caching), unhashed names briefly cached, precompressed variants sent
 * with Content-Encoding over a real socket, `static()` in a rendered template giving the hashed
 * URL (the plain one in debug), strict and lenient lookups, a missing manifest warned about at
 * start-up, and traversal attempts never revealing a file.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { brotliDecompressSync } from "node:zlib";
import { serve } from "../adapters/index.ts";
import { Blueprint, type Logger } from "../core/index.ts";
import { TestClient } from "../testing/index.ts";
import { collectStatic } from "./collectstatic.ts";
import { createProject, type Project } from "./create-project.ts";
import { defineApp } from "./define-app.ts";
import { defineSettings } from "./define-settings.ts";
import { HASHED_MAX_AGE, UNHASHED_MAX_AGE } from "./project-static.ts";

const dir = mkdtempSync(join(tmpdir(), "flagon-project-static-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  mkdirSync(join(dir, rel, ".."), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

const CSS = `body { background: url(../img/bg.svg); }\n${"/* padding */\n".repeat(40)}`;
write("static/css/site.css", CSS);
write("static/img/bg.svg", `<svg xmlns="http://www.w3.org/2000/svg">${"<g/>".repeat(50)}</svg>`);
write("shop/static/shop/cart.js", "export const cart = [];\n");
write("templates/page.html", "{{ static('css/site.css') }}|{{ static('shop/cart.js') }}");
write("settings.ts", "export default {};\n");
write("secret.txt", "top secret");

function logger(lines: string[]): Logger {
  const put = (msg: string) => lines.push(msg);
  return { debug() {}, info() {}, warn: put, error: put };
}

function build(
  debug: boolean,
  options: { root?: string; manifestStrict?: boolean; logLines?: string[] } = {},
): Promise<Project> {
  const routes = new Blueprint("site");
  routes.get("/page", (ctx) => ctx.render("page.html"));
  const settings = defineSettings({
    baseDir: dir,
    debug,
    secretKey: randomBytes(32).toString("base64url"),
    allowedHosts: ["localhost", "127.0.0.1"],
    installedApps: [defineApp({ name: "shop", dir: join(dir, "shop") })],
    routes,
    static: {
      ...(options.root === undefined ? {} : { root: options.root }),
      ...(options.manifestStrict === undefined ? {} : { manifestStrict: options.manifestStrict }),
    },
    app: { logger: logger(options.logLines ?? []), accessLog: false },
  });
  return createProject(settings, { databases: { default: "sqlite::memory:" } });
}

let manifest: ReadonlyMap<string, string>;
before(async () => {
  const settings = defineSettings({
    baseDir: dir,
    installedApps: [defineApp({ name: "shop", dir: join(dir, "shop") })],
  });
  manifest = (await collectStatic(settings)).manifest;
});

describe("project static files in production", () => {
  test("static() and app.url() give hashed names; caching follows the name", async () => {
    const project = await build(false);
    try {
      const client = new TestClient(project.app);
      const css = manifest.get("css/site.css")!;
      const js = manifest.get("shop/cart.js")!;
      assert.equal((await client.get("/page")).text, `/static/${css}|/static/${js}`);
      assert.equal(project.app.url("static", { path: "css/site.css" }), `/static/${css}`);
      assert.equal(project.app.url("static", { path: css }), `/static/${css}`);

      const hashed = await client.get(`/static/${css}`);
      assert.equal(hashed.status, 200);
      assert.match(hashed.text, /url\(\.\.\/img\/bg\.[0-9a-f]{12}\.svg\)/);
      assert.equal(
        hashed.headers.get("cache-control"),
        `public, max-age=${HASHED_MAX_AGE}, immutable`,
      );
      const plain = await client.get("/static/css/site.css");
      assert.equal(plain.text, CSS);
      assert.equal(plain.headers.get("cache-control"), `public, max-age=${UNHASHED_MAX_AGE}`);

      const gz = await client.get(`/static/${css}`, { headers: { "accept-encoding": "gzip" } });
      assert.equal(gz.headers.get("content-encoding"), "gzip");
      assert.equal(gz.headers.get("content-type")?.startsWith("text/css"), true);
    } finally {
      await project.close();
    }
  });

  test("a precompressed variant goes over a real socket with Content-Encoding: br", async () => {
    const project = await build(false);
    const server = await serve(project.app, { port: 0, host: "127.0.0.1" });
    try {
      const svg = manifest.get("img/bg.svg")!;
      const res = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>(
        (resolve, reject) => {
          const req = request(
            {
              host: "127.0.0.1",
              port: server.port,
              path: `/static/${svg}`,
              headers: { host: "localhost", "accept-encoding": "br, gzip" },
            },
            (r) => {
              const chunks: Buffer[] = [];
              r.on("data", (c: Buffer) => chunks.push(c));
              r.on("end", () => resolve({ headers: r.headers, body: Buffer.concat(chunks) }));
            },
          );
          req.on("error", reject);
          req.end();
        },
      );
      assert.equal(res.headers["content-encoding"], "br");
      assert.equal(res.headers.vary, "Accept-Encoding");
      assert.match(brotliDecompressSync(res.body).toString(), /^<svg xmlns/);
    } finally {
      await server.close();
      await project.close();
    }
  });

  test("a path missing from the manifest: an error naming the command, or the plain URL", async () => {
    const strict = await build(false);
    try {
      assert.throws(
        () => strict.app.url("static", { path: "css/new.css" }),
        (e: Error) =>
          e.message.includes('"css/new.css" is not in') &&
          e.message.includes('run "flagon collectstatic"'),
      );
      const res = await new TestClient(strict.app).get("/page");
      assert.equal(res.status, 200, "known files render");
    } finally {
      await strict.close();
    }
    const lenient = await build(false, { manifestStrict: false });
    try {
      assert.equal(lenient.app.url("static", { path: "css/new.css" }), "/static/css/new.css");
    } finally {
      await lenient.close();
    }
  });

  test("no manifest: a start-up warning naming collectstatic, plain URLs", async () => {
    const lines: string[] = [];
    const project = await build(false, { root: join(dir, "empty-root"), logLines: lines });
    try {
      assert.equal(lines.length, 0, "loading the project (any command) does not warn");
      await project.app.startup();
      assert.ok(
        lines.some((l) => l.includes("flagon collectstatic")),
        lines.join("\n"),
      );
      assert.equal(project.app.url("static", { path: "css/site.css" }), "/static/css/site.css");
    } finally {
      await project.close();
    }
  });

  test("a broken manifest stops the server's start-up, not the loading of the project", async () => {
    write("broken-root/staticfiles.json", "{ not json");
    const project = await build(false, { root: join(dir, "broken-root") });
    try {
      await assert.rejects(
        project.app.startup(),
        (e: { code?: string; message: string }) =>
          e.code === "FLG_ERR_STATIC_MANIFEST" &&
          /not valid JSON.*flagon collectstatic/.test(e.message),
      );
    } finally {
      await project.close();
    }
  });

  test("traversal attempts never reveal a file", async () => {
    for (const debug of [false, true]) {
      const project = await build(debug);
      try {
        const client = new TestClient(project.app);
        for (const path of [
          "/static/../settings.ts",
          "/static/%2e%2e/settings.ts",
          "/static/..%2fsettings.ts",
          "/static/%2e%2e%2fsecret.txt",
          "/static/css/..%2f..%2fsecret.txt",
          "/static/css/..%5c..%5csecret.txt",
          "/static/%252e%252e/secret.txt",
          "/static/..%00/secret.txt",
          "/static//etc/passwd",
          "/static/staticfiles/../../secret.txt",
        ]) {
          const res = await client.get(path);
          assert.ok(res.status >= 400 && res.status < 500, `${path}: ${res.status}`);
          assert.doesNotMatch(res.text, /top secret|export default/, path);
        }
      } finally {
        await project.close();
      }
    }
  });
});

describe("project static files in debug", () => {
  test("static() gives the plain URL and files come from the source folders", async () => {
    const project = await build(true);
    try {
      const client = new TestClient(project.app);
      assert.equal((await client.get("/page")).text, "/static/css/site.css|/static/shop/cart.js");
      const res = await client.get("/static/shop/cart.js");
      assert.equal(res.text, "export const cart = [];\n");
      assert.equal(res.headers.get("cache-control"), "no-cache");
      assert.equal(
        project.app.url("static", { path: "not/collected.css" }),
        "/static/not/collected.css",
      );
    } finally {
      await project.close();
    }
  });
});
