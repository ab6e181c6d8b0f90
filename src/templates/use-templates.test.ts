/**
 * The renderer behind `ctx.render()`: context processors run in order, an async one finishes
 * before the next starts, and every failure comes back as a rejected promise.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { App, silentLogger } from "../index.ts";
import { TestClient } from "../testing/index.ts";
import { DictLoader, useTemplates } from "./index.ts";

test("processors run in order, async ones awaited before the next; data wins", async () => {
  const a = new App({ logger: silentLogger, accessLog: false });
  const seen: string[] = [];
  useTemplates(a, {
    loader: new DictLoader({ "p.html": "{{ a }} {{ b }} {{ c }}" }),
    processors: [
      () => {
        seen.push("1");
        return { a: "one", b: "one", c: "one" };
      },
      async () => {
        await new Promise((r) => setTimeout(r, 2));
        seen.push("2");
        return { b: "two", c: "two" };
      },
      () => {
        seen.push("3");
        return undefined;
      },
      async () => {
        seen.push("4");
        return { c: "four" };
      },
    ],
  });
  a.get("/", (ctx) => ctx.render("p.html"));
  a.get("/data", (ctx) => ctx.render("p.html", { a: "data" }));
  const c = new TestClient(a);
  assert.equal((await c.get("/")).text, "one two four");
  assert.deepEqual(seen, ["1", "2", "3", "4"]);
  assert.equal((await c.get("/data")).text, "data two four");
});

test("a missing template, a throwing processor or a failing render reject, never throw", async () => {
  const a = new App({ logger: silentLogger, accessLog: false });
  const templates = useTemplates(a, {
    loader: new DictLoader({ "p.html": "{{ boom() }}", "ok.html": "ok" }),
  });
  let fail = false;
  templates.addContextProcessor(() => {
    if (fail) throw new Error("processor failed");
    return { boom: () => Promise.reject(new Error("render failed")) };
  });
  a.get("/:name", (ctx) => {
    let threw = false;
    let p: Promise<string> | undefined;
    try {
      p = templates.render(ctx, ctx.params.name, undefined);
    } catch {
      threw = true;
    }
    return p!.then(
      (s) => ctx.text(`threw=${threw} ${s}`),
      (e: Error) => ctx.text(`threw=${threw} rejected: ${e.message.split("\n")[0]}`),
    );
  });
  const c = new TestClient(a);
  assert.equal((await c.get("/ok.html")).text, "threw=false ok");
  assert.equal((await c.get("/p.html")).text, "threw=false rejected: render failed");
  assert.match((await c.get("/nope.html")).text, /^threw=false rejected: template "nope.html"/);
  fail = true;
  assert.equal((await c.get("/ok.html")).text, "threw=false rejected: processor failed");
});
