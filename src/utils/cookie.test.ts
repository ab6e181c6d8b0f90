import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_COOKIES, parseCookies, serializeCookie } from "./cookie.ts";
import { FlagonError } from "./errors.ts";

// A variable key: the literal form reads as the accessor to linters and humans alike.
const PROTO = "__proto__";
const protoNames = Object.getOwnPropertyNames(Object.prototype);

function assertPrototypeIntact(): void {
  assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype), protoNames);
}

function throwsCookie(fn: () => unknown): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof FlagonError);
    assert.equal(err.code, "FLG_ERR_COOKIE_INVALID");
    assert.equal(err.status, 500);
    return true;
  });
}

test("parses pairs and trims spaces and tabs", () => {
  const c = parseCookies("a=1; b=two;c=3 ;\td=4\t");
  assert.deepEqual({ ...c }, { a: "1", b: "two", c: "3", d: "4" });
  assert.equal(Object.getPrototypeOf(c), null);
});

test("missing, empty and non-string headers give an empty record", () => {
  assert.deepEqual({ ...parseCookies(undefined) }, {});
  assert.deepEqual({ ...parseCookies("") }, {});
  assert.deepEqual({ ...parseCookies(";;; ;") }, {});
  assert.deepEqual({ ...parseCookies(42 as unknown as string) }, {});
});

test("G4: a nameless pair cannot shadow __Host-sid", () => {
  const c = parseCookies("=__Host-sid=evil; __Host-sid=good");
  assert.equal(c["__Host-sid"], "good");
  assert.equal(c[""], undefined);
  assert.deepEqual(Object.keys(c), ["__Host-sid"]);
  assert.deepEqual({ ...parseCookies("=x; =; a=1") }, { a: "1" });
});

test("G4: for duplicate names the first occurrence wins", () => {
  assert.equal(parseCookies("sid=a; sid=b").sid, "a");
  assert.equal(parseCookies("sid=a; other=1; sid=b; sid=c").sid, "a");
});

test("pairs without '=' are ignored", () => {
  assert.deepEqual({ ...parseCookies("flag; a=1; other") }, { a: "1" });
});

test("values keep later '=' signs and may be empty", () => {
  assert.deepEqual({ ...parseCookies("a=b=c; e=; f==") }, { a: "b=c", e: "", f: "=" });
});

test("surrounding double quotes are removed once", () => {
  assert.equal(parseCookies('a="quoted"').a, "quoted");
  assert.equal(parseCookies('a=""').a, "");
  assert.equal(parseCookies('a="""').a, '"');
  assert.equal(parseCookies('a="half').a, '"half');
  assert.equal(parseCookies('a="x%20y"').a, "x y");
});

test("valid percent-escapes are decoded, malformed values stay raw", () => {
  assert.equal(parseCookies("a=hello%20world").a, "hello world");
  assert.equal(parseCookies("a=%E2%9C%93").a, "\u2713");
  assert.equal(parseCookies("a=100%").a, "100%");
  assert.equal(parseCookies("a=%zz").a, "%zz");
  assert.equal(parseCookies("a=%E0%A4%A").a, "%E0%A4%A");
  assert.equal(parseCookies("a=%C0%AE").a, "%C0%AE");
  assert.equal(parseCookies("a=%ED%A0%80").a, "%ED%A0%80");
});

test("names are not decoded", () => {
  assert.equal(parseCookies("a%20b=1")["a%20b"], "1");
});

test("prototype-named cookies are plain own keys; Object.prototype untouched", () => {
  const c = parseCookies(
    "__proto__=evil; constructor=x; hasOwnProperty=y; toString=z; isAdmin=true",
  );
  assert.equal(Object.getPrototypeOf(c), null);
  assert.equal(c[PROTO], "evil");
  assert.equal(c.constructor, "x");
  assert.equal(c.hasOwnProperty, "y");
  assert.equal(c.toString, "z");
  assert.deepEqual(Object.keys(c), [
    "__proto__",
    "constructor",
    "hasOwnProperty",
    "toString",
    "isAdmin",
  ]);
  const copy = Object.assign({}, c);
  assert.equal((copy as Record<string, unknown>).isAdmin, "true");
  assertPrototypeIntact();
});

test("absent prototype names read as undefined", () => {
  const c = parseCookies("a=1");
  assert.equal(c.constructor, undefined);
  assert.equal(c.toString, undefined);
  assert.equal("__proto__" in c, false);
});

test(`keeps at most ${MAX_COOKIES} cookies`, () => {
  const header = Array.from({ length: 500 }, (_, i) => `c${i}=${i}`).join("; ");
  const c = parseCookies(header);
  assert.equal(Object.keys(c).length, MAX_COOKIES);
  assert.equal(c.c0, "0");
  assert.equal(c[`c${MAX_COOKIES - 1}`], String(MAX_COOKIES - 1));
  assert.equal(c[`c${MAX_COOKIES}`], undefined);
});

test("duplicates do not use up the cap", () => {
  const header = Array.from({ length: 200 }, () => "dup=1").join("; ") + "; last=2";
  assert.equal(parseCookies(header).last, "2");
});

test("G5: an 8 KB header and raw control characters never throw", () => {
  const big = "a=" + "x".repeat(8192) + "; b=" + "\r\n\0\x7f;".repeat(100);
  const c = parseCookies(big);
  assert.equal(c.a?.length, 8192);
  const start = performance.now();
  parseCookies("a=b;".repeat(20000));
  assert.ok(performance.now() - start < 100);
});

test("pairs without '=' before a late '=' stay linear", () => {
  const start = performance.now();
  const c = parseCookies("a;".repeat(8000) + "b=1" + " ".repeat(8000));
  assert.equal(c.b, "1");
  assert.ok(performance.now() - start < 50);
});

test("never throws on random input", () => {
  const alphabet = 'a=; \t"%\\,\r\n\0\u00e9\ud800=_-';
  for (let n = 0; n < 2000; n++) {
    let s = "";
    const len = (n * 7) % 40;
    for (let i = 0; i < len; i++) s += alphabet[(n * 31 + i * 17) % alphabet.length];
    assert.doesNotThrow(() => parseCookies(s));
  }
  assertPrototypeIntact();
});

test("serializes name and encoded value", () => {
  assert.equal(serializeCookie("sid", "abc"), "sid=abc");
  assert.equal(serializeCookie("sid", ""), "sid=");
  assert.equal(serializeCookie("a", 'x y;z,"w"\r\n'), "a=x%20y%3Bz%2C%22w%22%0D%0A");
});

test("G5: values with ; CR LF cannot inject attributes or split the header", () => {
  const out = serializeCookie("a", "v\r\nSet-Cookie: admin=1; Domain=evil.com");
  assert.doesNotMatch(out, /[\r\n;]/);
  assert.equal(out.split("=").length, 2);
});

test("every value round-trips through parseCookies", () => {
  const values = [
    "",
    "plain",
    "a b",
    "a;b",
    "a=b",
    '"q"',
    "%",
    "%zz",
    "\u00e9\u2713\u{1f600}",
    "\t\r\n",
    "+plus+",
  ];
  for (const v of values) {
    assert.equal(parseCookies(serializeCookie("k", v)).k, v, JSON.stringify(v));
  }
});

test("writes every attribute", () => {
  const expires = new Date(Date.UTC(2030, 0, 2, 3, 4, 5));
  const out = serializeCookie("__Host-sid", "v", {
    maxAge: 3600.9,
    expires,
    path: "/",
    secure: true,
    httpOnly: true,
    sameSite: "Strict",
    partitioned: true,
    priority: "High",
  });
  assert.equal(
    out,
    "__Host-sid=v; Max-Age=3600; Path=/; Expires=Wed, 02 Jan 2030 03:04:05 GMT; HttpOnly; Secure; Partitioned; Priority=High; SameSite=Strict",
  );
  assert.equal(
    serializeCookie("a", "b", { domain: ".example.com", path: "/app", sameSite: "Lax", maxAge: 0 }),
    "a=b; Max-Age=0; Domain=.example.com; Path=/app; SameSite=Lax",
  );
  assert.equal(serializeCookie("a", "b", { maxAge: -1 }), "a=b; Max-Age=-1");
});

test("undefined options are ignored, falsy flags omitted", () => {
  assert.equal(
    serializeCookie("a", "b", {
      domain: undefined,
      path: undefined,
      secure: false,
      httpOnly: false,
      partitioned: false,
    }),
    "a=b",
  );
});

test("SameSite and Priority are case-insensitive and written canonically", () => {
  assert.match(serializeCookie("a", "b", { sameSite: "lax" as "Lax" }), /SameSite=Lax$/);
  assert.match(serializeCookie("a", "b", { priority: "low" as "Low" }), /Priority=Low$/);
  throwsCookie(() => serializeCookie("a", "b", { sameSite: "bogus" as "Lax" }));
  throwsCookie(() => serializeCookie("a", "b", { sameSite: "constructor" as "Lax" }));
  throwsCookie(() => serializeCookie("a", "b", { priority: "urgent" as "Low" }));
});

test("refuses names that are not RFC 6265 tokens", () => {
  for (const name of [
    "",
    "a b",
    "a;b",
    "a=b",
    "a,b",
    'a"b',
    "a\r\nb",
    "a\tb",
    "a\0",
    "é",
    "a(b)",
    "a/b",
    "[a]",
    "a\u0100",
  ]) {
    throwsCookie(() => serializeCookie(name, "v"));
  }
  throwsCookie(() => serializeCookie(undefined as unknown as string, "v"));
  assert.equal(serializeCookie("!#$%&'*+-.^_`|~09AZaz", "v"), "!#$%&'*+-.^_`|~09AZaz=v");
});

test("refuses non-string values and lone surrogates", () => {
  throwsCookie(() => serializeCookie("a", 1 as unknown as string));
  throwsCookie(() => serializeCookie("a", undefined as unknown as string));
  throwsCookie(() => serializeCookie("a", "\ud800"));
});

test("refuses paths with ; or control or non-ASCII characters", () => {
  for (const path of [
    "/a;b",
    "/a\r\nb",
    "/a\nSet-Cookie: x=1",
    "/\0",
    "/\x7f",
    "/\x1b",
    "/caf\u00e9",
    "",
    "/a\u2028",
  ]) {
    throwsCookie(() => serializeCookie("a", "b", { path }));
  }
  assert.match(serializeCookie("a", "b", { path: "/a b/c=d,e" }), /Path=\/a b\/c=d,e$/);
});

test("refuses malformed domains", () => {
  for (const domain of [
    "example.com; Secure",
    "example.com\r\n",
    "exa mple.com",
    "",
    ".",
    "..example.com",
    "example..com",
    "-example.com",
    "example-.com",
    "exa_mple.com",
    "ex\u00e4mple.com",
    "example.com:8080",
    "[::1]",
  ]) {
    throwsCookie(() => serializeCookie("a", "b", { domain }));
  }
  assert.match(
    serializeCookie("a", "b", { domain: "sub.Example-1.com" }),
    /Domain=sub.Example-1.com$/,
  );
  assert.match(serializeCookie("a", "b", { domain: "localhost" }), /Domain=localhost$/);
  assert.match(serializeCookie("a", "b", { domain: "127.0.0.1" }), /Domain=127.0.0.1$/);
});

test("refuses bad maxAge and expires", () => {
  for (const maxAge of [Number.NaN, Number.POSITIVE_INFINITY, "10" as unknown as number]) {
    throwsCookie(() => serializeCookie("a", "b", { maxAge }));
  }
  throwsCookie(() => serializeCookie("a", "b", { expires: new Date("nope") }));
  throwsCookie(() => serializeCookie("a", "b", { expires: "2030-01-01" as unknown as Date }));
});

test("SameSite=None and Partitioned require Secure", () => {
  throwsCookie(() => serializeCookie("a", "b", { sameSite: "None" }));
  throwsCookie(() => serializeCookie("a", "b", { partitioned: true }));
  assert.match(
    serializeCookie("a", "b", { sameSite: "None", secure: true }),
    /Secure; SameSite=None$/,
  );
});

test("__Host- prefix requires Secure, Path=/ and no Domain (any case)", () => {
  const ok = { secure: true, path: "/" };
  assert.equal(serializeCookie("__Host-sid", "v", ok), "__Host-sid=v; Path=/; Secure");
  assert.equal(serializeCookie("__Host-", "v", ok), "__Host-=v; Path=/; Secure");
  for (const name of ["__Host-sid", "__host-sid", "__HOST-sid"]) {
    throwsCookie(() => serializeCookie(name, "v", { path: "/" }));
    throwsCookie(() => serializeCookie(name, "v", { secure: true }));
    throwsCookie(() => serializeCookie(name, "v", { secure: true, path: "/app" }));
    throwsCookie(() => serializeCookie(name, "v", { ...ok, domain: "example.com" }));
  }
});

test("__Secure- prefix requires Secure (any case)", () => {
  assert.equal(serializeCookie("__Secure-id", "v", { secure: true }), "__Secure-id=v; Secure");
  throwsCookie(() => serializeCookie("__Secure-id", "v"));
  throwsCookie(() => serializeCookie("__secure-id", "v", { secure: false }));
  assert.equal(serializeCookie("__Securex", "v"), "__Securex=v");
  assert.equal(serializeCookie("_Host-x", "v"), "_Host-x=v");
});

test("error messages do not echo the cookie value", () => {
  try {
    serializeCookie("a", "secret-value", { sameSite: "None" });
    assert.fail("should throw");
  } catch (err) {
    assert.ok(err instanceof FlagonError);
    assert.doesNotMatch(err.message, /secret-value/);
  }
});
