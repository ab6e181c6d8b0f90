/**
 * Jinja2's built-in tests (`is defined`, `is even`, `is divisibleby 3` ...), with Python's
 * type notions: booleans are numbers, dicts are sequences, strings are iterable.
 * @module
 */
import { TEMPLATE_CALL } from "./access.ts";
import type { RenderContext } from "./context.ts";
import { type TestFn, testDef } from "./filter-def.ts";
import { Macro } from "./macro.ts";
import { isMarkup } from "./markup.ts";
import { cmp, contains, eq, mod } from "./operators.ts";
import { PyFunction } from "./py-function.ts";
import { Undefined } from "./undefined.ts";
import { isFloat, isMapping, isNumber } from "./values.ts";

export { wrapUserTest } from "./filter-def.ts";
export type { TestFn };

const isStr = (v: unknown) => typeof v === "string" || isMarkup(v);
const isInt = (v: unknown) =>
  (typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint";

function isCallable(v: unknown): boolean {
  return (
    typeof v === "function" ||
    v instanceof PyFunction ||
    v instanceof Macro ||
    (typeof v === "object" && v !== null && TEMPLATE_CALL in v)
  );
}

const list: [string[], readonly string[], (v: any, ...a: any[]) => boolean][] = [
  [["defined"], [], (v) => !(v instanceof Undefined)],
  [["undefined"], [], (v) => v instanceof Undefined],
  [["none"], [], (v) => v === null],
  [["boolean"], [], (v) => typeof v === "boolean"],
  [["true"], [], (v) => v === true],
  [["false"], [], (v) => v === false],
  [["number"], [], (v) => isNumber(v)],
  [["integer"], [], (v) => isInt(v)],
  [["float"], [], (v) => isFloat(v)],
  [["string"], [], (v) => isStr(v)],
  [["mapping"], [], (v) => isMapping(v)],
  [["sequence"], [], (v) => isStr(v) || Array.isArray(v) || isMapping(v)],
  [["iterable"], [], (v) => isStr(v) || Array.isArray(v) || isMapping(v) || v instanceof Set],
  [["callable"], [], (v) => isCallable(v)],
  [["escaped"], [], (v) => isMarkup(v)],
  [
    ["lower"],
    [],
    (v) => isStr(v) && /\p{Ll}/u.test(String(v)) && String(v) === String(v).toLowerCase(),
  ],
  [
    ["upper"],
    [],
    (v) => isStr(v) && /\p{Lu}/u.test(String(v)) && String(v) === String(v).toUpperCase(),
  ],
  // Python's `%`: floor modulo, TypeError for non-numbers, ZeroDivisionError for 0.
  [["even"], [], (v) => eq(mod(v, 2), 0)],
  [["odd"], [], (v) => eq(mod(v, 2), 1)],
  [["divisibleby"], ["num"], (v, n) => eq(mod(v, n), 0)],
  [["eq", "equalto", "=="], ["other"], (v, o) => eq(v, o)],
  [["ne", "!="], ["other"], (v, o) => !eq(v, o)],
  [["lt", "lessthan", "<"], ["other"], (v, o) => cmp(v, o, "<") < 0],
  [["le", "<="], ["other"], (v, o) => cmp(v, o, "<=") <= 0],
  [["gt", "greaterthan", ">"], ["other"], (v, o) => cmp(v, o, ">") > 0],
  [["ge", ">="], ["other"], (v, o) => cmp(v, o, ">=") >= 0],
  [["in"], ["seq"], (v, s) => contains(s, v)],
  [["sameas"], ["other"], (v, o) => v === o],
];

export const BUILTIN_TESTS: Map<string, TestFn> = new Map();
for (const [names, params, fn] of list) {
  for (const n of names) BUILTIN_TESTS.set(n, testDef(n, params, fn));
}
BUILTIN_TESTS.set(
  "filter",
  (v, _a, _k, ctx: RenderContext) => typeof v === "string" && ctx.env.filters.has(v),
);
BUILTIN_TESTS.set(
  "test",
  (v, _a, _k, ctx: RenderContext) => typeof v === "string" && ctx.env.tests.has(v),
);
