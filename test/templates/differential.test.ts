/**
 * The differential suite: every case in cases/*.json rendered by Flagon must match, byte for
 * byte, what real Jinja2 rendered (expected.json, written by scripts/jinja-expected.py); for
 * templates that must fail, the Jinja2 exception class must match the error's `kind`.
 * Each case runs in both modes: async `render()` and `renderSync()`.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { TemplateError } from "../../src/templates/index.ts";
import { decode, environmentFor, loadCases } from "./harness.ts";

const expected = JSON.parse(readFileSync(join(import.meta.dirname, "expected.json"), "utf8")) as {
  cases: Record<string, { out?: string; err?: string }>;
};

// Jinja2 subclasses that Flagon reports under their base class.
const ALIASES: Record<string, string> = {
  FilterArgumentError: "TemplateRuntimeError",
};

type Result = { out: string } | { err: string };

async function outcome(f: () => string | Promise<string>): Promise<Result> {
  try {
    return { out: await f() };
  } catch (e) {
    if (e instanceof TemplateError) return { err: e.kind };
    return { err: `not a TemplateError: ${(e as Error)?.stack ?? e}` };
  }
}

const cases = loadCases();

test("expected.json matches the cases (run scripts/jinja-expected.py after changing them)", () => {
  const missing = cases.filter((c) => !(c.key in expected.cases)).map((c) => c.key);
  assert.deepEqual(missing, [], "cases without an expected output");
  const keys = new Set(cases.map((c) => c.key));
  const stale = Object.keys(expected.cases).filter((k) => !keys.has(k));
  assert.deepEqual(stale, [], "expected outputs of cases that no longer exist");
  assert.ok(cases.length >= 300, `${cases.length} cases`);
});

for (const c of cases) {
  test(`jinja2 parity: ${c.key}`, async () => {
    const want = expected.cases[c.key];
    assert.ok(want, "expected output present");
    const wantR: Result =
      want.err !== undefined ? { err: ALIASES[want.err] ?? want.err } : { out: want.out! };
    const ctx = decode(c.context) as Record<string, unknown>;
    const asyncR = await outcome(() => environmentFor(c).getTemplate(c.entry).render(ctx));
    assert.deepEqual(asyncR, wantR, "render()");
    const syncR = await outcome(() =>
      environmentFor(c)
        .getTemplate(c.entry)
        .renderSync(decode(c.context) as Record<string, unknown>),
    );
    assert.deepEqual(syncR, wantR, "renderSync()");
  });
}
