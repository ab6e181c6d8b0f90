import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fetchHandler } from "../adapters/index.ts";
import { App, type AppOptionsInput, createLogger, silentLogger } from "../core/index.ts";
import { checkSessionSettings, getSession, sessions } from "./middleware.ts";
import type { SessionOptions } from "./session-config.ts";

const KEY = "k3Jd9sQ2mX7vB1nL5pR8tY4wZ6cF0hGa";

function makeApp(options: AppOptionsInput = {}, sessionOptions: SessionOptions = {}): App {
  const app = new App({ logger: silentLogger, accessLog: false, secretKey: KEY, ...options });
  app.use(sessions(sessionOptions));
  app.get("/peek", (ctx) => ({ keys: getSession(ctx).keys(), isNew: getSession(ctx).isNew }));
  app.get("/untouched", () => "no session here");
  app.post("/set/:key/:value", (ctx) => {
    ctx.vars.session.set(String(ctx.params.key), ctx.params.value);
    return "ok";
  });
  app.post("/clear", (ctx) => {
    ctx.vars.session.clear();
    return "cleared";
  });
  return app;
}

function client(app: App, https = false) {
  const handle = fetchHandler(app);
  return (
    path: string,
    cookie?: string,
    method = path.startsWith("/peek") || path.startsWith("/untouched") ? "GET" : "POST",
  ) => {
    const headers = new Headers({ host: "localhost" });
    if (cookie !== undefined) headers.set("cookie", cookie);
    return handle(
      new Request(`${https ? "https" : "http"}://localhost${path}`, { method, headers }),
    );
  };
}

/** The value of `name` in the response's Set-Cookie headers. */
function cookieOf(res: Response, name = "session"): { value: string; attrs: string } | undefined {
  for (const line of res.headers.getSetCookie()) {
    const eq = line.indexOf("=");
    if (line.slice(0, eq) !== name) continue;
    const semi = line.indexOf(";");
    return { value: line.slice(eq + 1, semi === -1 ? undefined : semi), attrs: line.slice(semi) };
  }
  return undefined;
}

describe("sessions() middleware", () => {
  it("sets no cookie and no Vary when the session is not used", async () => {
    const res = await client(makeApp())("/untouched");
    assert.equal(res.status, 200);
    assert.deepEqual(res.headers.getSetCookie(), []);
    assert.equal(res.headers.get("vary"), null);
  });

  it("an empty session that is only read sets no cookie but varies by Cookie", async () => {
    const res = await client(makeApp())("/peek");
    assert.deepEqual(await res.json(), { keys: [], isNew: true });
    assert.deepEqual(res.headers.getSetCookie(), []);
    assert.equal(res.headers.get("vary"), "Cookie");
  });

  it("G8 over http: session, HttpOnly, SameSite=Lax, Path=/, Max-Age 14 days, no Secure", async () => {
    const res = await client(makeApp())("/set/user/alice");
    const c = cookieOf(res)!;
    assert.ok(c, "cookie set");
    assert.match(c.attrs, /; Max-Age=1209600/);
    assert.match(c.attrs, /; Path=\//);
    assert.match(c.attrs, /; HttpOnly/);
    assert.match(c.attrs, /; SameSite=Lax/);
    assert.doesNotMatch(c.attrs, /Secure|Domain/);
  });

  it("G8 over https: __Host-session with Secure", async () => {
    const app = makeApp({ https: true });
    const res = await client(app, true)("/set/user/alice");
    const c = cookieOf(res, "__Host-session")!;
    assert.ok(c);
    assert.match(c.attrs, /; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const back = await client(app, true)("/peek", `__Host-session=${c.value}`);
    assert.deepEqual(await back.json(), { keys: ["user"], isNew: false });
  });

  it("carries data to the next request and does not re-send an unchanged session", async () => {
    const get = client(makeApp());
    const c = cookieOf(await get("/set/user/alice"))!;
    const res = await get("/peek", `session=${c.value}`);
    assert.deepEqual(await res.json(), { keys: ["user"], isNew: false });
    assert.deepEqual(res.headers.getSetCookie(), []);
  });

  it("a cleared session deletes the cookie", async () => {
    const get = client(makeApp());
    const c = cookieOf(await get("/set/user/alice"))!;
    const res = await get("/clear", `session=${c.value}`);
    const deleted = cookieOf(res)!;
    assert.equal(deleted.value, "");
    assert.match(deleted.attrs, /Max-Age=0/);
    assert.match(deleted.attrs, /Expires=Thu, 01 Jan 1970/);
  });

  it("saves nothing when the response is a 5xx", async () => {
    const app = new App({ logger: silentLogger, accessLog: false, secretKey: KEY });
    app.use(sessions());
    app.post("/fail", (ctx) => {
      getSession(ctx).set("half", "done");
      throw new Error("boom");
    });
    app.post("/teapot", (ctx) => {
      getSession(ctx).set("fine", true);
      return ctx.text("4xx still saves", 418);
    });
    const res = await client(app)("/fail");
    assert.equal(res.status, 500);
    assert.deepEqual(res.headers.getSetCookie(), []);
    assert.equal(res.headers.get("vary"), "Cookie");
    assert.ok(cookieOf(await client(app)("/teapot")));
  });

  it("merges Vary with what the handler set", async () => {
    const app = new App({ logger: silentLogger, accessLog: false, secretKey: KEY });
    app.use(sessions());
    app.get("/", (ctx) => {
      getSession(ctx).get("x");
      return ctx.text("hi", { headers: { vary: "Accept-Encoding" } });
    });
    const res = await client(app)("/", undefined, "GET");
    assert.equal(res.headers.get("vary"), "Accept-Encoding, Cookie");
  });
});

describe("flash messages across requests", () => {
  it("flash, redirect, show once, then gone", async () => {
    const app = new App({ logger: silentLogger, accessLog: false, secretKey: KEY });
    app.use(sessions());
    app.post("/save", (ctx) => {
      getSession(ctx).flash("Saved.");
      getSession(ctx).flash("Check the date.", "warning");
      return ctx.redirect("/list", 303);
    });
    app.get("/list", (ctx) => getSession(ctx).consumeFlashes());
    const go = client(app);
    const first = await go("/save");
    assert.equal(first.status, 303);
    const c = cookieOf(first)!;
    const shown = await go("/list", `session=${c.value}`, "GET");
    assert.deepEqual(await shown.json(), [
      { category: "message", message: "Saved." },
      { category: "warning", message: "Check the date." },
    ]);
    // The session is empty again, so its cookie is deleted and the next page shows nothing.
    assert.equal(cookieOf(shown)?.value, "");
    const later = await go("/list", undefined, "GET");
    assert.deepEqual(await later.json(), []);
  });
});

describe("configuration", () => {
  it("FLG_ERR_SESSION_NO_SECRET: at startup through checkSessionSettings, and as a 500 otherwise", async () => {
    const lines: string[] = [];
    const app = new App({
      logger: createLogger({ write: (l) => lines.push(l) }),
      accessLog: false,
    });
    app.use(sessions());
    app.get("/", (ctx) => getSession(ctx).get("x") ?? "none");
    assert.throws(() => checkSessionSettings(app), {
      code: "FLG_ERR_SESSION_NO_SECRET",
      message: /secretKey/,
    });
    app.onStartup(() => checkSessionSettings(app));
    await assert.rejects(app.startup(), { code: "FLG_ERR_SESSION_NO_SECRET" });
    const res = await client(app)("/", undefined, "GET");
    assert.equal(res.status, 500);
    assert.doesNotMatch(await res.text(), /secretKey/);
    assert.match(lines.join(""), /FLG_ERR_SESSION_NO_SECRET/);
  });

  it("a secret given only to sessions() is checked for strength outside debug", () => {
    const app = new App({ logger: silentLogger });
    assert.throws(() => checkSessionSettings(app, { secretKey: "short" }), {
      code: "FLG_ERR_SECRET_KEY_WEAK",
    });
    const debugApp = new App({ logger: silentLogger, debug: true });
    assert.doesNotThrow(() => checkSessionSettings(debugApp, { secretKey: "short" }));
  });

  it("a __Host- name on an http app, or a domain with it, is FLG_ERR_SESSION_CONFIG", () => {
    const app = new App({ logger: silentLogger, secretKey: KEY });
    assert.throws(() => checkSessionSettings(app, { cookieName: "__Host-sid" }), {
      code: "FLG_ERR_SESSION_CONFIG",
      message: /https: true/,
    });
    const https = new App({ logger: silentLogger, secretKey: KEY, https: true });
    assert.throws(() => checkSessionSettings(https, { domain: "example.org" }), {
      code: "FLG_ERR_SESSION_CONFIG",
    });
    assert.doesNotThrow(() =>
      checkSessionSettings(https, { cookieName: "sid", domain: "example.org" }),
    );
    assert.throws(() => checkSessionSettings(app, { maxAge: 0 }), {
      code: "FLG_ERR_SESSION_CONFIG",
    });
    const config = { code: "FLG_ERR_SESSION_CONFIG" };
    assert.throws(() => checkSessionSettings(app, { refreshAfter: 1.5 }), config);
    assert.throws(() => checkSessionSettings(app, { sameSite: "None" }), config);
    assert.doesNotThrow(() => checkSessionSettings(https, { sameSite: "None" }));
  });

  it("getSession without the middleware is FLG_ERR_SESSION_MISSING", async () => {
    const lines: string[] = [];
    const app = new App({
      logger: createLogger({ write: (l) => lines.push(l) }),
      accessLog: false,
      secretKey: KEY,
    });
    app.get("/", (ctx) => getSession(ctx).get("x") ?? "none");
    const res = await client(app)("/", undefined, "GET");
    assert.equal(res.status, 500);
    assert.match(lines.join(""), /FLG_ERR_SESSION_MISSING/);
  });
});
