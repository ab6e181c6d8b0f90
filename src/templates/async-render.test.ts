/**
 * `render()` (async mode): promises and async iterables wherever a value is read, across loops,
 * macros, includes and inheritance; errors reject rather than throw; and a page without promises
 * costs no microtask turns per value or per loop iteration.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { DictLoader, Environment, Markup, TemplateError } from "./index.ts";

const later = <T>(v: T, ms = 1): Promise<T> => new Promise((r) => setTimeout(() => r(v), ms));

async function* stream<T>(...items: T[]): AsyncGenerator<T> {
  for (const x of items) {
    await later(null);
    yield x;
  }
}

test("promises in a loop: the list, its items and their attributes", async () => {
  const t = new Environment().fromString(
    "{% for r in rows %}{{ loop.index }}:{{ r.name }}{{ r.tag }}{% if not loop.last %},{% endif %}{% endfor %}",
  );
  const out = await t.render({
    rows: later([
      { name: later("a"), tag: "!" },
      { name: later("b"), tag: later("?") },
      { name: "c", tag: "" },
    ]),
  });
  assert.equal(out, "1:a!,2:b?,3:c");
});

test("promises in a loop filter and in the loop's else", async () => {
  const t = new Environment().fromString(
    "{% for r in rows if r.ok %}{{ r.n }}{% else %}none {{ why }}{% endfor %}",
  );
  const rows = [
    { ok: later(true), n: 1 },
    { ok: later(false), n: 2 },
    { ok: true, n: later(3) },
  ];
  assert.equal(await t.render({ rows, why: "x" }), "13");
  assert.equal(await t.render({ rows: [{ ok: later(false) }], why: later("why") }), "none why");
});

test("promises as macro arguments, defaults and caller values", async () => {
  const t = new Environment().fromString(
    "{% macro m(a, b=dflt) %}[{{ a }}|{{ b }}|{{ caller() if caller else '' }}]{% endmacro %}" +
      "{{ m(p) }} {{ m(a=p, b=q) }} {% call m(obj.x) %}{{ q }}{% endcall %}",
  );
  const out = await t.render({
    p: later("P"),
    q: later("Q"),
    dflt: later("D"),
    obj: later({ x: later("X") }),
  });
  assert.equal(out, "[P|D|] [P|Q|] [X|D|Q]");
});

test("async iterables in for loops: loop fields, else, nesting and recursion", async () => {
  const t = new Environment().fromString(
    "{% for x in xs %}{{ x }}{{ loop.index }}/{{ loop.length }}{% if loop.last %}.{% endif %}{% endfor %} " +
      "{% for x in empty %}{{ x }}{% else %}empty{% endfor %} " +
      "{% for g in groups %}{% for y in g %}{{ y }}{% endfor %};{% endfor %} " +
      "{% for n in tree recursive %}{{ n.v }}{% if n.kids %}({{ loop(n.kids) }}){% endif %}{% endfor %}",
  );
  const out = await t.render({
    xs: stream("a", "b"),
    empty: stream(),
    groups: stream<unknown>(stream(1, 2), [3]),
    tree: stream({ v: 1, kids: stream({ v: 2, kids: null }, { v: 3, kids: [] }) }),
  });
  assert.equal(out, "a1/2b2/2. empty 12;3; 1(23)");
});

test("promises inside included, extended and imported templates", async () => {
  const env = new Environment({
    loader: new DictLoader({
      "base.html": "<title>{{ title }}</title>{% block body %}base {{ who }}{% endblock %}",
      "part.html": "<p>{{ who }} {{ item.name }}</p>",
      "macros.html": "{% macro greet(n) %}hi {{ n }} from {{ who }}{% endmacro %}",
      "page.html":
        "{% extends 'base.html' %}{% import 'macros.html' as m with context %}" +
        "{% block body %}{{ super() }}|{% for item in items %}{% include 'part.html' %}{% endfor %}|{{ m.greet(name) }}{% endblock %}",
    }),
  });
  const out = await env.render("page.html", {
    title: later("T"),
    who: later("ann"),
    name: later("bob"),
    items: later([{ name: later("x") }]),
  });
  assert.equal(out, "<title>T</title>base ann|<p>ann x</p>|hi bob from ann");
});

test("a template name given as a promise, in include and extends", async () => {
  const env = new Environment({
    loader: new DictLoader({ "a.html": "A{% block b %}{% endblock %}", "i.html": "I" }),
  });
  const out = await env
    .fromString("{% extends parent %}{% block b %}{% include inc %}{% endblock %}")
    .render({ parent: later("a.html"), inc: later("i.html") });
  assert.equal(out, "AI");
});

test("render() rejects, never throws, on compile and runtime errors", async () => {
  const env = new Environment({ loader: new DictLoader({}) });
  // Unknown filters are found when the template is compiled, on its first render.
  const bad = env.fromString("{{ x|no_such_filter }}");
  let p: Promise<string> | undefined;
  assert.doesNotThrow(() => {
    p = bad.render({});
  });
  await assert.rejects(p!, (e) => e instanceof TemplateError && /no_such_filter/.test(e.message));
  await assert.rejects(
    env.fromString("{% include 'missing.html' %}").render({}),
    (e) => e instanceof TemplateError && e.kind === "TemplateNotFound",
  );
  await assert.rejects(
    env.fromString("{{ p }}").render({ p: Promise.reject(new Error("db down")) }),
    /db down/,
  );
});

test("a page without promises settles in one microtask turn, however long its loops", async () => {
  const t = new Environment().fromString(
    "{% for r in rows %}{{ r.a }}{% for c in r.cs %}{{ c }}{% endfor %}{% endfor %}",
  );
  const rows = Array.from({ length: 200 }, (_, i) => ({ a: i, cs: ["x", "y"] }));
  let out: string | undefined;
  void t.render({ rows }).then((s) => {
    out = s;
  });
  // An `await` per value or per iteration would need hundreds of turns here.
  await Promise.resolve();
  assert.ok(out !== undefined, "not settled after one microtask turn");
  assert.equal(out.length, rows.map((r) => `${r.a}xy`).join("").length);
});

test("runtime errors carry the line and column where they happened, in every kind of function", async () => {
  const env = new Environment({
    strictUndefined: true,
    loader: new DictLoader({
      "base.html": "{% block b %}{% endblock %}",
      "page.html":
        "{% extends 'base.html' %}{% macro m() %}\n  {{ a.x }}{% endmacro %}" +
        "{% block b %}{% if which == 'macro' %}{{ m() }}{% elif which == 'loop' %}" +
        "{% for n in t recursive %}\n\n    {{ n.x }}{{ loop(n.kids) }}{% endfor %}" +
        "{% else %}\n{{ ok }}{{ b.y }}{% endif %}{% endblock %}",
    }),
  });
  const where = async (data: Record<string, unknown>) =>
    env.render("page.html", data).then(
      () => "no error",
      (e: TemplateError) => `${e.line}:${e.column}`,
    );
  const sync = (data: Record<string, unknown>) => {
    try {
      env.renderSync("page.html", data);
    } catch (e) {
      return `${(e as TemplateError).line}:${(e as TemplateError).column}`;
    }
    return "no error";
  };
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ which: "macro", a: later({}) }, "2:6"],
    [{ which: "loop", t: [{ x: 1, kids: [{ kids: [] }] }] }, "4:8"],
    [{ which: "block", ok: later(1), b: {} }, "5:12"],
    [{ which: "block", ok: 1, b: {} }, "5:12"],
  ];
  for (const [data, want] of cases) {
    assert.equal(await where(data), want, JSON.stringify(data));
    if (!Object.values(data).some((v) => v instanceof Promise)) assert.equal(sync(data), want);
  }
});

test("printed values that are thenables: names, attributes, items, calls and filters, in every escape mode", async () => {
  const src =
    "{{ n }}|{{ o.a }}|{{ o['a'] }}|{{ f() }}|{{ n|upper }}|{{ m }}|{{ th }}|{{ nested }}|{{ none }}|{{ 1.5 if o else 0 }}";
  const data = () => ({
    n: later("<n>"),
    o: { a: later("<a>") },
    f: async () => "<f>",
    m: later(new Markup("<b>safe</b>")),
    // biome-ignore lint/suspicious/noThenProperty: a thenable that is not a Promise, on purpose
    th: { then: (ok: (v: unknown) => void) => ok(7) },
    nested: later(later(2)),
    none: later(null),
  });
  const escaped = "&lt;n&gt;|&lt;a&gt;|&lt;a&gt;|&lt;f&gt;|&lt;N&gt;|<b>safe</b>|7|2|None|1.5";
  const raw = "<n>|<a>|<a>|<f>|<N>|<b>safe</b>|7|2|None|1.5";
  assert.equal(await new Environment({ autoescape: true }).fromString(src).render(data()), escaped);
  assert.equal(await new Environment({ autoescape: false }).fromString(src).render(data()), raw);
  const flagged = new Environment({ autoescape: false }).fromString(
    `{% autoescape on_ %}${src}{% endautoescape %}`,
  );
  assert.equal(await flagged.render({ ...data(), on_: later(true) }), escaped);
  assert.equal(await flagged.render({ ...data(), on_: false }), raw);
  const strict = new Environment({ strictUndefined: true }).fromString("{{ o.missing }}");
  await assert.rejects(strict.render({ o: later({}) }), /has no attribute 'missing'/);
});
