import assert from "node:assert/strict";
import { test } from "node:test";
import { FlagonError } from "./errors.ts";
import { createSigner, MAX_CLOCK_SKEW_SECONDS } from "./signing.ts";

const SECRET = "a-long-random-secret-for-tests-0123456789";
const OLD = "an-older-secret-still-in-fallbacks-987654";
const protoNames = Object.getOwnPropertyNames(Object.prototype);

function clock(startMs = 1_700_000_000_000) {
  let t = startMs;
  return {
    now: () => t,
    advance(seconds: number) {
      t += seconds * 1000;
    },
  };
}

function throwsCode(fn: () => unknown, code: string): void {
  assert.throws(
    fn,
    (err: unknown) => err instanceof FlagonError && err.code === code && err.status === 500,
  );
}

test("sign produces value.timestamp.signature in base64url", () => {
  const s = createSigner({ secret: SECRET, salt: "test" });
  const signed = s.sign("hello");
  const parts = signed.split(".");
  assert.equal(parts.length, 3);
  assert.equal(parts[0], "hello");
  assert.match(parts[1]!, /^[A-Za-z0-9_-]+$/);
  assert.match(parts[2]!, /^[A-Za-z0-9_-]{43}$/);
});

test("unsign returns the value; values may hold dots, be empty or be Unicode", () => {
  const s = createSigner({ secret: SECRET, salt: "test" });
  for (const v of ["hello", "", "a.b.c", "...", "caf\u00e9 \u{1f600}", "x".repeat(5000)]) {
    assert.deepEqual(s.unsign(s.sign(v)), { value: v, rotated: false });
  }
});

test("G1: every mutation of a valid signature is rejected without throwing", () => {
  const s = createSigner({ secret: SECRET, salt: "session" });
  const a = s.sign("user:alice");
  const b = s.sign("user:bob");
  const sigOf = (x: string) => x.slice(x.lastIndexOf(".") + 1);
  const bodyOf = (x: string) => x.slice(0, x.lastIndexOf("."));
  const mutations = [
    a.toUpperCase(),
    a.toLowerCase(),
    a + "x",
    a + "=",
    a + ".",
    "x" + a.slice(1),
    a.slice(0, -1),
    a.slice(1),
    a.replace(".", ""),
    a.replaceAll(".", ""),
    bodyOf(a) + sigOf(a),
    bodyOf(a) + "." + sigOf(b),
    "user:bob" + a.slice("user:alice".length),
    bodyOf(a) + "." + sigOf(a).slice(0, -1) + "\u0141",
    bodyOf(a) + "." + "A".repeat(43),
    bodyOf(a) + "." + sigOf(a) + sigOf(a),
    "",
    ".",
    "..",
    "a..",
    `user:alice..${sigOf(a)}`,
    `user:alice.!!!!.${sigOf(a)}`,
    `user:alice.${"A".repeat(20)}.${sigOf(a)}`,
  ];
  for (const m of mutations) {
    assert.equal(s.unsign(m), undefined, JSON.stringify(m));
  }
  // Every other character in every position of the signature.
  const sig = sigOf(a);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (let i = 0; i < sig.length; i++) {
    for (const c of [
      alphabet[(alphabet.indexOf(sig[i]!) + 1) % 64]!,
      alphabet[(alphabet.indexOf(sig[i]!) + 63) % 64]!,
    ]) {
      const forged = bodyOf(a) + "." + sig.slice(0, i) + c + sig.slice(i + 1);
      assert.equal(s.unsign(forged), undefined);
    }
  }
  for (const junk of [undefined, null, 42, {}, []]) {
    assert.equal(s.unsign(junk as unknown as string), undefined);
  }
  assert.deepEqual(s.unsign(a), { value: "user:alice", rotated: false });
});

test("G2: a fallback secret verifies with rotated: true; removing it rejects", () => {
  const old = createSigner({ secret: OLD, salt: "session" });
  const rotating = createSigner({ secret: [SECRET, OLD], salt: "session" });
  const current = createSigner({ secret: [SECRET], salt: "session" });
  const legacy = old.sign("data");
  const r = rotating.unsign(legacy);
  assert.deepEqual(r, { value: "data", rotated: true });
  const resigned = rotating.sign(r!.value);
  assert.deepEqual(rotating.unsign(resigned), { value: "data", rotated: false });
  assert.deepEqual(current.unsign(resigned), { value: "data", rotated: false });
  assert.equal(current.unsign(legacy), undefined);
});

test("G3: expired signatures are rejected", () => {
  const c = clock();
  const s = createSigner({ secret: SECRET, salt: "t", now: c.now });
  const signed = s.sign("v");
  c.advance(100);
  assert.deepEqual(s.unsign(signed, { maxAge: 100 }), { value: "v", rotated: false });
  assert.deepEqual(s.unsign(signed), { value: "v", rotated: false });
  c.advance(1);
  assert.equal(s.unsign(signed, { maxAge: 100 }), undefined);
  assert.equal(s.unsign(signed, { maxAge: 0 }), undefined);
});

test("G3: timestamps in the future beyond the allowed skew are rejected", () => {
  const c = clock();
  const s = createSigner({ secret: SECRET, salt: "t", now: c.now });
  const signed = s.sign("v");
  c.advance(-MAX_CLOCK_SKEW_SECONDS);
  assert.deepEqual(s.unsign(signed, { maxAge: 10 }), { value: "v", rotated: false });
  c.advance(-1);
  assert.equal(s.unsign(signed), undefined);
  assert.equal(s.unsign(signed, { maxAge: 1e9 }), undefined);
});

test("every signature produced verifies (canonical encoding), across many values", () => {
  const s = createSigner({ secret: SECRET, salt: "x" });
  for (let i = 0; i < 2000; i++) {
    const v = `v${i}-${"\u00e9".repeat(i % 7)}`;
    assert.equal(s.unsign(s.sign(v))?.value, v);
  }
});

test("a non-canonical spelling of the right signature is rejected", () => {
  const s = createSigner({ secret: SECRET, salt: "x" });
  const signed = s.sign("v");
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const last = signed.at(-1)!;
  // Same top 4 bits, different spare bits: decodes to the same 32 bytes.
  for (let d = 1; d < 4; d++) {
    const alt = alphabet[alphabet.indexOf(last) + d]!;
    const forged = signed.slice(0, -1) + alt;
    assert.deepEqual(
      Buffer.from(forged.slice(-43), "base64url"),
      Buffer.from(signed.slice(-43), "base64url"),
    );
    assert.equal(s.unsign(forged), undefined);
  }
});

test("signatures are bound to the salt", () => {
  const session = createSigner({ secret: SECRET, salt: "flagon.session" });
  const reset = createSigner({ secret: SECRET, salt: "flagon.reset" });
  assert.equal(reset.unsign(session.sign("user:1")), undefined);
  assert.equal(session.unsign(reset.sign("user:1")), undefined);
});

test("signatures are bound to the secret", () => {
  const a = createSigner({ secret: SECRET, salt: "x" });
  const b = createSigner({ secret: SECRET + "!", salt: "x" });
  assert.equal(b.unsign(a.sign("v")), undefined);
});

test("signJson / unsignJson round-trip objects", () => {
  const s = createSigner({ secret: SECRET, salt: "session" });
  const data = { user: 1, roles: ["a", "b"], nested: { ok: true }, text: "caf\u00e9 \ud800" };
  const signed = s.signJson(data);
  assert.match(signed, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  const r = s.unsignJson<typeof data>(signed);
  assert.deepEqual(r, { value: data, rotated: false });
  assert.deepEqual(s.unsignJson(s.signJson(null)), { value: null, rotated: false });
  assert.deepEqual(s.unsignJson(s.signJson("str")), { value: "str", rotated: false });
});

test("unsignJson rejects tampering, expiry and rotation like unsign", () => {
  const c = clock();
  const old = createSigner({ secret: OLD, salt: "session", now: c.now });
  const s = createSigner({ secret: [SECRET, OLD], salt: "session", now: c.now });
  const signed = old.signJson({ a: 1 });
  assert.deepEqual(s.unsignJson(signed), { value: { a: 1 }, rotated: true });
  assert.equal(s.unsignJson("x" + signed), undefined);
  c.advance(61);
  assert.equal(s.unsignJson(signed, { maxAge: 60 }), undefined);
});

test("a validly signed poisoned payload (leaked key) is still refused by the safe parser", () => {
  const s = createSigner({ secret: SECRET, salt: "session" });
  const payloads = [
    '{"__proto__":{"isAdmin":true}}',
    '{"user":{"__proto__":{"isAdmin":true}}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    "[".repeat(5000) + "]".repeat(5000),
    "{not json",
  ];
  for (const p of payloads) {
    const forged = s.sign(Buffer.from(p).toString("base64url"));
    assert.equal(s.unsignJson(forged), undefined, p.slice(0, 40));
  }
  // A signed value that is not base64url at all.
  assert.equal(s.unsignJson(s.sign("not base64url!")), undefined);
  assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype), protoNames);
});

test("configuration errors throw FLG_ERR_SIGNER_CONFIG", () => {
  throwsCode(() => createSigner({ secret: [], salt: "x" }), "FLG_ERR_SIGNER_CONFIG");
  throwsCode(() => createSigner({ secret: "", salt: "x" }), "FLG_ERR_SIGNER_CONFIG");
  throwsCode(() => createSigner({ secret: [SECRET, ""], salt: "x" }), "FLG_ERR_SIGNER_CONFIG");
  throwsCode(
    () => createSigner({ secret: [SECRET, 5 as unknown as string], salt: "x" }),
    "FLG_ERR_SIGNER_CONFIG",
  );
  throwsCode(() => createSigner({ secret: SECRET, salt: "" }), "FLG_ERR_SIGNER_CONFIG");
  throwsCode(
    () => createSigner({ secret: SECRET, salt: undefined as unknown as string }),
    "FLG_ERR_SIGNER_CONFIG",
  );
  const s = createSigner({ secret: SECRET, salt: "x" });
  const signed = s.sign("v");
  for (const maxAge of [Number.NaN, -1, Number.POSITIVE_INFINITY, "10" as unknown as number]) {
    throwsCode(() => s.unsign(signed, { maxAge }), "FLG_ERR_SIGNER_CONFIG");
  }
});

test("unsignable values throw FLG_ERR_SIGN_VALUE", () => {
  const s = createSigner({ secret: SECRET, salt: "x" });
  throwsCode(() => s.sign("\ud800"), "FLG_ERR_SIGN_VALUE");
  throwsCode(() => s.sign(1 as unknown as string), "FLG_ERR_SIGN_VALUE");
  throwsCode(() => s.signJson(undefined), "FLG_ERR_SIGN_VALUE");
  throwsCode(() => s.signJson(() => 1), "FLG_ERR_SIGN_VALUE");
  throwsCode(() => s.signJson(10n), "FLG_ERR_SIGN_VALUE");
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  throwsCode(() => s.signJson(cyclic), "FLG_ERR_SIGN_VALUE");
});

test("a signed string with a lone surrogate in the value is rejected", () => {
  const s = createSigner({ secret: SECRET, salt: "x" });
  // "\uFFFD" and a lone surrogate encode to the same UTF-8; only the well-formed one verifies.
  const signed = s.sign("a\ufffd");
  assert.deepEqual(s.unsign(signed), { value: "a\ufffd", rotated: false });
  assert.equal(s.unsign(signed.replace("\ufffd", "\ud800")), undefined);
});
