import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { App, type AppOptionsInput, silentLogger } from "../core/index.ts";
import { getSession, type LoadedSession, type SessionStore, sessions } from "../sessions/index.ts";
import { TestClient } from "./index.ts";

const SECRET = "test-secret-key-that-is-long-enough-0123456789";

function sessionApp(
  options: AppOptionsInput = {},
  sessionOptions: Parameters<typeof sessions>[0] = {},
): App {
  const app = new App({ logger: silentLogger, accessLog: false, secretKey: SECRET, ...options });
  app.use(sessions(sessionOptions));
  app.post("/login/:id<int>", (ctx) => {
    getSession(ctx).set("user", ctx.params.id);
    return "ok";
  });
  app.get("/whoami", (ctx) => ({
    user: getSession(ctx).get("user") ?? null,
    cart: getSession(ctx).get("cart") ?? null,
  }));
  app.post("/logout", (ctx) => {
    getSession(ctx).clear();
    return "bye";
  });
  return app;
}

describe("TestClient sessions", () => {
  test("session() reads what the app stored; {} before anything was", async () => {
    const client = new TestClient(sessionApp());
    assert.deepEqual({ ...(await client.session()) }, {});
    await client.post("/login/7");
    assert.deepEqual({ ...(await client.session()) }, { user: 7 });
  });

  test("withSession changes reach the app on the next request", async () => {
    const client = new TestClient(sessionApp());
    const returned = await client.withSession((s) => {
      s.set("user", 42);
      s.set("cart", [1, 2]);
      return "done";
    });
    assert.equal(returned, "done");
    assert.ok(client.cookies.get("session"), "the new session cookie is in the jar");
    assert.deepEqual((await client.get("/whoami")).json(), { user: 42, cart: [1, 2] });
    await client.withSession(async (s) => {
      assert.equal(s.get("user"), 42, "the callback sees the current session");
      s.delete("cart");
    });
    assert.deepEqual((await client.get("/whoami")).json(), { user: 42, cart: null });
  });

  test("a session emptied by the app or by withSession loses its cookie", async () => {
    const client = new TestClient(sessionApp());
    await client.post("/login/1");
    await client.post("/logout");
    assert.equal(client.cookies.get("session"), undefined);
    await client.withSession((s) => s.set("user", 2));
    await client.withSession((s) => s.clear());
    assert.equal(client.cookies.get("session"), undefined);
    assert.deepEqual({ ...(await client.session()) }, {});
  });

  test("a tampered cookie reads as an empty session", async () => {
    const client = new TestClient(sessionApp());
    await client.post("/login/1");
    client.cookies.set("session", `${client.cookies.get("session")}x`);
    assert.deepEqual({ ...(await client.session()) }, {});
  });

  test("an https app: the __Host- cookie works because the client follows the app's https", async () => {
    const app = sessionApp({ https: true });
    const client = new TestClient(app);
    assert.equal(client.baseUrl, "https://localhost");
    await client.withSession((s) => s.set("user", 5));
    assert.equal(client.cookies.getCookie("__Host-session")?.secure, true);
    assert.deepEqual((await client.get("/whoami")).json(), { user: 5, cart: null });
    const plain = new TestClient(app, { https: false });
    await plain.post("/login/5");
    assert.deepEqual(
      (await plain.get("/whoami")).json(),
      { user: null, cart: null },
      "a Secure cookie never comes back over http",
    );
  });

  test("non-default sessions() options are passed with the client's session option", async () => {
    const saved = new Map<string, LoadedSession>();
    const store: SessionStore = {
      read: (id) => saved.get(id),
      write: (session) => {
        const snap = session.snapshot();
        saved.set(snap.id, {
          id: snap.id,
          data: new Map(Object.entries(snap.data)),
          flashes: snap.flashes,
          issuedAt: Math.floor(Date.now() / 1000),
        });
        return snap.id;
      },
      destroy: (id) => {
        saved.delete(id);
      },
    };
    const options = { cookieName: "sid", store };
    const client = new TestClient(sessionApp({}, options), { session: options });
    await client.withSession((s) => s.set("user", 9));
    assert.equal(saved.size, 1, "the app's own store kept the state");
    assert.equal(client.cookies.get("sid"), [...saved.keys()][0]);
    assert.deepEqual((await client.get("/whoami")).json(), { user: 9, cart: null });
    assert.deepEqual({ ...(await client.session()) }, { user: 9 });
  });

  test("the session options come from the app's sessions() middleware when not given", async () => {
    const options = { cookieName: "my_sid", maxAge: 600 };
    const client = new TestClient(sessionApp({}, options));
    await client.withSession((s) => s.set("user", 5));
    assert.ok(client.cookies.get("my_sid"), "the app's cookie name was used");
    assert.equal(client.cookies.get("session"), undefined);
    assert.deepEqual((await client.get("/whoami")).json(), { user: 5, cart: null });
    assert.deepEqual({ ...(await client.session()) }, { user: 5 });
  });

  test("errors reach the test: from the callback, and a missing secret key", async () => {
    const client = new TestClient(sessionApp());
    await assert.rejects(
      client.withSession(() => {
        throw new Error("boom in the callback");
      }),
      /boom in the callback/,
    );
    const noSecret = new App({ logger: silentLogger, accessLog: false });
    await assert.rejects(new TestClient(noSecret).session(), { code: "FLG_ERR_SESSION_NO_SECRET" });
  });
});
