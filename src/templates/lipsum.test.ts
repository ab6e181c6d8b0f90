import assert from "node:assert/strict";
import { test } from "node:test";
import { Environment, TemplateError } from "./index.ts";
import { lipsum } from "./lipsum.ts";

const env = new Environment();
const render = (source: string): string => env.fromString(source).renderSync({});

function paragraphs(html: string): string[] {
  const m = [...html.matchAll(/<p>([^<]*)<\/p>/g)].map((x) => x[1]!);
  assert.equal(m.join(""), html.replace(/<\/?p>|\n/g, ""), "nothing outside the <p> elements");
  return m;
}

const words = (p: string): number => p.split(" ").length;

test("lipsum() gives five <p> paragraphs of 20 to 100 words, unescaped, like Jinja2's", () => {
  const ps = paragraphs(render("{{ lipsum() }}"));
  assert.equal(ps.length, 5);
  for (const p of ps) {
    assert.ok(words(p) >= 20 && words(p) <= 100, `${words(p)} words`);
    assert.match(p, /^[A-Z][a-z]+[ a-z,.A-Z]*\.$/, "starts with a capital, ends with a period");
    assert.doesNotMatch(p, /\b(\w+) \1\b/i, "no word twice in a row");
  }
});

test("lipsum arguments: n, html, min, max, positional or keyword", () => {
  assert.equal(paragraphs(render("{{ lipsum(2, min=3, max=3) }}")).length, 2);
  for (const p of paragraphs(render("{{ lipsum(3, True, 7, 7) }}"))) assert.equal(words(p), 7);
  const plain = render("{{ lipsum(n=3, html=False, min=5, max=6) }}");
  assert.doesNotMatch(plain, /<p>/);
  const parts = plain.split("\n\n");
  assert.equal(parts.length, 3);
  for (const p of parts) assert.ok(words(p) >= 5 && words(p) <= 6);
  assert.equal(render("{{ lipsum(0) }}"), "");
});

test("lipsum is random: two calls differ", () => {
  assert.notEqual(render("{{ lipsum(1) }}"), render("{{ lipsum(1) }}"));
});

test("lipsum refuses bad sizes and more than the word cap", () => {
  for (const source of [
    "{{ lipsum(1, min=0) }}",
    "{{ lipsum(1, min=9, max=3) }}",
    "{{ lipsum(-1) }}",
    "{{ lipsum(n='x') }}",
    "{{ lipsum(100000, max=1000) }}",
    "{{ lipsum(1, colour=2) }}",
  ]) {
    assert.throws(() => render(source), TemplateError, source);
  }
});

test("with a fixed random source the text is reproducible", () => {
  let seed = 1;
  const rng = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const a = String(lipsum([2], new Map(), rng));
  seed = 1;
  assert.equal(String(lipsum([2], new Map(), rng)), a);
});
