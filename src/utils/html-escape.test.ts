import assert from "node:assert/strict";
import { test } from "node:test";
import { escapeHtml } from "./html-escape.ts";

test("escapes the five special characters", () => {
  assert.equal(
    escapeHtml(`<a href="x" title='y'>&</a>`),
    "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
  );
});

test("returns the same string when nothing needs escaping", () => {
  const s = "plain text, with ünïcödé and numbers 123";
  assert.equal(escapeHtml(s), s);
  assert.equal(escapeHtml(""), "");
});

test("handles specials at the edges and in runs", () => {
  assert.equal(escapeHtml("&"), "&amp;");
  assert.equal(escapeHtml("<<>>"), "&lt;&lt;&gt;&gt;");
  assert.equal(escapeHtml("a<"), "a&lt;");
  assert.equal(escapeHtml(">a"), "&gt;a");
  assert.equal(escapeHtml("&amp;"), "&amp;amp;");
});

test("XSS payloads cannot break out of text or quoted attributes", () => {
  const payloads = [
    `"><script>alert(1)</script>`,
    `' onmouseover='alert(1)`,
    "</title><svg onload=alert(1)>",
  ];
  for (const p of payloads) {
    const out = escapeHtml(p);
    assert.doesNotMatch(out, /[<>"']/);
  }
});

test("coerces non-strings instead of throwing", () => {
  assert.equal(escapeHtml(42 as unknown as string), "42");
  assert.equal(escapeHtml(null as unknown as string), "null");
});
