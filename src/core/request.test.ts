import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fetchHandler } from "../adapters/index.ts";
import { App, type Context, silentLogger } from "./index.ts";
import type { AppOptionsInput } from "./options.ts";

/** An app with one POST/GET route whose handler the test supplies; returns a request function. */
function echo(handler: (ctx: Context) => unknown, options: AppOptionsInput = {}) {
  const app = new App({ logger: silentLogger, accessLog: false, ...options });
  app.all("/", handler as never);
  const handle = fetchHandler(app, { remoteAddress: "10.0.0.2" });
  return (init: RequestInit & { path?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has("host")) headers.set("host", "localhost");
    return handle(new Request(`http://localhost${init.path ?? "/"}`, { ...init, headers }));
  };
}

describe("query strings", () => {
  test("flat parsing keeps repeated keys and never nests", async () => {
    const send = echo((ctx) => ({
      a: ctx.query.getAll("a"),
      first: ctx.query.get("a"),
      nested: ctx.query.get("x[y]"),
      isAdmin: (ctx.query as unknown as Record<string, unknown>).isAdmin ?? null,
    }));
    const res = await send({ path: "/?a=1&a=2&x[y]=z&__proto__[isAdmin]=true" });
    assert.deepEqual(await res.json(), { a: ["1", "2"], first: "1", nested: "z", isAdmin: null });
    assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
  });

  test("more than the parameter limit is a 413", async () => {
    const send = echo((ctx) => ctx.query.get("a") ?? "none");
    const qs = Array.from({ length: 1001 }, (_, i) => `p${i}=1`).join("&");
    assert.equal((await send({ path: `/?${qs}` })).status, 413);
    const ok = Array.from({ length: 1000 }, (_, i) => `p${i}=1`).join("&");
    assert.equal((await send({ path: `/?${ok}` })).status, 200);
  });
});

describe("JSON bodies", () => {
  const send = echo(async (ctx) => ({ got: await ctx.req.json() }));
  const post = (body: string, type = "application/json") =>
    send({ method: "POST", body, headers: { "content-type": type } });

  test("a valid body parses", async () => {
    assert.deepEqual(await (await post('{"a":[1,2]}')).json(), { got: { a: [1, 2] } });
    assert.equal((await post("{}", "application/vnd.api+json")).status, 200);
    assert.equal((await post("{}", "Application/JSON ;charset=utf-8")).status, 200);
  });

  test("prototype-poisoning bodies are a 400 and change nothing", async () => {
    for (const body of [
      '{"__proto__":{"isAdmin":true}}',
      '{"user":{"__proto__":{"isAdmin":true}}}',
      '{"constructor":{"prototype":{"isAdmin":true}}}',
    ]) {
      const res = await post(body);
      assert.equal(res.status, 400, body);
    }
    assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
  });

  test("over-deep JSON is a 400, not a crash", async () => {
    const res = await post("[".repeat(100_000) + "]".repeat(100_000));
    assert.equal(res.status, 400);
  });

  test("a body over the limit is a 413, from Content-Length or from counting", async () => {
    const big = `"${"a".repeat(1024 * 1024)}"`;
    assert.equal((await post(big)).status, 413);
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode("a".repeat(100_000)));
        c.close();
      },
    });
    const chunked = await send({
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    assert.equal(chunked.status, 413);
  });

  test("wrong or missing content type is a 415; text/plain JSON cannot sneak in", async () => {
    for (const type of [
      "text/plain",
      "application/jsonx",
      "constructor",
      "__proto__",
      "application/x-www-form-urlencoded",
    ]) {
      assert.equal((await post('{"a":1}', type)).status, 415, type);
    }
  });

  test("invalid UTF-8, trailing garbage and empty bodies are a 400", async () => {
    const bad = await send({
      method: "POST",
      body: new Uint8Array([0x22, 0xc3, 0x28, 0x22]),
      headers: { "content-type": "application/json" },
    });
    assert.equal(bad.status, 400);
    assert.equal((await post("{}x")).status, 400);
    assert.equal((await post("")).status, 400);
  });

  test("compressed bodies are refused with 415", async () => {
    const res = await send({
      method: "POST",
      body: "xx",
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
    });
    assert.equal(res.status, 415);
  });
});

describe("forms", () => {
  test("urlencoded forms keep repeated fields and decode UTF-8", async () => {
    const send = echo(async (ctx) => {
      const form = await ctx.req.form();
      return { tags: form.getAll("tag"), name: form.get("name") };
    });
    const res = await send({
      method: "POST",
      body: "tag=a&tag=b&name=caf%C3%A9+x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.deepEqual(await res.json(), { tags: ["a", "b"], name: "café x" });
  });

  test("too many form fields is a 413", async () => {
    const send = echo(async (ctx) => (await ctx.req.form()).get("a") ?? "");
    const body = Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join("&");
    const res = await send({
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(res.status, 413);
  });

  test("multipart forms store files in a temp dir that is cleaned after the request", async () => {
    let storedPath = "";
    const { existsSync, readFileSync } = await import("node:fs");
    const send = echo(async (ctx) => {
      const form = await ctx.req.form();
      const f = form.file("doc")!;
      storedPath = f.path;
      return {
        title: form.get("title"),
        name: f.filename,
        size: f.size,
        body: readFileSync(f.path, "utf8"),
      };
    });
    const fd = new globalThis.FormData();
    fd.set("title", "Report");
    fd.set("doc", new Blob(["hello file"], { type: "text/plain" }), "../../etc/passwd");
    const res = await send({ method: "POST", body: fd });
    assert.deepEqual(await res.json(), {
      title: "Report",
      name: "passwd",
      size: 10,
      body: "hello file",
    });
    assert.ok(storedPath !== "" && !storedPath.includes("passwd"));
    assert.equal(existsSync(storedPath), false);
  });
});

describe("cookies, client address and scheme", () => {
  test("cookies parse first-wins and ignore nameless pairs", async () => {
    const send = echo((ctx) => ctx.req.cookies);
    const res = await send({ headers: { cookie: "=evil; sid=good; sid=second; x=%E2%9C%93" } });
    assert.deepEqual(await res.json(), { sid: "good", x: "✓" });
  });

  test("forwarded headers are ignored unless the proxy is trusted", async () => {
    const headers = { "x-forwarded-for": "1.2.3.4", "x-forwarded-proto": "https" };
    const untrusted = echo((ctx) => ({ ip: ctx.req.ip, proto: ctx.req.protocol }));
    assert.deepEqual(await (await untrusted({ headers })).json(), {
      ip: "10.0.0.2",
      proto: "http",
    });
    const trusted = echo((ctx) => ({ ip: ctx.req.ip, proto: ctx.req.protocol }), {
      trustProxy: ["10.0.0.2"],
    });
    assert.deepEqual(await (await trusted({ headers })).json(), { ip: "1.2.3.4", proto: "https" });
    const hops = echo((ctx) => ctx.req.ip ?? "", { trustProxy: 1 });
    assert.equal(
      await (await hops({ headers: { "x-forwarded-for": "9.9.9.9, 1.2.3.4" } })).text(),
      "1.2.3.4",
    );
  });
});
