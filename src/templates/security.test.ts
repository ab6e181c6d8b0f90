import assert from "node:assert/strict";
import { test } from "node:test";
import {
  Environment,
  ERR_TEMPLATE_SECURITY,
  isMarkup,
  PyFunction,
  TemplateError,
} from "./index.ts";

const env = new Environment();

function fails(source: string, data: Record<string, unknown> = {}): TemplateError {
  try {
    env.fromString(source).renderSync(data);
  } catch (e) {
    assert.ok(e instanceof TemplateError, `expected a TemplateError, got ${e}`);
    return e;
  }
  assert.fail(`rendered without error: ${source}`);
}

const ESCAPES = [
  "{{ range.constructor('return 1')() }}",
  "{{ range.constructor }}",
  "{{ ''.constructor }}",
  "{{ [].constructor.constructor('return process')() }}",
  "{{ x.__proto__ }}",
  "{{ x['__proto__'] }}",
  "{{ x['constructor'] }}",
  "{{ f.prototype }}",
  "{{ f.constructor('return globalThis')() }}",
  "{{ cycler.constructor }}",
  "{{ namespace().__class__ }}",
  "{{ ''.__class__.__mro__ }}",
  "{{ x|attr('constructor') }}",
  "{{ x|attr('__proto__') }}",
  "{{ ('a'|safe).constructor }}",
  "{% set ns = namespace() %}{{ ns.__init__ }}",
  "{{ loop_fn.constructor }}",
  "{{ '{0.constructor}'.format(x) }}",
  "{{ [x]|map(attribute='constructor')|list }}",
  "{{ [x]|selectattr('__proto__')|list }}",
];

for (const src of ESCAPES) {
  test(`sandbox refuses ${src}`, () => {
    const e = fails(src, { x: {}, f: () => 1, loop_fn: () => 1 });
    assert.equal(e.code, ERR_TEMPLATE_SECURITY, e.message);
    assert.equal(e.kind, "SecurityError");
  });
}

test("functions reachable only through the prototype chain do not resolve", () => {
  const out = env
    .fromString("[{{ s.toString }}][{{ xs.map }}][{{ o.hasOwnProperty }}][{{ d.getTime }}]")
    .renderSync({
      s: "abc",
      xs: [1],
      o: {},
      d: new Date(0),
    });
  assert.equal(out, "[][][][]");
});

test("class getters are not run: a class instance shows its own data properties only", () => {
  let ran = 0;
  class Account {
    plain = "p";
    get secret(): string {
      ran++;
      return "s";
    }
  }
  const own = Object.defineProperty(new Account(), "token", {
    get() {
      ran++;
      return "t";
    },
    enumerable: true,
  });
  assert.equal(
    env
      .fromString("{{ a.secret }}|{{ a['secret'] }}|{{ a.token }}|{{ a['token'] }}|{{ a.plain }}")
      .renderSync({ a: own }),
    "||||p",
  );
  assert.equal(ran, 0);
});

test("a plain object is a dict: a getter written into the data gives its value", () => {
  const o = {
    get total() {
      return 3;
    },
  };
  assert.equal(
    env.fromString("{{ o.total }}|{{ o['total'] }}|{{ o.items()|list }}").renderSync({ o }),
    "3|3|[(&#39;total&#39;, 3)]",
  );
});

test("class instances expose own fields, not methods", () => {
  class User {
    name = "ann";
    greet() {
      return "hi";
    }
  }
  assert.equal(
    env.fromString("{{ u.name }}[{{ u.greet }}]").renderSync({ u: new User() }),
    "ann[]",
  );
});

test("Function and eval are refused even when passed in", () => {
  for (const fn of [Function, (globalThis as Record<string, unknown>)["eval"]]) {
    const e = fails("{{ f('return 1') }}", { f: fn });
    assert.equal(e.code, ERR_TEMPLATE_SECURITY);
  }
});

test("printing a function never shows its source", () => {
  const out = env.fromString("{{ f }}").renderSync({
    f: function secret() {
      return "x";
    },
  });
  assert.ok(!out.includes("return"), out);
});

test("functions passed in are callable, with keyword arguments gathered in a trailing object", () => {
  const out = env.fromString("{{ add(1, 2) }} {{ kw(1, b=2) }}").renderSync({
    add: (a: number, b: number) => a + b,
    kw: (a: number, o: { b: number }) => `${a}/${o.b}`,
  });
  assert.equal(out, "3 1/2");
});

test("a PyFunction gets positional and keyword arguments", () => {
  const f = new PyFunction("f", (args, kw) => `${args.length}:${[...kw.keys()].join(",")}`);
  assert.equal(env.fromString("{{ f(1, 2, x=3) }}").renderSync({ f }), "2:x");
});

test("range, big integers and string repetition are capped", () => {
  for (const src of ["{{ range(1000000)|length }}", "{{ 10 ** 1000000 }}", "{{ 'x' * 2 ** 40 }}"]) {
    const e = fails(src);
    assert.equal(e.kind, "OverflowError", src);
  }
});

test("a __proto__ key in the data is a plain value, not a prototype", () => {
  const data = JSON.parse('{"o": {"__proto__": {"polluted": 1}}}') as Record<string, unknown>;
  assert.equal(env.fromString("[{{ o.polluted }}]").renderSync(data), "[]");
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test("namespace attributes cannot reach the prototype", () => {
  const e = fails("{% set ns = namespace() %}{% set ns.__proto__ = 1 %}{{ ns.__proto__ }}");
  assert.equal(e.code, ERR_TEMPLATE_SECURITY);
});

test("tojson output is safe inside <script>", () => {
  const out = env
    .fromString("<script>var d = {{ d|tojson }};</script>")
    .renderSync({ d: "</script><b>&'" });
  assert.ok(!out.slice(8, -9).includes("</script>"), out);
  assert.ok(out.includes("\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u0027"), out);
});

test("autoescape marks output of macros as safe exactly once", () => {
  const out = env
    .fromString("{% macro b(x) %}<b>{{ x }}</b>{% endmacro %}{{ b('<i>') }}")
    .renderSync({});
  assert.equal(out, "<b>&lt;i&gt;</b>");
  assert.ok(isMarkup(env.fromString("{{ 1 }}").renderSync({})) === false);
});
