import assert from "node:assert/strict";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { App, Blueprint, flagon, silentLogger } from "../../src/index.ts";
import { getSession, sessions } from "../../src/sessions/index.ts";
import { DictLoader, TemplateError, useTemplates } from "../../src/templates/index.ts";
import { TestClient } from "../../src/testing/index.ts";

const KEY = "k3Jd9sQ2mX7vB1nL5pR8tY4wZ6cF0hGa";
const FIXTURES = new URL("./fixtures/", import.meta.url);

function app(templates: Record<string, string>, options: { debug?: boolean } = {}): App {
  const a = new App({ logger: silentLogger, accessLog: false, secretKey: KEY, ...options });
  useTemplates(a, { loader: new DictLoader(templates) });
  return a;
}

describe("ctx.render()", () => {
  it("renders a template to an HTML response, autoescaped", async () => {
    const a = app({ "page.html": "<p>{{ who }}</p>" });
    a.get("/", (ctx) => ctx.render("page.html", { who: "<Ann & Bo>" }));
    const res = await new TestClient(a).get("/");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    assert.equal(res.text, "<p>&lt;Ann &amp; Bo&gt;</p>");
  });

  it("escapes .htm, .xml and .svg but not .txt", async () => {
    const src = "{{ x }}";
    const a = app({ "a.htm": src, "a.xml": src, "a.svg": src, "a.txt": src });
    a.get("/:ext", (ctx) => ctx.render(`a.${ctx.params.ext}`, { x: "<&>" }));
    const c = new TestClient(a);
    for (const ext of ["htm", "xml", "svg"])
      assert.equal((await c.get(`/${ext}`)).text, "&lt;&amp;&gt;");
    assert.equal((await c.get("/txt")).text, "<&>");
  });

  it("takes a status and headers", async () => {
    const a = app({ "404.html": "gone" });
    a.get("/", (ctx) => ctx.render("404.html", {}, { status: 404, headers: { "x-a": "1" } }));
    const res = await new TestClient(a).get("/");
    assert.equal(res.status, 404);
    assert.equal(res.headers.get("x-a"), "1");
    assert.equal(res.text, "gone");
  });

  it("awaits promises in the data", async () => {
    const a = app({ "p.html": "{{ n }}-{% for x in xs %}{{ x }}{% endfor %}" });
    a.get("/", (ctx) =>
      ctx.render("p.html", { n: Promise.resolve(7), xs: Promise.resolve([1, 2]) }),
    );
    assert.equal((await new TestClient(a).get("/")).text, "7-12");
  });

  it("fails with FLG_ERR_NO_RENDERER when no engine is installed", async () => {
    const a = new App({ logger: silentLogger, accessLog: false });
    let caught: unknown;
    a.get("/", async (ctx) => {
      try {
        return await ctx.render("x.html");
      } catch (err) {
        caught = err;
        throw err;
      }
    });
    const res = await new TestClient(a).get("/");
    assert.equal(res.status, 500);
    assert.equal((caught as { code?: string }).code, "FLG_ERR_NO_RENDERER");
  });

  it("a missing template is a 500 whose error lists the places searched", async () => {
    const a = app({});
    let caught: unknown;
    a.get("/", async (ctx) => {
      try {
        return await ctx.render("nope.html");
      } catch (err) {
        caught = err;
        throw err;
      }
    });
    assert.equal((await new TestClient(a).get("/")).status, 500);
    assert.ok(caught instanceof TemplateError);
    assert.equal(caught.code, "FLG_ERR_TEMPLATE_NOT_FOUND");
    assert.match(caught.message, /in-memory templates/);
  });

  it("works through app.fetch (the fetch adapter)", async () => {
    const a = flagon({ logger: silentLogger, accessLog: false });
    useTemplates(a, { loader: new DictLoader({ "i.html": "<b>{{ request.path }}</b>" }) });
    a.get("/hello", (ctx) => ctx.render("i.html"));
    const res = await a.fetch(new Request("http://localhost/hello"));
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "<b>/hello</b>");
  });
});

describe("request-bound helpers", () => {
  it("request exposes method, path, args, endpoint and nothing else", async () => {
    const a = app({
      "r.html":
        "{{ request.method }} {{ request.path }} {{ request.full_path }} {{ request.args.q }} " +
        "{{ request.args.get('z', 'none') }} {{ request.endpoint }} {{ request.scheme }} " +
        "{{ request.host }} [{{ request.headers }}]",
    });
    a.get("/search", (ctx) => ctx.render("r.html"), "search");
    const res = await new TestClient(a).get("/search?q=a%3Cb&q=2");
    assert.equal(
      res.text,
      "GET /search /search?q=a%3Cb&amp;q=2 a&lt;b none search http localhost []",
    );
  });

  it("url_for, url and static reverse routes; .name is relative to the blueprint", async () => {
    const a = app({
      "u.html":
        "{{ url_for('user', id=5) }} {{ url_for('user', id=5, _query={'tab': 'a b'}, _anchor='top') }} " +
        "{{ url('user', {'id': 6}, {'x': 1}) }} {{ static('css/site.css') }}",
      "b.html": "{{ url_for('.item', id=2) }} {{ url_for('index') }} {{ request.blueprint }}",
    });
    a.get("/", () => "home", "index");
    a.get("/users/:id<int>", (ctx) => ctx.render("u.html"), "user");
    a.get("/static/:path<path>", () => "", "static");
    const shop = new Blueprint("shop", { prefix: "/shop" });
    shop.get("/items/:id<int>", (ctx) => ctx.render("b.html"), "item");
    a.register(shop);
    const c = new TestClient(a);
    assert.equal(
      (await c.get("/users/1")).text,
      "/users/5 /users/5?tab=a%20b#top /users/6?x=1 /static/css/site.css",
    );
    assert.equal((await c.get("/shop/items/1")).text, "/shop/items/2 / shop");
  });

  it("url_for with an unknown route name fails the render", async () => {
    const a = app({ "u.html": "{{ url_for('nope') }}" });
    a.get("/", (ctx) => ctx.render("u.html"));
    assert.equal((await new TestClient(a).get("/")).status, 500);
  });

  it("get_flashed_messages reads the session's flashes once, with categories and filters", async () => {
    const a = app({
      "f.html":
        "{% for m in get_flashed_messages() %}[{{ m }}]{% endfor %}" +
        "{% for c, m in get_flashed_messages(with_categories=true) %}({{ c }}:{{ m }}){% endfor %}",
      "g.html":
        "{{ get_flashed_messages(category_filter=['error']) }}|{{ get_flashed_messages() }}",
      "n.html": "{{ get_flashed_messages() }}",
    });
    a.use(sessions());
    a.post("/save", (ctx) => {
      getSession(ctx).flash("Saved <ok>");
      getSession(ctx).flash("Bad", "error");
      return ctx.redirect("/show", 303);
    });
    a.get("/show", (ctx) => ctx.render("f.html"));
    a.get("/filter", (ctx) => ctx.render("g.html"));
    const c = new TestClient(a);
    await c.post("/save");
    assert.equal(
      (await c.get("/show")).text,
      "[Saved &lt;ok&gt;][Bad](message:Saved &lt;ok&gt;)(error:Bad)",
    );
    assert.equal((await c.get("/show")).text, "", "shown once");
    await c.post("/save");
    assert.equal(
      (await c.get("/filter")).text,
      "[&#39;Bad&#39;]|[&#39;Saved &lt;ok&gt;&#39;, &#39;Bad&#39;]",
    );
    const bare = app({ "n.html": "{{ get_flashed_messages() }}" });
    bare.get("/", (ctx) => ctx.render("n.html"));
    assert.equal((await new TestClient(bare).get("/")).text, "[]", "no session: no messages");
  });
});

describe("processors, filters, tests and globals", () => {
  it("layers globals < helpers < processors < data", async () => {
    const a = new App({ logger: silentLogger, accessLog: false });
    const t = useTemplates(a, {
      loader: new DictLoader({
        "p.html":
          "{{ site }} {{ who }} {{ n|money }} {{ 3 is lucky }} {{ shout('hi') }} {{ user }}",
      }),
      globals: { site: "Flagon", who: "global" },
      processors: [(ctx) => ({ who: "processor", user: ctx.req.path })],
    });
    t.addFilter("money", (v: number) => `$${v.toFixed(2)}`)
      .addTest("lucky", (v: number) => v === 3)
      .addGlobal("shout", (s: string) => `${s.toUpperCase()}!`)
      .addContextProcessor(async () => ({ user: "async user" }));
    a.get("/", (ctx) => ctx.render("p.html", { n: 2 }));
    a.get("/data", (ctx) => ctx.render("p.html", { n: 1, who: "data" }));
    const c = new TestClient(a);
    assert.equal((await c.get("/")).text, "Flagon processor $2.00 True HI! async user");
    assert.equal((await c.get("/data")).text, "Flagon data $1.00 True HI! async user");
  });
});

describe("template folders", () => {
  it("searches the project first, then blueprint folders in registration order", async () => {
    const a = new App({ logger: silentLogger, accessLog: false });
    useTemplates(a, { folders: [new URL("project/", FIXTURES)] });
    const shop = new Blueprint("shop", {
      prefix: "/shop",
      templateFolder: new URL("shop-bp/", FIXTURES),
    });
    shop.get("/", (ctx) => ctx.render("shop/list.html", { name: "<Shop>" }), "list");
    shop.get(
      "/items/:id<int>",
      (ctx) => ctx.render("shop/item.html", { item: ctx.params.id }),
      "item",
    );
    const blog = new Blueprint("blog", {
      prefix: "/blog",
      templateFolder: new URL("blog-bp/", FIXTURES).pathname,
    });
    blog.get("/", (ctx) => ctx.render("blog/post.html", { post: "one" }));
    a.register(shop).register(blog);
    const c = new TestClient(a);
    assert.equal(
      (await c.get("/shop/")).text,
      '<!doctype html><title>Shop</title>\n<main><a href="/shop/items/3">&lt;Shop&gt;</a></main>',
    );
    assert.equal((await c.get("/shop/items/4")).text, "project override of 4");
    assert.equal(
      (await c.get("/blog/")).text,
      "<!doctype html><title>Site</title>\n<main>blog one</main>",
    );
  });

  it("reloads a changed template in debug mode, keeps the compiled one otherwise", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flagon-tpl-"));
    try {
      writeFileSync(join(dir, "x.html"), "one");
      const pages = async (debug: boolean): Promise<string[]> => {
        const a = new App({ logger: silentLogger, accessLog: false, debug });
        useTemplates(a, { folders: [dir] });
        a.get("/", (ctx) => ctx.render("x.html"));
        const c = new TestClient(a);
        const first = (await c.get("/")).text;
        writeFileSync(join(dir, "x.html"), debug ? "two" : "three");
        utimesSync(join(dir, "x.html"), new Date(), new Date(Date.now() + 5000));
        const second = (await c.get("/")).text;
        writeFileSync(join(dir, "x.html"), "one");
        return [first, second];
      };
      assert.deepEqual(await pages(true), ["one", "two"]);
      assert.deepEqual(await pages(false), ["one", "one"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
