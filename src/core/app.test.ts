import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fetchHandler } from "../adapters/index.ts";
import { App, Blueprint, HttpError, abort, html, silentLogger } from "./index.ts";

function client(app: App) {
  const handle = fetchHandler(app);
  return (path: string, init: RequestInit & { host?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has("host")) headers.set("host", init.host ?? "localhost");
    return handle(new Request(`http://localhost${path}`, { ...init, headers }));
  };
}

function quietApp(options: ConstructorParameters<typeof App>[0] = {}): App {
  return new App({ logger: silentLogger, accessLog: false, ...options });
}

describe("routing through the app", () => {
  test("a string becomes text/plain, an object JSON, undefined a 204", async () => {
    const app = quietApp();
    app.get("/s", () => "hi <b>");
    app.get("/o", () => ({ a: 1, tag: "<script>" }));
    app.get("/n", () => undefined);
    const get = client(app);
    const s = await get("/s");
    assert.equal(s.headers.get("content-type"), "text/plain; charset=utf-8");
    assert.equal(await s.text(), "hi <b>");
    const o = await get("/o");
    assert.equal(o.headers.get("content-type"), "application/json; charset=utf-8");
    assert.equal(await o.text(), '{"a":1,"tag":"\\u003cscript\\u003e"}');
    const n = await get("/n");
    assert.equal(n.status, 204);
  });

  test("typed params reach the handler converted", async () => {
    const app = quietApp();
    app.get("/users/:id<int>", ({ params }) => ({ id: params.id, type: typeof params.id }));
    const res = await client(app)("/users/42");
    assert.deepEqual(await res.json(), { id: 42, type: "number" });
  });

  test("404 and 405 with Allow; HEAD from GET; OPTIONS answers with Allow", async () => {
    const app = quietApp();
    app.get("/x", () => "x");
    app.post("/x", () => "y");
    const get = client(app);
    assert.equal((await get("/nope")).status, 404);
    const put = await get("/x", { method: "PUT" });
    assert.equal(put.status, 405);
    assert.match(put.headers.get("allow") ?? "", /GET/);
    assert.match(put.headers.get("allow") ?? "", /POST/);
    const head = await get("/x", { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), "");
    const options = await get("/x", { method: "OPTIONS" });
    assert.equal(options.status, 204);
    assert.match(options.headers.get("allow") ?? "", /HEAD/);
  });

  test("a missing trailing slash redirects, keeping the query (301 for GET, 308 otherwise)", async () => {
    const app = quietApp();
    app.get("/docs/", () => "docs");
    app.post("/docs/", () => "posted");
    const get = client(app);
    const res = await get("/docs?x=1", { redirect: "manual" });
    assert.equal(res.status, 301);
    assert.equal(res.headers.get("location"), "/docs/?x=1");
    const post = await get("/docs", { method: "POST", redirect: "manual" });
    assert.equal(post.status, 308);
  });

  test("a Host outside allowedHosts is a 400 before routing", async () => {
    let called = false;
    const app = quietApp();
    app.get("/", () => {
      called = true;
      return "ok";
    });
    const get = client(app);
    for (const host of [
      "evil.com",
      "example.com@evil.tld",
      "localhost:80/badpath",
      "localhost: x",
    ]) {
      const res = await get("/", { host });
      assert.equal(res.status, 400, host);
    }
    assert.equal(called, false);
    assert.equal((await get("/", { host: "localhost:8000" })).status, 200);
  });

  test("allowedHosts supports subdomain patterns and *", async () => {
    const app = quietApp({ allowedHosts: [".example.com"] });
    app.get("/", () => "ok");
    const get = client(app);
    assert.equal((await get("/", { host: "a.example.com" })).status, 200);
    assert.equal((await get("/", { host: "example.com" })).status, 200);
    assert.equal((await get("/", { host: "badexample.com" })).status, 400);
  });

  test("malformed percent-escapes and encoded NULs in the path are a 400", async () => {
    const app = quietApp();
    app.get("/:name", ({ params }) => params);
    const get = client(app);
    for (const path of ["/%", "/%E0%A4%A", "/a%00.png", "/%c0%ae"]) {
      assert.equal((await get(path)).status, 400, path);
    }
  });

  test("every response carries the security headers, HTML also COOP", async () => {
    const app = quietApp();
    app.get("/", () => html("<p>hi</p>"));
    const res = await client(app)("/");
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("x-frame-options"), "DENY");
    assert.equal(res.headers.get("referrer-policy"), "same-origin");
    assert.equal(res.headers.get("cross-origin-opener-policy"), "same-origin");
    assert.equal((await client(app)("/missing")).headers.get("x-content-type-options"), "nosniff");
  });

  test("HSTS is sent only when the app declares https", async () => {
    const plain = quietApp();
    plain.get("/", () => "x");
    assert.equal((await client(plain)("/")).headers.get("strict-transport-security"), null);
    const secure = quietApp({ https: true });
    secure.get("/", () => "x");
    assert.match(
      (await client(secure)("/")).headers.get("strict-transport-security") ?? "",
      /max-age=31536000/,
    );
  });
});

describe("hooks, middleware and error handlers", () => {
  test("middleware wraps hooks and handler in onion order", async () => {
    const log: string[] = [];
    const app = quietApp();
    app.use(async (_ctx, next) => {
      log.push("mw1 in");
      const res = await next();
      log.push("mw1 out");
      res.headers.set("x-mw", "1");
      return res;
    });
    app.use(async (_ctx, next) => {
      log.push("mw2 in");
      await next();
      log.push("mw2 out");
    });
    app.before(() => {
      log.push("before");
    });
    app.after((_ctx, res) => {
      log.push("after");
      return res;
    });
    app.teardown(() => {
      log.push("teardown");
    });
    app.get("/", () => {
      log.push("handler");
      return "ok";
    });
    const res = await client(app)("/");
    assert.equal(res.headers.get("x-mw"), "1");
    assert.deepEqual(log, [
      "mw1 in",
      "mw2 in",
      "before",
      "handler",
      "after",
      "mw2 out",
      "mw1 out",
      "teardown",
    ]);
  });

  test("a before hook that returns a value answers and skips the handler; after hooks still run", async () => {
    let handled = false;
    const app = quietApp();
    app.before((ctx) => (ctx.req.header("x-block") ? ctx.json({ blocked: true }, 403) : undefined));
    app.after((_ctx, res) => {
      res.headers.set("x-after", "yes");
    });
    app.get("/", () => {
      handled = true;
      return "ok";
    });
    const res = await client(app)("/", { headers: { "x-block": "1" } });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get("x-after"), "yes");
    assert.equal(handled, false);
  });

  test("error handlers by status and by class, nearest scope first", async () => {
    class PaymentError extends Error {}
    class CardDeclined extends PaymentError {}
    const app = quietApp();
    app.onError(404, () => ({ where: "app 404" }));
    app.onError(PaymentError, (err) => ({ where: "app payment", msg: (err as Error).message }));
    const shop = new Blueprint("shop", { prefix: "/shop" });
    shop.onError(CardDeclined, () => ({ where: "shop declined" }));
    shop.get("/pay", () => {
      throw new CardDeclined("no");
    });
    shop.get("/other", () => {
      throw new PaymentError("other");
    });
    shop.get("/gone", () => abort(404));
    app.register(shop);
    const get = client(app);
    assert.deepEqual(await (await get("/shop/pay")).json(), { where: "shop declined" });
    assert.deepEqual(await (await get("/shop/other")).json(), {
      where: "app payment",
      msg: "other",
    });
    assert.deepEqual(await (await get("/shop/gone")).json(), { where: "app 404" });
    assert.deepEqual(await (await get("/nowhere")).json(), { where: "app 404" });
  });

  test("an empty or unlisted Host is a 400 on a fresh app and after a valid request", async () => {
    const app = quietApp({ allowedHosts: ["example.com"] });
    app.get("/", () => "ok");
    const send = (host: string) =>
      app.handle({
        method: "GET",
        url: "/",
        headers: { host },
        remoteAddress: "127.0.0.1",
        encrypted: false,
        body: () => {
          throw new Error("no body");
        },
        uploads: () => {
          throw new Error("no uploads");
        },
        signal: new AbortController().signal,
      });
    assert.equal((await send("")).status, 400, "empty Host on a fresh app");
    assert.equal((await send("example.com")).status, 200);
    assert.equal((await send("example.com")).status, 200, "the memo answers the same");
    assert.equal((await send("")).status, 400, "empty Host after a valid one");
    assert.equal((await send("evil.com")).status, 400);
    assert.equal((await send("example.com")).status, 200);
  });

  test("a not-found answer: the same error and handlers with and without hooks", async () => {
    for (const withHooks of [false, true]) {
      const seen: string[] = [];
      const app = quietApp();
      if (withHooks) {
        app.before((ctx) => {
          seen.push(`before ${ctx.req.path}`);
        });
        app.teardown(() => {
          seen.push("teardown");
        });
      }
      app.onError(HttpError, (err) => {
        const e = err as HttpError;
        seen.push(`${e.status} ${e.code}`);
        return { status: e.status, code: e.code, message: e.message };
      });
      const get = client(app);
      const res = await get("/nowhere");
      assert.equal(res.status, 200, "the handler's return value is the answer");
      assert.deepEqual(await res.json(), {
        status: 404,
        code: "FLG_ERR_NOT_FOUND",
        message: "No route matches this URL",
      });
      assert.deepEqual(
        seen,
        withHooks
          ? ["before /nowhere", "404 FLG_ERR_NOT_FOUND", "teardown"]
          : ["404 FLG_ERR_NOT_FOUND"],
      );
    }
  });

  test("the not-found error is shared, so a handler cannot change it for the next request", async () => {
    const app = quietApp();
    app.onError(404, (err) => {
      const e = err as { message: string; headers: Record<string, string> };
      assert.throws(() => {
        e.message = "changed";
      }, TypeError);
      assert.throws(() => {
        e.headers["x-leak"] = "1";
      }, TypeError);
      return abort(404, e.message);
    });
    const get = client(app);
    for (let i = 0; i < 2; i++) {
      const res = await get(`/nowhere/${i}`);
      assert.equal(res.status, 404);
      assert.equal(res.headers.get("x-leak"), null);
      assert.equal(((await res.json()) as any).error.message, "No route matches this URL");
    }
  });

  test("an unexpected error is a generic 500 with a request id, logged, never the message", async () => {
    const lines: string[] = [];
    const app = new App({
      accessLog: false,
      logger: {
        debug() {},
        info() {},
        warn() {},
        error: (msg, fields) =>
          lines.push(
            `${msg} ${String((fields?.err as Error)?.message)} ${String(fields?.requestId)}`,
          ),
      },
    });
    app.get("/sync", () => {
      throw new Error("secret detail /etc/passwd");
    });
    app.get("/async", async () => {
      await Promise.resolve();
      throw new Error("secret async detail");
    });
    const get = client(app);
    for (const path of ["/sync", "/async"]) {
      const res = await get(path);
      assert.equal(res.status, 500);
      const body = (await res.json()) as { error: { requestId: string; message: string } };
      assert.doesNotMatch(JSON.stringify(body), /secret|passwd|at /);
      assert.match(body.error.requestId, /^[0-9a-f-]{36}$/);
      assert.ok(lines.some((l) => l.includes(body.error.requestId) && l.includes("secret")));
    }
  });

  test("HttpError messages reach the client for 4xx, HTML for browsers with the message escaped", async () => {
    const app = quietApp();
    app.get("/", () => {
      throw new HttpError(422, "<b>bad</b> input", { code: "APP_BAD" });
    });
    const get = client(app);
    const j = await get("/");
    assert.deepEqual(await j.json(), {
      error: { status: 422, code: "APP_BAD", message: "<b>bad</b> input" },
    });
    const h = await get("/", { headers: { accept: "text/html,application/xhtml+xml" } });
    const body = await h.text();
    assert.match(body, /&lt;b&gt;bad&lt;\/b&gt; input/);
    assert.doesNotMatch(body, /<b>bad/);
  });

  test("an error thrown by an error handler falls back to the default answer", async () => {
    const app = quietApp();
    app.onError(400, () => {
      throw new Error("handler broke");
    });
    app.get("/", () => abort(400, "bad"));
    const res = await client(app)("/");
    assert.equal(res.status, 500);
  });

  test("headers and cookies set on the context reach the final response, also on errors", async () => {
    const app = quietApp();
    app.get("/", (ctx) => {
      ctx.header("x-trace", "abc").cookie("seen", "1");
      return abort(409, "conflict");
    });
    const res = await client(app)("/");
    assert.equal(res.status, 409);
    assert.equal(res.headers.get("x-trace"), "abc");
    assert.match(res.headers.get("set-cookie") ?? "", /^seen=1; .*HttpOnly/);
    assert.match(res.headers.get("set-cookie") ?? "", /SameSite=Lax/);
  });

  test("a header value with CR/LF from user input cannot split the response", async () => {
    const app = quietApp();
    app.get("/", (ctx) => ctx.text("x", { headers: { "x-name": ctx.query.get("v") ?? "" } }));
    const res = await client(app)(`/?v=${encodeURIComponent("a\r\nSet-Cookie: pwn=1")}`);
    assert.equal(res.status, 500);
    assert.equal(res.headers.get("set-cookie"), null);
  });
});

describe("blueprints", () => {
  test("prefix, nesting, names and reverse routing", async () => {
    const app = quietApp();
    const api = new Blueprint("api", { prefix: "/api" });
    const v1 = new Blueprint("v1", { prefix: "/v1" });
    v1.get("/items/:id<int>", ({ params }) => params, "item");
    api.register(v1);
    app.register(api);
    assert.equal(app.url("api.v1.item", { id: 7 }), "/api/v1/items/7");
    assert.deepEqual(await (await client(app)("/api/v1/items/7")).json(), { id: 7 });
  });

  test("a blueprint inherits its parent's middleware and hooks but cannot change the parent", async () => {
    const app = quietApp();
    app.use(async (_ctx, next) => {
      const res = await next();
      res.headers.append("x-chain", "app");
      return res;
    });
    const bp = new Blueprint("bp", { prefix: "/bp" });
    bp.use(async (_ctx, next) => {
      const res = await next();
      res.headers.append("x-chain", "bp");
      return res;
    });
    bp.before((ctx) => (ctx.req.query.has("stop") ? "stopped by bp" : undefined));
    bp.get("/", () => "in bp");
    app.get("/", () => "in app");
    app.register(bp);
    const get = client(app);
    const inBp = await get("/bp/");
    assert.equal(inBp.headers.get("x-chain"), "bp, app");
    assert.equal(await (await get("/bp/?stop")).text(), "stopped by bp");
    const inApp = await get("/?stop");
    assert.equal(await inApp.text(), "in app");
    assert.equal(inApp.headers.get("x-chain"), "app");
  });

  test("registration after the first request is refused", async () => {
    const app = quietApp();
    app.get("/", () => "x");
    await client(app)("/");
    assert.throws(() => app.get("/late", () => "y"), { code: "FLG_ERR_APP_FROZEN" });
  });
});

describe("startup", () => {
  test("a weak secret key stops a production app from starting; debug allows it", async () => {
    await assert.rejects(quietApp({ secretKey: "changeme" }).startup(), {
      code: "FLG_ERR_SECRET_KEY_WEAK",
    });
    await assert.rejects(quietApp({ secretKey: "short-but-random-Zq8" }).startup(), {
      code: "FLG_ERR_SECRET_KEY_WEAK",
    });
    await quietApp({ secretKey: "changeme", debug: true }).startup();
    await quietApp({ secretKey: "8vQ2x_Lr0pT9wKfZ3mN6bYc1HsJ4uE7aD5gVqWz" }).startup();
  });

  test("the fast path answers synchronously when handler and chain are sync", () => {
    const app = quietApp();
    app.get("/", () => "sync");
    const out = app.handle({
      method: "GET",
      url: "/",
      headers: { host: "localhost" },
      remoteAddress: "127.0.0.1",
      encrypted: false,
      body: () => (async function* () {})(),
      uploads: () => undefined,
    });
    assert.ok(!(out instanceof Promise));
  });
});

describe("ctx.render() and the Renderer seam", () => {
  const get = (app: ReturnType<typeof quietApp>, path: string) =>
    fetchHandler(app)(new Request(`http://localhost${path}`));

  test("uses the installed renderer and answers text/html", async () => {
    const app = quietApp();
    const seen: unknown[] = [];
    app.setRenderer({
      render: async (ctx, name, data) => {
        seen.push(ctx.endpoint, name, data);
        return `<p>${name}</p>`;
      },
    });
    app.get("/", (ctx) => ctx.render("page.html", { a: 1 }, 201), "home");
    const res = await get(app, "/");
    assert.equal(res.status, 201);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    assert.equal(await res.text(), "<p>page.html</p>");
    assert.deepEqual(seen, ["home", "page.html", { a: 1 }]);
  });

  test("without a renderer, ctx.render() fails with FLG_ERR_NO_RENDERER", async () => {
    const app = quietApp();
    let code: unknown;
    app.get("/", async (ctx) => {
      try {
        return await ctx.render("page.html");
      } catch (err) {
        code = (err as { code?: unknown }).code;
        throw err;
      }
    });
    assert.equal((await get(app, "/")).status, 500);
    assert.equal(code, "FLG_ERR_NO_RENDERER");
  });
});
