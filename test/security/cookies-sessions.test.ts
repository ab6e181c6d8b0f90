/**
 * security.md 3.G — cookies and signed-cookie sessions (G1-G5, G8). G6 (fixation across login),
 * G7 (revocation after logout) and the CSRF half of G8 need the auth and CSRF batteries: they
 * belong to those issues.
 *
 * The sentinel runs `sessions()` with `https: true` (production: `__Host-` cookie, Secure);
 * `POST /login?user=` regenerates and stores a user, `GET /whoami` reads it, `POST /touch`
 * writes to whatever session the request carried.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { http, raw } from "./raw.ts";
import { type Sentinel, startSentinel, strongKey } from "./sentinel.ts";

const NAME = "__Host-session";
let s: Sentinel;

before(async () => {
  s = await startSentinel({ app: { https: true }, sessions: true });
});
after(() => s.close());
beforeEach(() => {
  s.reset();
  s.clock.offset = 0;
});

/** The value of cookie `name` in a list of Set-Cookie lines. */
function cookieFrom(lines: string[], name = NAME): string | undefined {
  for (const line of lines) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    if (pair!.slice(0, eq).trim() === name) return pair!.slice(eq + 1);
  }
  return undefined;
}

async function login(sentinel: Sentinel, user: string, name = NAME): Promise<string> {
  const r = await http(sentinel.port, { method: "POST", path: `/login?user=${user}`, body: "" });
  assert.equal(r.status, 200);
  const value = cookieFrom(r.cookies, name);
  assert.ok(
    value !== undefined && value !== "",
    `no ${name} cookie in ${JSON.stringify(r.cookies)}`,
  );
  return value;
}

async function whoami(sentinel: Sentinel, cookieHeader: string | undefined) {
  const r = await http(sentinel.port, {
    path: "/whoami",
    headers: cookieHeader === undefined ? {} : { cookie: cookieHeader },
  });
  assert.equal(r.status, 200, `whoami with ${cookieHeader?.slice(0, 60)} -> ${r.status}`);
  return { ...r, who: r.json() as { user: string | null; isNew: boolean; id: string } };
}

test("control: a fresh login cookie is recognised", async () => {
  const a = await login(s, "alice");
  const r = await whoami(s, `${NAME}=${a}`);
  assert.equal(r.who.user, "alice");
  assert.equal(r.who.isNew, false);
  await s.check([r]);
});

describe("G1 a mutated signed cookie is anonymous (no 500), and a write gets a new session", () => {
  let a = "";
  let b = "";
  let aliceId = "";
  before(async () => {
    a = await login(s, "alice");
    b = await login(s, "bob");
    aliceId = (await whoami(s, `${NAME}=${a}`)).who.id;
  });

  const mutations: Array<[string, () => string]> = [
    ["upper-cased", () => a.toUpperCase()],
    ["one char appended", () => `${a}x`],
    ["first char replaced", () => (a[0] === "e" ? "f" : "e") + a.slice(1)],
    ["last separator removed", () => a.replace(/\.(?=[^.]*$)/, "")],
    ["every separator removed", () => a.replaceAll(".", "")],
    [
      "payload of alice with the timestamp and signature of bob",
      () => `${a.split(".")[0]}.${b.split(".").slice(1).join(".")}`,
    ],
    ["payload only", () => a.split(".")[0]!],
    ["empty", () => ""],
    ["4000 dots", () => ".".repeat(4000)],
  ];
  for (const [name, mutate] of mutations) {
    test(name, async () => {
      const forged = mutate();
      const r = await whoami(s, `${NAME}=${forged}`);
      assert.equal(r.who.user, null);
      assert.equal(r.who.isNew, true);
      assert.notEqual(r.who.id, aliceId);
      const touch = await http(s.port, {
        method: "POST",
        path: "/touch",
        headers: { cookie: `${NAME}=${forged}` },
        body: "",
      });
      assert.equal(touch.status, 200);
      assert.equal(touch.json().user, null);
      assert.notEqual(touch.json().id, aliceId, "the new session must not reuse the forged id");
      const fresh = cookieFrom(touch.cookies);
      assert.ok(fresh !== undefined && fresh !== forged, "a new session cookie is issued");
      await s.check([r, touch]);
    });
  }
});

test("requests Flagon rejects (400, 404, 405, 413, 415) set no cookie, with or without a session", async () => {
  const a = await login(s, "alice");
  for (const cookie of [undefined, `${NAME}=${a}`, `${NAME}=forged.x.y`]) {
    const headers: Record<string, string> = cookie === undefined ? {} : { cookie };
    const responses = [
      await http(s.port, {
        method: "POST",
        path: "/json",
        headers: { ...headers, "content-type": "application/json" },
        body: "{bad",
      }),
      await http(s.port, { path: "/nope", headers }),
      await http(s.port, { method: "DELETE", path: "/whoami", headers }),
      await http(s.port, {
        method: "POST",
        path: "/json",
        headers: { ...headers, "content-type": "application/json" },
        body: "x".repeat(1024 * 1024 + 1),
      }),
      await http(s.port, {
        method: "POST",
        path: "/json",
        headers: { ...headers, "content-type": "text/plain" },
        body: "{}",
      }),
    ];
    assert.deepEqual(
      responses.map((r) => r.status),
      [400, 404, 405, 413, 415],
    );
    for (const r of responses)
      assert.deepEqual(r.cookies, [], `${r.status} with ${cookie} set a cookie`);
    await s.check(responses);
  }
});

describe("G2 key rotation through secretKey fallbacks", () => {
  test("old key still in the fallbacks: accepted and re-signed with the current key; removed: anonymous", async () => {
    const oldKey = strongKey();
    const newKey = strongKey();
    const before_ = await startSentinel({
      app: { https: true, secretKey: oldKey },
      sessions: true,
    });
    const rotating = await startSentinel({
      app: { https: true, secretKey: [newKey, oldKey] },
      sessions: true,
    });
    const after_ = await startSentinel({ app: { https: true, secretKey: newKey }, sessions: true });
    try {
      const old = await login(before_, "alice");
      const r = await whoami(rotating, `${NAME}=${old}`);
      assert.equal(r.who.user, "alice", "a cookie signed with a fallback key is accepted");
      const resigned = cookieFrom(r.cookies);
      assert.ok(resigned !== undefined && resigned !== old, "and re-signed with the current key");
      assert.equal(
        (await whoami(after_, `${NAME}=${resigned}`)).who.user,
        "alice",
        "the re-signed cookie verifies with the new key alone",
      );
      assert.equal(
        (await whoami(after_, `${NAME}=${old}`)).who.user,
        null,
        "once the old key is dropped, its cookies are anonymous",
      );
      for (const x of [before_, rotating, after_]) await x.check([r]);
    } finally {
      await Promise.all([before_.close(), rotating.close(), after_.close()]);
    }
  });
});

describe("G3 timestamps", () => {
  test("expired (older than maxAge, 14 days) -> anonymous", async () => {
    const a = await login(s, "alice");
    s.clock.offset = 14 * 24 * 3600 + 1;
    assert.equal((await whoami(s, `${NAME}=${a}`)).who.user, null);
    s.clock.offset = 14 * 24 * 3600 - 60;
    assert.equal(
      (await whoami(s, `${NAME}=${a}`)).who.user,
      "alice",
      "just inside maxAge still works",
    );
    await s.check();
  });

  test("issued in the future (beyond the 60 s clock-skew allowance) -> anonymous", async () => {
    s.clock.offset = 3600;
    const future = await login(s, "alice");
    s.clock.offset = 0;
    assert.equal((await whoami(s, `${NAME}=${future}`)).who.user, null);
    s.clock.offset = 30;
    const skewed = await login(s, "alice");
    s.clock.offset = 0;
    assert.equal(
      (await whoami(s, `${NAME}=${skewed}`)).who.user,
      "alice",
      "30 s of skew is tolerated",
    );
    await s.check();
  });
});

describe("G4 cookie header ambiguity", () => {
  let a = "";
  let b = "";
  before(async () => {
    a = await login(s, "alice");
    b = await login(s, "bob");
  });

  test("`=__Host-session=evil; __Host-session=good`: the nameless pair is ignored", async () => {
    const r = await whoami(s, `=${NAME}=${b}; ${NAME}=${a}`);
    assert.equal(r.who.user, "alice");
    await s.check([r]);
  });

  test("`sid=a; sid=b`: first wins (documented), in both orders", async () => {
    assert.equal((await whoami(s, `${NAME}=${a}; ${NAME}=${b}`)).who.user, "alice");
    assert.equal((await whoami(s, `${NAME}=${b}; ${NAME}=${a}`)).who.user, "bob");
    await s.check();
  });

  test("a look-alike name without the prefix is a different cookie", async () => {
    assert.equal((await whoami(s, `session=${a}`)).who.user, null);
    assert.equal((await whoami(s, `__host-session=${a}`)).who.user, null);
    await s.check();
  });
});

describe("G5 cookie sizes and characters", () => {
  test("an 8 KB Cookie header -> 431 or ignored, never 5xx", async () => {
    const r = await raw(
      s.port,
      `GET /whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: junk=${"a".repeat(8 * 1024)}\r\n\r\n`,
      { expect: 1 },
    );
    assert.ok(r.status === 200 || r.status === 431, String(r.status));
    await s.check(r.responses);
  });

  test("raw ; and control characters in a cookie value -> ignored or 400, never 5xx", async () => {
    for (const value of ["a;b", "a\x01b", "a\x7fb"]) {
      const r = await raw(
        s.port,
        `GET /whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${NAME}=${value}\r\n\r\n`,
        { expect: 1, timeout: 2000 },
      );
      assert.ok(r.status === 200 || r.status === 400, `${JSON.stringify(value)}: ${r.status}`);
      if (r.status === 200) assert.equal(JSON.parse(r.responses[0]!.body.toString()).user, null);
      await s.check(r.responses);
    }
  });

  test("an app-set cookie value carrying CRLF or ; cannot split the header or add attributes", async () => {
    for (const v of ["a\r\nSet-Cookie: pwn=1", "a; Domain=evil.com", "a\nb"]) {
      const r = await http(s.port, { path: `/set-cookie?v=${encodeURIComponent(v)}` });
      // Either the serializer refuses (generic 500) or it encodes the value: both are safe.
      assert.ok(r.status === 200 || r.status === 500, String(r.status));
      assert.ok(!r.cookies.some((c) => c.startsWith("pwn=")), "injected cookie");
      for (const line of r.cookies) {
        assert.doesNotMatch(line, /[\r\n]/);
        assert.doesNotMatch(line, /Domain=evil/i);
      }
      await s.check([r], { allow5xx: true });
    }
  });
});

describe("G8 session Set-Cookie attributes", () => {
  function attributes(line: string): Map<string, string> {
    const parts = line.split(";").map((p) => p.trim());
    const m = new Map<string, string>();
    for (const p of parts.slice(1)) {
      const eq = p.indexOf("=");
      m.set((eq === -1 ? p : p.slice(0, eq)).toLowerCase(), eq === -1 ? "" : p.slice(eq + 1));
    }
    return m;
  }

  test("production (https: true): __Host- prefix, Path=/, HttpOnly, SameSite=Lax, Secure, no Domain", async () => {
    const r = await http(s.port, { method: "POST", path: "/login?user=alice", body: "" });
    const line = r.cookies.find((c) => c.startsWith(`${NAME}=`));
    assert.ok(line !== undefined, JSON.stringify(r.cookies));
    const attrs = attributes(line);
    assert.equal(attrs.get("path"), "/");
    assert.ok(attrs.has("httponly"));
    assert.equal(attrs.get("samesite")?.toLowerCase(), "lax");
    assert.ok(attrs.has("secure"));
    assert.ok(!attrs.has("domain"));
    assert.equal(attrs.get("max-age"), String(14 * 24 * 3600));
    await s.check([r]);
  });

  test("plain-http development app: HttpOnly, SameSite=Lax, Path=/ (no Secure, so no __Host- prefix)", async () => {
    const dev = await startSentinel({ sessions: true });
    try {
      const r = await http(dev.port, { method: "POST", path: "/login?user=alice", body: "" });
      const line = r.cookies.find((c) => c.startsWith("session="));
      assert.ok(line !== undefined, JSON.stringify(r.cookies));
      const attrs = attributes(line);
      assert.equal(attrs.get("path"), "/");
      assert.ok(attrs.has("httponly"));
      assert.equal(attrs.get("samesite")?.toLowerCase(), "lax");
      await dev.check([r]);
    } finally {
      await dev.close();
    }
  });

  test("a response that did not touch the session sets no cookie", async () => {
    const r = await http(s.port, { path: "/health" });
    assert.deepEqual(r.cookies, []);
    await s.check([r]);
  });
});
