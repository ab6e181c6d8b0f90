/**
 * The str, list and dict methods a template may call (`'a,b'.split(',')`, `d.items()`,
 * `items.append(x)`), as Jinja2's sandbox allows them. Only these names resolve: a JS method
 * such as `toString` or `constructor` never does.
 * @module
 */
import { typeError } from "./errors.ts";
import { isMarkup, Markup } from "./markup.ts";
import { eq } from "./operators.ts";
import { pyStr } from "./py-str.ts";
import { type Kwargs, PyFunction } from "./py-function.ts";
import { strFormat } from "./str-format.ts";
import { isMapping, isTuple, mappingEntries, num, tuple } from "./values.ts";

type Method = (self: any, args: unknown[], kw: Kwargs) => unknown;

function stripChars(s: string, chars: unknown, left: boolean, right: boolean): string {
  const set = chars === undefined || chars === null ? null : pyStr(chars);
  const strip = (c: string) => (set === null ? /\s/.test(c) : set.includes(c));
  const cs = [...s];
  let a = 0;
  let b = cs.length;
  if (left) while (a < b && strip(cs[a]!)) a++;
  if (right) while (b > a && strip(cs[b - 1]!)) b--;
  return cs.slice(a, b).join("");
}

export function pySplit(s: string, sep: unknown, max: unknown): string[] {
  const limit = max === undefined || max === null ? -1 : num(max);
  if (sep === undefined || sep === null) {
    const out: string[] = [];
    let rest = s.replace(/^\s+/, "");
    while (rest) {
      if (limit >= 0 && out.length === limit) {
        out.push(rest);
        break;
      }
      const m = /\s+/.exec(rest);
      if (!m) {
        out.push(rest);
        break;
      }
      out.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
      if (limit >= 0 && out.length === limit && rest) {
        out.push(rest);
        break;
      }
    }
    return out.slice(0, limit >= 0 ? limit + 1 : undefined);
  }
  const sp = pyStr(sep);
  if (sp === "") throw typeError("empty separator");
  const parts = s.split(sp);
  if (limit < 0 || parts.length <= limit + 1) return parts;
  return [...parts.slice(0, limit), parts.slice(limit).join(sp)];
}

function pyTitle(s: string): string {
  return s.replace(/[\p{L}\p{N}']+/gu, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase());
}

const STR: Record<string, Method> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  casefold: (s) => s.toLowerCase(),
  capitalize: (s) => (s ? s[0]!.toUpperCase() + s.slice(1).toLowerCase() : s),
  title: (s) => pyTitle(s),
  swapcase: (s: string) =>
    [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(""),
  strip: (s, [c]) => stripChars(s, c, true, true),
  lstrip: (s, [c]) => stripChars(s, c, true, false),
  rstrip: (s, [c]) => stripChars(s, c, false, true),
  split: (s, [sep, max], kw) => pySplit(s, kw.get("sep") ?? sep, kw.get("maxsplit") ?? max),
  splitlines: (s: string) =>
    s.split(/\r\n|\r|\n/).filter((x, i, a) => i < a.length - 1 || x !== ""),
  startswith: (s, [p]) =>
    Array.isArray(p) ? p.some((x) => s.startsWith(pyStr(x))) : s.startsWith(pyStr(p)),
  endswith: (s, [p]) =>
    Array.isArray(p) ? p.some((x) => s.endsWith(pyStr(x))) : s.endsWith(pyStr(p)),
  replace: (s, [a, b, n]) => {
    const from = pyStr(a);
    const to = pyStr(b);
    const max = n === undefined ? -1 : num(n);
    const parts = s.split(from);
    if (max < 0 || parts.length - 1 <= max) return parts.join(to);
    return parts.slice(0, max + 1).join(to) + from + parts.slice(max + 1).join(from);
  },
  find: (s, [x]) => s.indexOf(pyStr(x)),
  rfind: (s, [x]) => s.lastIndexOf(pyStr(x)),
  count: (s, [x]) => s.split(pyStr(x)).length - 1,
  join: (s, [items]) => [...(items as Iterable<unknown>)].map(pyStr).join(s),
  isdigit: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isalnum: (s) => /^[\p{L}\p{N}]+$/u.test(s),
  isspace: (s) => /^\s+$/.test(s),
  islower: (s) => /\p{Ll}/u.test(s) && s === s.toLowerCase(),
  isupper: (s) => /\p{Lu}/u.test(s) && s === s.toUpperCase(),
  center: (s, [w, f]) => center(s, num(w), f === undefined ? " " : pyStr(f)),
  ljust: (s, [w, f]) => s.padEnd(num(w), f === undefined ? " " : pyStr(f)),
  rjust: (s, [w, f]) => s.padStart(num(w), f === undefined ? " " : pyStr(f)),
  zfill: (s, [w]) => {
    const sign = /^[-+]/.test(s) ? s[0]! : "";
    return sign + s.slice(sign.length).padStart(num(w) - sign.length, "0");
  },
  format: (s, args, kw) => strFormat(s, args, kw, getFieldHook),
};

/** Python's `str.center`: extra padding goes right when the width difference is odd... mostly. */
export function center(s: string, width: number, fill = " "): string {
  const len = [...s].length;
  if (width <= len) return s;
  const marg = width - len;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return fill.repeat(left) + s + fill.repeat(marg - left);
}

const LIST: Record<string, Method> = {
  append: (a, [x]) => {
    if (isTuple(a)) throw typeError("'tuple' object has no attribute 'append'");
    a.push(x);
    return null;
  },
  extend: (a, [xs]) => {
    a.push(...(xs as unknown[]));
    return null;
  },
  pop: (a, [i]) => (i === undefined ? a.pop() : a.splice(num(i), 1)[0]),
  insert: (a, [i, x]) => {
    a.splice(num(i), 0, x);
    return null;
  },
  count: (a, [x]) => a.filter((y: unknown) => eq(x, y)).length,
  index: (a, [x]) => {
    const i = a.findIndex((y: unknown) => eq(x, y));
    if (i < 0) throw new Error("x not in list");
    return i;
  },
};

const DICT: Record<string, Method> = {
  items: (d) => mappingEntries(d).map(([k, v]) => tuple([k, v])),
  keys: (d) => mappingEntries(d).map(([k]) => k),
  values: (d) => mappingEntries(d).map(([, v]) => v),
  get: (d, [k, dflt]) => {
    if (d instanceof Map) return d.has(k) ? d.get(k) : (dflt ?? null);
    return typeof k === "string" && Object.hasOwn(d, k) ? d[k] : (dflt ?? null);
  },
  update: (d, [other], kw) => {
    const pairs = [
      ...(other === undefined ? [] : mappingEntries(other as Map<unknown, unknown>)),
      ...kw,
    ];
    for (const [k, v] of pairs) {
      if (d instanceof Map) d.set(k, v);
      else if (typeof k === "string" && k !== "__proto__") d[k] = v;
    }
    return null;
  },
};

/** True when `name` is a str, list or dict method a template could mean by `x.name`. */
export function isMethodName(name: string): boolean {
  return Object.hasOwn(STR, name) || Object.hasOwn(LIST, name) || Object.hasOwn(DICT, name);
}

let getFieldHook: (obj: unknown, name: string) => unknown = () => undefined;
/** access.ts registers its sandboxed getattr here, for `{x.attr}` fields in `str.format`. */
export function setFieldHook(f: (obj: unknown, name: string) => unknown): void {
  getFieldHook = f;
}

/** The bound method `name` of `obj`, or undefined when the sandbox exposes no such method. */
export function methodOf(obj: unknown, name: string): PyFunction | undefined {
  let table: Record<string, Method> | undefined;
  const self: unknown = obj;
  if (typeof obj === "string") table = STR;
  else if (isMarkup(obj)) {
    const m = Object.hasOwn(STR, name) ? STR[name] : undefined;
    if (!m) return undefined;
    const html = obj.__html__();
    return new PyFunction(name, (args, kw) => {
      const r = m(html, args, kw);
      return typeof r === "string" ? new Markup(r) : r;
    });
  } else if (Array.isArray(obj)) table = LIST;
  else if (isMapping(obj)) table = DICT;
  if (!table || !Object.hasOwn(table, name)) return undefined;
  const m = table[name]!;
  return new PyFunction(name, (args, kw) => m(self, args, kw));
}
