import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, test } from "node:test";
import {
  ChoiceLoader,
  DictLoader,
  Environment,
  ERR_TEMPLATE_NOT_FOUND,
  ERR_TEMPLATE_RUNTIME,
  ERR_TEMPLATE_SYNTAX,
  ERR_TEMPLATE_UNDEFINED,
  FileSystemLoader,
  PackageLoader,
  TemplateError,
} from "./index.ts";

const dir = mkdtempSync(join(tmpdir(), "flagon-tpl-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function catchError(f: () => unknown): TemplateError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof TemplateError, String(e));
    return e;
  }
  assert.fail("no error");
}

test("syntax errors name the template, line and column, with a snippet", () => {
  const env = new Environment({
    loader: new DictLoader({ "page.html": "line one\n{% if x %}\n  {{ 1 + }}\n{% endif %}" }),
  });
  const e = catchError(() => env.getTemplate("page.html"));
  assert.equal(e.code, ERR_TEMPLATE_SYNTAX);
  assert.equal(e.templateName, "page.html");
  assert.equal(e.line, 3);
  assert.equal(e.column, 10);
  assert.match(e.message, /page\.html", line 3, column 10\n {4}\s*\{\{ 1 \+ \}\}\n\s+\^/);
});

test("runtime errors name the template and line where they happened, also inside includes", () => {
  const env = new Environment({
    loader: new DictLoader({
      "outer.html": "a\n{% include 'inner.html' %}",
      "inner.html": "x\ny\n{{ missing.attr }}",
    }),
  });
  const e = catchError(() => env.renderSync("outer.html"));
  assert.equal(e.code, ERR_TEMPLATE_UNDEFINED);
  assert.equal(e.templateName, "inner.html");
  assert.equal(e.line, 3);
  assert.match(e.message, /'missing' is undefined/);
});

test("unknown filters are reported at compile time", () => {
  const e = catchError(() => new Environment().fromString("{{ x|nope }}").renderSync({}));
  assert.equal(e.code, ERR_TEMPLATE_SYNTAX);
  assert.equal(e.kind, "TemplateAssertionError");
});

test("template-not-found lists the places searched", () => {
  const a = join(dir, "a");
  const b = join(dir, "b");
  mkdirSync(a);
  mkdirSync(b);
  const env = new Environment({ loader: new FileSystemLoader([a, b]) });
  const e = catchError(() => env.getTemplate("missing.html"));
  assert.equal(e.code, ERR_TEMPLATE_NOT_FOUND);
  assert.ok(
    e.message.includes(join(a, "missing.html")) && e.message.includes(join(b, "missing.html")),
    e.message,
  );
});

test("folder loader: first folder wins, subfolders work, `..` is refused", () => {
  const p = join(dir, "project");
  const app = join(dir, "app");
  mkdirSync(join(p, "shop"), { recursive: true });
  mkdirSync(join(app, "shop"), { recursive: true });
  writeFileSync(join(p, "shop", "item.html"), "project {{ x }}");
  writeFileSync(join(app, "shop", "item.html"), "app");
  writeFileSync(join(app, "shop", "only-app.html"), "only app");
  writeFileSync(join(dir, "secret.txt"), "secret");
  const env = new Environment({ loader: new FileSystemLoader([p, app]) });
  assert.equal(env.renderSync("shop/item.html", { x: "<" }), "project &lt;");
  assert.equal(env.renderSync("shop/only-app.html"), "only app");
  assert.equal(catchError(() => env.getTemplate("../secret.txt")).code, ERR_TEMPLATE_NOT_FOUND);
  assert.equal(
    catchError(() => env.getTemplate("shop/../../secret.txt")).code,
    ERR_TEMPLATE_NOT_FOUND,
  );
});

test("package loader reads the folder beside a module", () => {
  const pkg = join(dir, "pkg");
  mkdirSync(join(pkg, "templates"), { recursive: true });
  writeFileSync(join(pkg, "templates", "hello.txt"), "hello {{ who }}");
  const env = new Environment({
    loader: new PackageLoader(pathToFileURL(join(pkg, "mod.js")).href),
  });
  assert.equal(env.renderSync("hello.txt", { who: "pkg" }), "hello pkg");
  const both = new Environment({
    loader: new ChoiceLoader([
      new DictLoader({ "a.txt": "dict" }),
      new PackageLoader(pathToFileURL(join(pkg, "m.js")).href),
    ]),
  });
  assert.equal(
    both.renderSync("a.txt") + both.renderSync("hello.txt", { who: "x" }),
    "dicthello x",
  );
});

test("autoescape follows the extension by default", () => {
  const env = new Environment({
    loader: new DictLoader({
      "a.html": "{{ s }}",
      "a.txt": "{{ s }}",
      "a.svg": "{{ s }}",
      "a.XML": "{{ s }}",
    }),
  });
  const s = "<&>";
  assert.equal(env.renderSync("a.html", { s }), "&lt;&amp;&gt;");
  assert.equal(env.renderSync("a.txt", { s }), "<&>");
  assert.equal(env.renderSync("a.svg", { s }), "&lt;&amp;&gt;");
  assert.equal(env.renderSync("a.XML", { s }), "&lt;&amp;&gt;");
  assert.equal(env.fromString("{{ s }}").renderSync({ s }), "&lt;&amp;&gt;");
});

test("templates are compiled once and cached; autoReload picks up changes", () => {
  const mapping = new Map([["t.html", "one"]]);
  const env = new Environment({ loader: new DictLoader(mapping) });
  const t = env.getTemplate("t.html");
  assert.equal(env.getTemplate("t.html"), t);
  mapping.set("t.html", "two");
  assert.equal(env.renderSync("t.html"), "one");
  const dev = new Environment({ loader: new DictLoader(mapping), autoReload: true });
  assert.equal(dev.renderSync("t.html"), "two");
  mapping.set("t.html", "three");
  assert.equal(dev.renderSync("t.html"), "three");
});

test("async render awaits promises and async iterables in the context", async () => {
  const env = new Environment();
  async function* gen() {
    yield 1;
    yield 2;
  }
  const t = env.fromString(
    "{{ user.name }} {% for x in items %}{{ x }}{% endfor %} {% for y in stream %}{{ y }}{% endfor %} {{ load(3) }} {{ (slow|upper) }}",
  );
  const out = await t.render({
    user: Promise.resolve({ name: "ann" }),
    items: Promise.resolve([1, 2]),
    stream: gen(),
    load: async (n: number) => n * 2,
    slow: new Promise((r) => setTimeout(() => r("late"), 5)),
  });
  assert.equal(out, "ann 12 12 6 LATE");
});

test("async user filters and tests are awaited in render()", async () => {
  const env = new Environment({ filters: { later: async (s: string) => `${s}!` } });
  assert.equal(await env.fromString("{{ 'a'|later|upper }}").render({}), "A!");
});

test("renderSync refuses a promise instead of printing [object Promise]", () => {
  const e = catchError(() =>
    new Environment().fromString("{{ p }}").renderSync({ p: Promise.resolve(1) }),
  );
  assert.equal(e.code, ERR_TEMPLATE_RUNTIME);
});

test("async render works across extends, include, import and macros", async () => {
  const env = new Environment({
    loader: new DictLoader({
      "base.html": "[{% block b %}{% endblock %}]",
      "m.html": "{% macro hi(n) %}hi {{ n }}{% endmacro %}",
      "p.html": "({{ v }})",
      "main.html":
        "{% extends 'base.html' %}{% from 'm.html' import hi %}{% block b %}{{ hi(name) }}{% include 'p.html' %}{% endblock %}",
    }),
  });
  assert.equal(
    await env.render("main.html", { name: Promise.resolve("ann"), v: Promise.resolve(1) }),
    "[hi ann(1)]",
  );
});

test("custom filters, tests and globals", () => {
  const env = new Environment({
    filters: { shout: (s: string, n = 1) => `${s}${"!".repeat(n)}` },
    tests: { long: (s: string) => s.length > 3 },
    globals: { site: "Flagon" },
  });
  env.addFilter("rev", (s: string) => [...s].reverse().join(""));
  assert.equal(
    env.fromString("{{ 'hi'|shout(2) }} {{ 'abcd' is long }} {{ site|rev }}").renderSync({}),
    "hi!! True nogalF",
  );
});

test("strict undefined raises on print; default mode prints empty", () => {
  assert.equal(new Environment().fromString("[{{ x }}]").renderSync({}), "[]");
  const e = catchError(() =>
    new Environment({ strictUndefined: true }).fromString("{{ x }}").renderSync({}),
  );
  assert.equal(e.code, ERR_TEMPLATE_UNDEFINED);
});

test("extensions: only Jinja2's do and loopcontrols, by short name; others are refused", () => {
  const env = new Environment({ extensions: ["loopcontrols", "do"] });
  assert.equal(
    env
      .fromString("{% for i in range(9) %}{% if i == 2 %}{% break %}{% endif %}{{ i }}{% endfor %}")
      .renderSync({}),
    "01",
  );
  assert.throws(
    () => new Environment({ extensions: ["i18n" as "do"] }),
    (e: unknown) =>
      e instanceof TemplateError && /Unknown template extension "i18n"/.test(e.message),
  );
});
