/**
 * security.md 3.G against a real app: tampering (G1), key rotation (G2), expiry (G3), duplicate
 * and nameless cookies (G4), fixation (G6), plus refresh, size limit and prototype safety.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fetchHandler } from "../adapters/index.ts";
import { App, type AppOptionsInput, createLogger, silentLogger } from "../core/index.ts";
import { getSession, sessions } from "./middleware.ts";
import type { Session } from "./session.ts";
import type { SessionOptions } from "./session-config.ts";
import type { LoadedSession, SessionStore } from "./store.ts";

const KEY = "k3Jd9sQ2mX7vB1nL5pR8tY4wZ6cF0hGa";
const OLD = "Zq81LmN0pW7rT3yU5iO9aS2dF4gH6jKx";
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);

function makeApp(appOptions: AppOptionsInput = {}, options: SessionOptions = {}): App {
  const app = new App({ logger: silentLogger, accessLog: false, secretKey: KEY, ...appOptions });
  app.use(sessions(options));
  app.get("/whoami", (ctx) => ({
    user: getSession(ctx).get("user") ?? null,
    id: getSession(ctx).id,
  }));
  app.post("/login/:name", (ctx) => {
    const s = getSession(ctx);
    s.regenerate();
    s.set("user", ctx.params.name);
    return "in";
  });
  app.post("/note/:text", (ctx) => {
    getSession(ctx).set("note", ctx.params.text);
    return "ok";
  });
  app.post("/big/:n<int>", (ctx) => {
    getSession(ctx).set("blob", "x".repeat(ctx.params.n as number));
    return "stored?";
  });
  return app;
}

function send(app: App, method: string, path: string, cookie?: string): Promise<Response> {
  const headers = new Headers({ host: "localhost" });
  if (cookie !== undefined) headers.set("cookie", cookie);
  return fetchHandler(app)(new Request(`http://localhost${path}`, { method, headers }));
}

function sessionCookie(res: Response): string | undefined {
  const line = res.headers.getSetCookie().find((l) => l.startsWith("session="));
  return line?.slice("session=".length, line.indexOf(";"));
}

async function login(app: App, name: string, cookie?: string): Promise<string> {
  const res = await send(
    app,
    "POST",
    `/login/${name}`,
    cookie === undefined ? undefined : `session=${cookie}`,
  );
  return sessionCookie(res)!;
}

async function whoami(
  app: App,
  cookie: string,
): Promise<{ status: number; user: unknown; setCookie: string[] }> {
  const res = await send(app, "GET", "/whoami", cookie);
  const body = (await res.json()) as { user: unknown };
  return { status: res.status, user: body.user, setCookie: res.headers.getSetCookie() };
}

describe("G1 tampered cookies", () => {
  it("every mutation is anonymous with a 200, never a 500", async () => {
    const app = makeApp();
    const alice = await login(app, "alice");
    const bob = await login(app, "bob");
    assert.equal((await whoami(app, `session=${alice}`)).user, "alice");
    const sig = (v: string) => v.slice(v.lastIndexOf("."));
    const head = (v: string) => v.slice(0, v.lastIndexOf("."));
    const forms = [
      alice.toUpperCase(),
      `${alice}A`,
      (alice[0] === "e" ? "f" : "e") + alice.slice(1),
      alice.replace(".", ""),
      head(alice) + sig(bob),
      head(bob) + sig(alice),
      "%zz",
      "\u00e9\u00e9",
      "a".repeat(3000),
    ];
    for (const form of forms) {
      const r = await whoami(app, `session=${encodeURIComponent(form)}`);
      assert.equal(r.status, 200, form.slice(0, 40));
      assert.equal(r.user, null, form.slice(0, 40));
      assert.deepEqual(r.setCookie, [], "an untouched anonymous session sets nothing");
    }
  });
});

describe("G2 key rotation", () => {
  it("an old-key cookie is accepted and re-signed; after the key is dropped it is anonymous", async () => {
    const before = makeApp({ secretKey: OLD });
    const oldCookie = await login(before, "alice");
    const rotating = makeApp({ secretKey: [KEY, OLD] });
    const r = await whoami(rotating, `session=${oldCookie}`);
    assert.equal(r.user, "alice");
    const resigned = sessionCookie(
      new Response(null, { headers: r.setCookie.map((c) => ["set-cookie", c]) }),
    );
    assert.ok(resigned, "re-signed cookie sent although nothing changed");
    assert.notEqual(resigned, oldCookie);
    const after = makeApp({ secretKey: KEY });
    assert.equal((await whoami(after, `session=${resigned}`)).user, "alice");
    assert.equal((await whoami(after, `session=${oldCookie}`)).user, null);
  });
});

describe("G3 expiry and refresh", () => {
  it("expired and future cookies are anonymous", async () => {
    const clock = { ms: T0 };
    const app = makeApp({}, { now: () => clock.ms, refreshAfter: false });
    const c = await login(app, "alice");
    clock.ms = T0 + 13 * DAY;
    assert.equal((await whoami(app, `session=${c}`)).user, "alice");
    clock.ms = T0 + 14 * DAY + 1000;
    assert.equal((await whoami(app, `session=${c}`)).user, null);
    clock.ms = T0 - DAY;
    assert.equal((await whoami(app, `session=${c}`)).user, null);
  });

  it("an unchanged session is re-sent once older than refreshAfter, extending its life", async () => {
    const clock = { ms: T0 };
    const app = makeApp({}, { now: () => clock.ms });
    const c = await login(app, "alice");
    clock.ms = T0 + DAY / 2;
    assert.deepEqual((await whoami(app, `session=${c}`)).setCookie, [], "young: not re-sent");
    clock.ms = T0 + 10 * DAY;
    const r = await whoami(app, `session=${c}`);
    const fresh = r.setCookie[0]!.slice("session=".length, r.setCookie[0]!.indexOf(";"));
    clock.ms = T0 + 20 * DAY;
    assert.equal(
      (await whoami(app, `session=${fresh}`)).user,
      "alice",
      "refreshed cookie still valid",
    );
    assert.equal((await whoami(app, `session=${c}`)).user, null, "the original expired");
  });
});

describe("G4 duplicate and nameless cookies", () => {
  it("a nameless pair is ignored and the first of two same-named cookies wins", async () => {
    const app = makeApp();
    const alice = await login(app, "alice");
    const bob = await login(app, "bob");
    assert.equal((await whoami(app, `=session=${bob}; session=${alice}`)).user, "alice");
    assert.equal((await whoami(app, `session=${alice}; session=${bob}`)).user, "alice");
    assert.equal((await whoami(app, `session=${bob}; session=${alice}`)).user, "bob");
  });
});

/** A server-side store, as a DB or Redis store would be, to check the interface and G6. */
function memoryStore(): SessionStore & { rows: Map<string, LoadedSession> } {
  const rows = new Map<string, LoadedSession>();
  return {
    rows,
    read: (id) => rows.get(id),
    write(session: Session) {
      const snap = session.snapshot();
      rows.set(snap.id, {
        id: snap.id,
        data: new Map(Object.entries(snap.data)),
        flashes: [...snap.flashes],
        issuedAt: Math.floor(Date.now() / 1000),
      });
      return snap.id;
    },
    destroy: (id) => void rows.delete(id),
  };
}

describe("G6 session fixation", () => {
  it("signed cookie: login issues a different id and cookie, keeping the data", async () => {
    const app = makeApp();
    const pre = sessionCookie(await send(app, "POST", "/note/hello"))!;
    const preId = (
      (await (await send(app, "GET", "/whoami", `session=${pre}`)).json()) as { id: string }
    ).id;
    const post = await login(app, "alice", pre);
    assert.notEqual(post, pre);
    const after = (await (await send(app, "GET", "/whoami", `session=${post}`)).json()) as {
      id: string;
      user: string;
    };
    assert.notEqual(after.id, preId);
    assert.equal(after.user, "alice");
  });

  it("server-side store: the pre-login id is destroyed, so replaying it is anonymous", async () => {
    const store = memoryStore();
    const app = makeApp({}, { store });
    const planted = sessionCookie(await send(app, "POST", "/note/hello"))!;
    assert.ok(store.rows.has(planted));
    const post = await login(app, "alice", planted);
    assert.notEqual(post, planted);
    assert.equal(store.rows.has(planted), false);
    assert.equal((await whoami(app, `session=${planted}`)).user, null);
    assert.equal((await whoami(app, `session=${post}`)).user, "alice");
  });
});

describe("cookie size limit", () => {
  it("over 4093 bytes: the request is answered, no cookie is set, the error is logged", async () => {
    const lines: string[] = [];
    const app = makeApp({ logger: createLogger({ write: (l) => lines.push(l) }) });
    const small = await send(app, "POST", "/big/100");
    assert.ok(sessionCookie(small));
    const res = await send(app, "POST", "/big/4000");
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "stored?");
    assert.equal(sessionCookie(res), undefined);
    assert.match(lines.join(""), /FLG_ERR_SESSION_TOO_LARGE/);
  });

  it("in debug mode it is an error page instead", async () => {
    const app = makeApp({ debug: true });
    const res = await send(app, "POST", "/big/4000");
    assert.equal(res.status, 500);
    assert.equal(sessionCookie(res), undefined);
  });
});

describe("prototype safety", () => {
  it("session keys and cookie names like __proto__ never reach Object.prototype", async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).join();
    const app = new App({ logger: silentLogger, accessLog: false, secretKey: KEY });
    app.use(sessions());
    app.post("/", (ctx) => {
      const s = getSession(ctx);
      s.set("__proto__", { isAdmin: true });
      s.set("constructor", { prototype: 1 });
      return "ok";
    });
    app.get("/", (ctx) => ({ proto: getSession(ctx).get("__proto__") ?? null }));
    const c = sessionCookie(await send(app, "POST", "/"))!;
    const back = await send(app, "GET", "/", `__proto__=x; constructor=y; session=${c}`);
    assert.deepEqual(await back.json(), { proto: { isAdmin: true } });
    assert.equal(({} as { isAdmin?: unknown }).isAdmin, undefined);
    assert.equal(Object.getOwnPropertyNames(Object.prototype).join(), before);
  });
});
