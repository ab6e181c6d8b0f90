import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Session } from "./session.ts";
import { signedCookieStore } from "./signed-cookie-store.ts";
import type { LoadedSession } from "./store.ts";

const KEY = "k3Jd9sQ2mX7vB1nL5pR8tY4wZ6cF0hGa";
const OLD = "Zq81LmN0pW7rT3yU5iO9aS2dF4gH6jKx";
const DAY = 24 * 60 * 60;
const MAX_AGE = 14 * DAY;
const T0 = Date.UTC(2025, 0, 1);

function clock(start = T0) {
  const c = { ms: start, now: () => c.ms };
  return c;
}

function sessionWith(data: Record<string, unknown>, flashes: [string, string][] = []): Session {
  const s = new Session();
  for (const [k, v] of Object.entries(data)) s.set(k, v);
  for (const [category, message] of flashes) s.flash(message, category);
  return s;
}

function readSync(store: ReturnType<typeof signedCookieStore>, value: string, maxAge = MAX_AGE) {
  return store.read(value, maxAge) as LoadedSession | undefined;
}

describe("signedCookieStore", () => {
  it("round-trips id, data, flashes and the write time", () => {
    const c = clock();
    const store = signedCookieStore({ secretKey: KEY, now: c.now });
    const s = sessionWith({ user: 7, prefs: { theme: "dark" }, __proto__x: 1 }, [
      ["error", "oops"],
    ]);
    s.set("__proto__", "just a key");
    const cookie = store.write(s, MAX_AGE) as string;
    assert.match(cookie, /^[A-Za-z0-9_.-]+$/, "cookie-safe characters only");
    const back = readSync(store, cookie)!;
    assert.equal(back.id, s.id);
    assert.equal(back.issuedAt, T0 / 1000);
    assert.equal(back.rotated, false);
    assert.deepEqual(
      [...back.data],
      [
        ["user", 7],
        ["prefs", { theme: "dark" }],
        ["__proto__x", 1],
        ["__proto__", "just a key"],
      ],
    );
    assert.deepEqual(back.flashes, [{ category: "error", message: "oops" }]);
    assert.equal(({} as Record<string, unknown>).user, undefined);
  });

  it("G1: every tampered form reads as no session, without throwing", () => {
    const store = signedCookieStore({ secretKey: KEY });
    const a = store.write(sessionWith({ user: "alice" }), MAX_AGE) as string;
    const b = store.write(sessionWith({ user: "bob", admin: true }), MAX_AGE) as string;
    assert.ok(readSync(store, a));
    const [payloadA] = a.split(".");
    const sigB = b.slice(b.lastIndexOf("."));
    const tsB = b.slice(b.indexOf("."), b.lastIndexOf("."));
    const forms = {
      upperCased: a.toUpperCase(),
      charAppended: `${a}x`,
      firstReplaced: (a[0] === "A" ? "B" : "A") + a.slice(1),
      separatorRemoved: a.replace(".", ""),
      lastSeparatorRemoved: a.slice(0, a.lastIndexOf(".")) + a.slice(a.lastIndexOf(".") + 1),
      payloadOfASignatureOfB: payloadA + tsB + sigB,
      empty: "",
      dots: "...",
      unsignedPayload: payloadA!,
      unicode: `${a.slice(0, -1)}é`,
      huge: "a".repeat(10_000),
    };
    for (const [name, value] of Object.entries(forms)) {
      assert.equal(readSync(store, value), undefined, name);
    }
  });

  it("refuses a cookie signed for another purpose (salt)", () => {
    const other = signedCookieStore({ secretKey: KEY, salt: "flagon.other" });
    const cookie = other.write(sessionWith({ user: 1 }), MAX_AGE) as string;
    assert.equal(readSync(signedCookieStore({ secretKey: KEY }), cookie), undefined);
  });

  it("G2: a fallback key is accepted and flagged for re-signing; once removed, refused", () => {
    const old = signedCookieStore({ secretKey: OLD });
    const cookie = old.write(sessionWith({ user: 1 }), MAX_AGE) as string;
    const rotating = signedCookieStore({ secretKey: [KEY, OLD] });
    const back = readSync(rotating, cookie)!;
    assert.equal(back.rotated, true);
    assert.equal(back.data.get("user"), 1);
    // Written again, it carries the current key and no longer needs the fallback.
    const resigned = rotating.write(new Session(back), MAX_AGE) as string;
    assert.equal(readSync(signedCookieStore({ secretKey: KEY }), resigned)?.rotated, false);
    assert.equal(readSync(signedCookieStore({ secretKey: KEY }), cookie), undefined);
  });

  it("G3: expired and future timestamps read as no session", () => {
    const c = clock();
    const store = signedCookieStore({ secretKey: KEY, now: c.now });
    const cookie = store.write(sessionWith({ user: 1 }), MAX_AGE) as string;
    c.ms = T0 + MAX_AGE * 1000;
    assert.ok(readSync(store, cookie), "still valid at exactly maxAge");
    c.ms = T0 + (MAX_AGE + 1) * 1000;
    assert.equal(readSync(store, cookie), undefined, "expired");
    // Written "in the future" relative to the reader's clock: forged or a broken clock.
    c.ms = T0 - 60 * 60 * 1000;
    assert.equal(readSync(store, cookie), undefined, "future");
  });

  it("refuses at write time a value that could not be read back", () => {
    const store = signedCookieStore({ secretKey: KEY });
    const s = new Session();
    s.set("bad", JSON.parse('{"a":{"__proto__":{"x":1}}}'));
    assert.throws(() => store.write(s, MAX_AGE), { code: "FLG_ERR_SESSION_VALUE" });
    s.delete("bad");
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    s.set("deep", deep);
    assert.throws(() => store.write(s, MAX_AGE), {
      code: "FLG_ERR_SESSION_VALUE",
      message: /"deep"/,
    });
    s.delete("deep");
    s.set("big", 1n);
    assert.throws(() => store.write(s, MAX_AGE), { code: "FLG_ERR_SIGN_VALUE" });
  });
});
