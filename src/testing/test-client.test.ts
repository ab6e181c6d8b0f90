import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";
import { App, type AppOptionsInput, silentLogger } from "../core/index.ts";
import { TestClient } from "./index.ts";

function quietApp(options: AppOptionsInput = {}): App {
  return new App({ logger: silentLogger, accessLog: false, ...options });
}

describe("TestClient: requests", () => {
  test("sends each method with the client's host and remote address", async () => {
    const app = quietApp({ allowedHosts: ["api.test"] });
    app.route(["GET", "POST", "PUT", "PATCH", "DELETE"], "/m", (ctx) => ({
      method: ctx.req.method,
      host: ctx.req.host,
      ip: ctx.req.ip,
      secure: ctx.req.secure,
    }));
    const client = new TestClient(app, { host: "api.test", remoteAddress: "10.1.2.3" });
    for (const method of ["get", "post", "put", "patch", "delete"] as const) {
      const res = await client[method]("/m");
      assert.deepEqual(res.json(), {
        method: method.toUpperCase(),
        host: "api.test",
        ip: "10.1.2.3",
        secure: false,
      });
    }
    const local = await new TestClient(app).get("/m");
    assert.equal(local.status, 400, "localhost is not in this app's allowedHosts");
  });

  test("HEAD has no body; OPTIONS lists the allowed methods", async () => {
    const app = quietApp();
    app.get("/x", () => "hello");
    const client = new TestClient(app);
    const head = await client.head("/x");
    assert.equal(head.status, 200);
    assert.equal(head.text, "");
    const options = await client.options("/x");
    assert.equal(options.status, 204);
    assert.match(options.headers.get("allow") ?? "", /GET/);
  });

  test("query: arrays repeat the key and merge with a query in the path", async () => {
    const app = quietApp();
    app.get("/search", (ctx) => ({
      tags: ctx.query.getAll("tag"),
      q: ctx.query.get("q"),
      page: ctx.query.get("page"),
    }));
    const res = await new TestClient(app).get("/search?page=2", {
      query: { tag: ["a", "b c"], q: "x&y" },
    });
    assert.deepEqual(res.json(), { tags: ["a", "b c"], q: "x&y", page: "2" });
    assert.equal(res.url, "/search?page=2&tag=a&tag=b+c&q=x%26y");
  });

  test("json sends a JSON body and json() reads one", async () => {
    const app = quietApp();
    app.post("/echo", async (ctx) => ({ got: await ctx.req.json(), type: ctx.req.contentType }));
    const res = await new TestClient(app).post("/echo", { json: { a: [1, "two"] } });
    assert.equal(res.status, 200);
    assert.ok(res.ok);
    assert.deepEqual(res.json<{ got: unknown }>().got, { a: [1, "two"] });
    assert.equal(res.json<{ type: string }>().type, "application/json");
  });

  test("json() on a non-JSON response names the status and the start of the body", async () => {
    const app = quietApp();
    app.get("/page", (ctx) => ctx.html("<h1>Not JSON</h1>", 418));
    app.get("/lie", (ctx) =>
      ctx.text("{oops", { headers: { "content-type": "application/json" } }),
    );
    const client = new TestClient(app);
    const page = await client.get("/page");
    assert.throws(
      () => page.json(),
      (err: Error & { code?: string }) => {
        assert.equal(err.code, "FLG_ERR_TEST_NOT_JSON");
        assert.match(err.message, /GET \/page \(status 418\)/);
        assert.match(err.message, /text\/html/);
        assert.match(err.message, /<h1>Not JSON<\/h1>/);
        return true;
      },
    );
    assert.throws(() => page.json(), /status 418/);
    const lie = await client.get("/lie");
    assert.throws(() => lie.json(), /status 200.*\{oops/);
  });

  test("form: urlencoded with repeated keys", async () => {
    const app = quietApp();
    app.post("/f", async (ctx) => {
      const form = await ctx.req.form();
      return { name: form.get("name"), tags: form.getAll("tag"), type: ctx.req.contentType };
    });
    const res = await new TestClient(app).post("/f", { form: { name: "Ada", tag: ["x", "y"] } });
    assert.deepEqual(res.json(), {
      name: "Ada",
      tags: ["x", "y"],
      type: "application/x-www-form-urlencoded",
    });
  });

  test("form with a File is a multipart upload", async () => {
    const app = quietApp();
    app.post("/upload", async (ctx) => {
      const form = await ctx.req.form();
      const file = form.file("doc");
      assert.ok(file, "the upload reached the app");
      return {
        title: form.get("title"),
        filename: file.filename,
        type: file.contentType,
        size: file.size,
        content: await readFile(file.path, "utf8"),
      };
    });
    const doc = new File(["hello, upload"], "notes.txt", { type: "text/plain" });
    const res = await new TestClient(app).post("/upload", { form: { title: "T", doc } });
    assert.deepEqual(res.json(), {
      title: "T",
      filename: "notes.txt",
      type: "text/plain",
      size: 13,
      content: "hello, upload",
    });
  });

  test("raw body and headers; default headers apply to every call", async () => {
    const app = quietApp();
    app.put("/raw", async (ctx) => ({
      length: (await ctx.req.bytes()).length,
      type: ctx.req.header("content-type") ?? null,
      agent: ctx.req.header("user-agent"),
      extra: ctx.req.header("x-extra") ?? null,
    }));
    const client = new TestClient(app, { headers: { "user-agent": "flagon-test" } });
    const bytes = await client.put("/raw", {
      body: new Uint8Array([1, 2, 3]),
      headers: { "x-extra": "1" },
    });
    assert.deepEqual(bytes.json(), { length: 3, type: null, agent: "flagon-test", extra: "1" });
    const text = await client.put("/raw", { body: "abc", headers: { "content-type": "text/csv" } });
    assert.deepEqual(text.json(), {
      length: 3,
      type: "text/csv",
      agent: "flagon-test",
      extra: null,
    });
  });

  test("a path starting with // stays a path; a full URL on an allowed host works", async () => {
    const app = quietApp();
    app.get("/:rest<path>", (ctx) => ({ path: ctx.req.path, host: ctx.req.host }));
    const client = new TestClient(app);
    assert.deepEqual((await client.get("//evil.test/x")).json(), {
      path: "//evil.test/x",
      host: "localhost",
    });
    assert.deepEqual((await client.get("http://127.0.0.1/y")).json(), {
      path: "/y",
      host: "127.0.0.1",
    });
  });

  test("mistakes in the call are coded errors", async () => {
    const client = new TestClient(quietApp());
    await assert.rejects(client.get("relative"), { code: "FLG_ERR_TEST_PATH" });
    await assert.rejects(client.get("/x", { json: {} }), { code: "FLG_ERR_TEST_BODY_NOT_ALLOWED" });
    await assert.rejects(client.post("/x", { json: {}, body: "" }), {
      code: "FLG_ERR_TEST_BODY_CONFLICT",
    });
  });
});

describe("TestClient: cookies", () => {
  function visitsApp(): App {
    const app = quietApp();
    app.get("/visit", (ctx) => {
      const visits = Number(ctx.req.cookies.visits ?? "0") + 1;
      ctx.cookie("visits", String(visits));
      return { visits };
    });
    app.get("/forget", (ctx) => {
      ctx.deleteCookie("visits");
      return "ok";
    });
    return app;
  }

  test("a cookie set by one response is sent with the next requests", async () => {
    const client = new TestClient(visitsApp());
    assert.deepEqual((await client.get("/visit")).json(), { visits: 1 });
    assert.deepEqual((await client.get("/visit")).json(), { visits: 2 });
    const third = await client.get("/visit");
    assert.deepEqual(third.json(), { visits: 3 });
    assert.equal(third.cookies.visits?.value, "3");
    assert.equal(third.cookies.visits?.httpOnly, true);
    assert.equal(client.cookies.get("visits"), "3");
    assert.equal(client.cookies.getCookie("visits")?.httpOnly, true);
  });

  test("clients do not share cookies; set, delete and clear change what is sent", async () => {
    const app = visitsApp();
    const a = new TestClient(app);
    const b = new TestClient(app);
    await a.get("/visit");
    assert.deepEqual((await b.get("/visit")).json(), { visits: 1 });
    a.cookies.set("visits", "41");
    assert.deepEqual((await a.get("/visit")).json(), { visits: 42 });
    a.cookies.delete("visits");
    assert.deepEqual((await a.get("/visit")).json(), { visits: 1 });
    a.cookies.clear();
    assert.equal(a.cookies.size, 0);
  });

  test("a cookie deleted by the app leaves the jar", async () => {
    const client = new TestClient(visitsApp());
    await client.get("/visit");
    const res = await client.get("/forget");
    assert.equal(res.cookies.visits?.maxAge, 0);
    assert.equal(client.cookies.get("visits"), undefined);
    assert.deepEqual((await client.get("/visit")).json(), { visits: 1 });
  });

  test("Path scopes where a cookie is sent", async () => {
    const app = quietApp();
    app.get("/admin/login", (ctx) => {
      ctx.cookie("admin", "yes", { path: "/admin" });
      return "in";
    });
    app.get("/admin/panel", (ctx) => ctx.req.cookies.admin ?? "none");
    app.get("/public", (ctx) => ctx.req.cookies.admin ?? "none");
    const client = new TestClient(app);
    await client.get("/admin/login");
    assert.equal((await client.get("/admin/panel")).text, "yes");
    assert.equal((await client.get("/public")).text, "none");
  });

  test("a Secure cookie is kept but only sent when the base URL is https", async () => {
    const app = quietApp();
    app.get("/set", (ctx) => {
      ctx.cookie("token", "t1", { secure: true });
      ctx.cookie("plain", "p1");
      return "set";
    });
    app.get("/echo", (ctx) => ctx.req.header("cookie") ?? "");
    const http = new TestClient(app);
    await http.get("/set");
    assert.equal(http.cookies.getCookie("token")?.secure, true);
    assert.equal((await http.get("/echo")).text, "plain=p1");
    const https = new TestClient(app, { https: true });
    assert.equal(https.baseUrl, "https://localhost");
    await https.get("/set");
    assert.equal((await https.get("/echo")).text, "token=t1; plain=p1");
  });
});

describe("TestClient: redirects", () => {
  function redirectApp(): App {
    const app = quietApp();
    app.get("/old", (ctx) => ctx.redirect("/middle", 301));
    app.get("/middle", (ctx) => {
      ctx.cookie("passed", "middle");
      return ctx.redirect("/new?x=1");
    });
    app.get("/new", (ctx) => ({
      at: "new",
      x: ctx.query.get("x"),
      passed: ctx.req.cookies.passed ?? null,
    }));
    app.post("/submit", (ctx) => ctx.redirect("/done", 303));
    app.post("/keep", (ctx) => ctx.redirect("/echo", 307));
    app.all("/echo", async (ctx) => ({
      method: ctx.req.method,
      type: ctx.req.header("content-type") ?? null,
      body: await ctx.req.text(),
    }));
    app.get("/done", (ctx) => ({
      method: ctx.req.method,
      type: ctx.req.header("content-type") ?? null,
      body: "",
    }));
    app.get("/loop", (ctx) => ctx.redirect("/loop"));
    return app;
  }

  test("not followed by default: the redirect itself is the response", async () => {
    const res = await new TestClient(redirectApp()).get("/old");
    assert.equal(res.status, 301);
    assert.equal(res.headers.get("location"), "/middle");
    assert.deepEqual(res.redirects, []);
    assert.equal(res.url, "/old");
  });

  test("followed per call or per client, with every hop recorded and cookies kept", async () => {
    const app = redirectApp();
    const res = await new TestClient(app).get("/old", { followRedirects: true });
    assert.equal(res.status, 200);
    assert.equal(res.url, "/new?x=1");
    assert.deepEqual(res.redirects, [
      { status: 301, location: "/middle" },
      { status: 302, location: "/new?x=1" },
    ]);
    assert.deepEqual(res.json(), { at: "new", x: "1", passed: "middle" });
    assert.equal(res.cookies.passed?.value, "middle", "cookies set on the way are reported");
    const always = new TestClient(app, { followRedirects: true });
    assert.equal((await always.get("/old")).status, 200);
    assert.equal((await always.get("/old", { followRedirects: false })).status, 301);
  });

  test("303 after a POST becomes a GET without the body", async () => {
    const res = await new TestClient(redirectApp()).post("/submit", {
      json: { a: 1 },
      followRedirects: true,
    });
    assert.deepEqual(res.json(), { method: "GET", type: null, body: "" });
    assert.deepEqual(res.redirects, [{ status: 303, location: "/done" }]);
  });

  test("307 keeps the method and the body", async () => {
    const res = await new TestClient(redirectApp()).post("/keep", {
      json: { a: 1 },
      followRedirects: true,
    });
    assert.deepEqual(res.json(), { method: "POST", type: "application/json", body: '{"a":1}' });
  });

  test("a redirect loop stops after 10 hops with FLG_ERR_TOO_MANY_REDIRECTS", async () => {
    const client = new TestClient(redirectApp());
    await assert.rejects(
      client.get("/loop", { followRedirects: true }),
      (err: Error & { code?: string }) => {
        assert.equal(err.code, "FLG_ERR_TOO_MANY_REDIRECTS");
        assert.match(err.message, /more than 10 times/);
        assert.equal(err.message.match(/302 \/loop/g)?.length, 11);
        return true;
      },
    );
    assert.equal(
      (await client.get("/loop")).status,
      302,
      "without following, the loop is just a 302",
    );
  });

  test("a redirect to another site is not followed silently", async () => {
    const app = quietApp();
    // ctx.redirect refuses foreign hosts, so the handler sets the header itself.
    app.get("/go", (ctx) => {
      const res = ctx.redirect("/");
      res.headers.set("location", "https://example.com/x");
      return res;
    });
    const client = new TestClient(app);
    await assert.rejects(client.get("/go", { followRedirects: true }), {
      code: "FLG_ERR_EXTERNAL_REDIRECT",
    });
    assert.equal((await client.get("/go")).headers.get("location"), "https://example.com/x");
  });
});
