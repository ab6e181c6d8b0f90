/**
 * security.md 3.D — query strings and urlencoded forms. Flagon parses both flat
 * (`URLSearchParams` semantics): `a[b]=1` is the key "a[b]", never a nested object, so bracket
 * pollution and amplification cannot happen and there is no nested mode to cap (D3/D4 check the
 * keys stay literal). 1000 parameters per source; more is a 413.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { http } from "./raw.ts";
import { type Sentinel, startSentinel } from "./sentinel.ts";

let s: Sentinel;
before(async () => {
  s = await startSentinel();
});
after(() => s.close());
beforeEach(() => s.reset());

const FORM = { "content-type": "application/x-www-form-urlencoded" };

describe("D1 prototype keys in the query and in forms", () => {
  for (const qs of [
    "a=1&a[__proto__][x]=1",
    "__proto__[isAdmin]=true",
    "constructor[prototype][isAdmin]=true",
    "__proto__=x&isAdmin",
    "__proto__.isAdmin=true",
  ]) {
    test(`?${qs}`, async () => {
      const r = await http(s.port, { path: `/query?${qs}` });
      assert.ok(r.status === 200 || r.status === 400, String(r.status));
      if (r.status === 200) {
        const body = r.json();
        assert.equal(body.isAdmin, null, "req.query.isAdmin must be undefined");
        // Only the last case sends a real `isAdmin` key; merging it is an own property, not pollution.
        assert.equal(body.mergedIsAdmin, qs.endsWith("&isAdmin") ? "" : null);
      }
      await s.check([r]);
    });
  }

  test("the same keys in an urlencoded body", async () => {
    const r = await http(s.port, {
      method: "POST",
      path: "/form",
      headers: FORM,
      body: "a[__proto__][x]=1&__proto__[isAdmin]=true&constructor[prototype][isAdmin]=true&__proto__=y",
    });
    assert.ok(r.status === 200 || r.status === 400);
    if (r.status === 200)
      assert.equal(r.json().fields["__proto__[isAdmin]"], "true", "kept as a literal key");
    await s.check([r]);
  });
});

test("D2 ?a[__proto__]=b&a[__proto__]&a[length]=100000000 (CVE-2022-24999): < 50 ms, no 5xx", async () => {
  const r = await http(s.port, { path: "/query?a[__proto__]=b&a[__proto__]&a[length]=100000000" });
  assert.equal(r.status, 200);
  assert.ok(r.ms < 50, `${r.ms.toFixed(1)} ms`);
  assert.equal(r.json().query["a[length]"], "100000000", "a flat key, no array of that length");
  await s.check([r]);
});

test("D3 ?a[b][c][d][e][f][g][h][i]=j: no nested parsing exists, the key is kept whole, never truncated", async () => {
  const r = await http(s.port, { path: "/query?a[b][c][d][e][f][g][h][i]=j" });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json().query, { "a[b][c][d][e][f][g][h][i]": "j" });
  await s.check([r]);
});

describe("D4 sparse arrays and array floods", () => {
  test("?a[999999999]=x is one flat key; no sparse array is allocated", async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const r = await http(s.port, { path: "/query?a[999999999]=x" });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json().query, { "a[999999999]": "x" });
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 50 * 1024 * 1024);
    await s.check([r]);
  });

  test("?a[]= x 10 000 -> refused (431 over HTTP: the URL passes 16 KB; 413 in-process)", async () => {
    const qs = "a[]=&".repeat(10_000);
    const r = await http(s.port, { path: `/query?${qs}` });
    assert.ok(r.status === 431 || r.status === 413 || r.status === 400, String(r.status));
    const res = await s.app.fetch(new Request(`http://127.0.0.1/query?${qs}`));
    assert.equal(res.status, 413);
    await res.arrayBuffer();
    await s.check([r]);
  });

  test("a[]= x 10 000 in an urlencoded body -> 413", async () => {
    const r = await http(s.port, {
      method: "POST",
      path: "/form",
      headers: FORM,
      body: "a[]=&".repeat(10_000),
    });
    assert.equal(r.status, 413);
    await s.check([r]);
  });
});

describe("D5 parameter count (limit 1000)", () => {
  const params = (n: number) => Array.from({ length: n }, (_, i) => `p${i}=1`).join("&");

  test("1000 query params -> 200, 1001 -> 413 (over HTTP)", async () => {
    const ok = await http(s.port, { path: `/query?${params(1000)}` });
    assert.equal(ok.status, 200);
    assert.equal(ok.json().size, 1000);
    const over = await http(s.port, { path: `/query?${params(1001)}` });
    assert.equal(over.status, 413);
    await s.check([ok, over]);
  });

  test("10 001 query params -> 413 (in-process: over HTTP the URL alone is a 431)", async () => {
    const res = await s.app.fetch(new Request(`http://127.0.0.1/query?${"a&".repeat(10_001)}`));
    assert.equal(res.status, 413);
    await res.arrayBuffer();
    const r = await http(s.port, { path: `/query?${"a&".repeat(10_001)}` });
    assert.ok(r.status === 431 || r.status === 413);
    await s.check([r]);
  });

  test("10 001 urlencoded body params -> 413; the handler's side effect never happens", async () => {
    const writes = s.db.writes;
    const r = await http(s.port, {
      method: "POST",
      path: "/form",
      headers: FORM,
      body: params(10_001),
    });
    assert.equal(r.status, 413);
    assert.equal(s.db.writes, writes);
    await s.check([r]);
  });
});

describe("D6 repeated keys and two sources", () => {
  test("?role=user&role=admin: get() is the FIRST value (documented), getAll() both, deterministic", async () => {
    for (let i = 0; i < 3; i++) {
      const r = await http(s.port, { path: "/query?role=user&role=admin" });
      assert.equal(r.json().role, "user");
      assert.deepEqual(r.json().roles, ["user", "admin"]);
    }
    await s.check();
  });

  test("body role=admin + query role=user: the sources are never merged", async () => {
    const r = await http(s.port, {
      method: "POST",
      path: "/form?role=user",
      headers: FORM,
      body: "role=admin",
    });
    assert.equal(r.status, 200);
    const body = r.json();
    assert.equal(body.role, "admin", "form.get reads the body only");
    assert.equal(body.queryRole, "user", "ctx.query reads the URL only");
    assert.deepEqual(body.fields, { role: "admin" });
    assert.deepEqual(body.query, { role: "user" });
    await s.check([r]);
  });
});

describe("D7 urlencoded body size (limit 1 MiB)", () => {
  const MiB = 1024 * 1024;
  test("exactly 1 MiB -> 200", async () => {
    const r = await http(s.port, {
      method: "POST",
      path: "/form",
      headers: FORM,
      body: `a=${"x".repeat(MiB - 2)}`,
    });
    assert.equal(r.status, 200);
    await s.check([{ status: r.status }]);
  });

  test("1 MiB + 1 byte -> 413", async () => {
    const r = await http(s.port, {
      method: "POST",
      path: "/form",
      headers: FORM,
      body: `a=${"x".repeat(MiB - 1)}`,
    });
    assert.equal(r.status, 413);
    await s.check([r]);
  });

  test("1 MiB + 1 byte, chunked (no Content-Length) -> 413", async () => {
    const r = await http(s.port, {
      method: "POST",
      path: "/form",
      headers: { ...FORM, "transfer-encoding": "chunked" },
      body: `a=${"x".repeat(MiB - 1)}`,
    });
    assert.equal(r.status, 413);
    await s.check([r]);
  });
});
