/**
 * Jinja2's string filters: case, trimming, replace, truncate, indent, center, wordcount,
 * striptags, urlencode, format, escape/safe, tojson, xmlattr, filesizeformat. Markup stays
 * Markup through them, as with markupsafe.
 * @module
 */
import { iterate } from "./loop.ts";
import { type FilterCtx, type FilterFn, filterDef } from "./filter-def.ts";
import { TemplateError, typeError } from "./errors.ts";
import { urlize } from "./filter-urlize.ts";
import { escapeText, isMarkup, Markup } from "./markup.ts";
import { center, pySplit } from "./methods.ts";
import { percentFormat, truthy } from "./operators.ts";
import { htmlSafeJson } from "./py-json.ts";
import { pyFixed } from "./py-round.ts";
import { textWrap } from "./py-textwrap.ts";
import { pyRepr, pyStr } from "./py-str.ts";
import { Undefined } from "./undefined.ts";
import { isMapping, isTuple as isTupleLike, mappingEntries, num, tuple } from "./values.ts";

/** markupsafe's `soft_str`: Markup stays Markup, anything else becomes `str()`. */
export function softStr(v: unknown): string | Markup {
  if (v instanceof Markup) return v;
  if (isMarkup(v)) return new Markup(v.__html__());
  return pyStr(v);
}

/** Apply a str -> str function, keeping the Markup-ness of the input. */
function keep(v: unknown, f: (s: string) => string): string | Markup {
  const s = softStr(v);
  return s instanceof Markup ? new Markup(f(s.value)) : f(s);
}

export function escapeValue(v: unknown): Markup {
  if (isMarkup(v)) return v instanceof Markup ? v : new Markup(v.__html__());
  return new Markup(escapeText(pyStr(v)));
}

function pyCapitalize(s: string): string {
  const cs = [...s];
  return cs.length ? cs[0]!.toUpperCase() + cs.slice(1).join("").toLowerCase() : s;
}

function pyStrip(s: string, chars: unknown): string {
  if (chars === undefined || chars === null) return s.replace(/^\s+|\s+$/g, "");
  const set = pyStr(chars);
  const cs = [...s];
  let a = 0;
  let b = cs.length;
  while (a < b && set.includes(cs[a]!)) a++;
  while (b > a && set.includes(cs[b - 1]!)) b--;
  return cs.slice(a, b).join("");
}

function sortedDicts(v: unknown): unknown {
  if (Array.isArray(v)) {
    const out = v.map(sortedDicts);
    return isTupleLike(v) ? tuple(out) : out;
  }
  if (isMapping(v)) {
    const entries = mappingEntries(v).map(([k, x]) => [k, sortedDicts(x)] as [unknown, unknown]);
    entries.sort((a, b) =>
      String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0,
    );
    return new Map(entries);
  }
  return v;
}

export function pySplitlines(s: string): string[] {
  const parts = s.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/);
  if (parts.length && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  raquo: "»",
  laquo: "«",
  copy: "©",
};

function unescapeHtml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === "#") {
      const cp =
        e[1] === "x" || e[1] === "X"
          ? Number.parseInt(e.slice(2), 16)
          : Number.parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

/** Python's `urllib.parse.quote`: keep letters, digits and `_.-~` (and `/` unless for a query). */
function urlQuote(v: unknown, forQs: boolean): string {
  const s = pyStr(v);
  let out = "";
  for (const b of new TextEncoder().encode(s)) {
    const ch = String.fromCharCode(b);
    if (/[A-Za-z0-9_.\-~]/.test(ch) || (!forQs && ch === "/")) out += ch;
    else out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return forQs ? out.replaceAll("%20", "+") : out;
}

function title(s: string): string {
  return s
    .split(/([-\s({[<]+)/)
    .filter((x) => x !== "")
    .map((item) => {
      const cs = [...item];
      return cs[0]!.toUpperCase() + cs.slice(1).join("").toLowerCase();
    })
    .join("");
}

function indent(
  _fc: FilterCtx,
  s: unknown,
  width: unknown = 4,
  first: unknown = false,
  blank: unknown = false,
): unknown {
  const ind = typeof width === "string" ? width : " ".repeat(num(width));
  const isM = s instanceof Markup;
  const str = `${isM ? (s as Markup).value : pyStr(s)}\n`;
  const lines = pySplitlines(str);
  let rv: string;
  if (blank) rv = lines.join(`\n${ind}`);
  else {
    rv = lines.shift() ?? "";
    if (lines.length) rv += `\n${lines.map((l) => (l ? ind + l : l)).join("\n")}`;
  }
  if (first) rv = ind + rv;
  return isM ? new Markup(rv) : rv;
}

function truncate(
  _fc: FilterCtx,
  s: unknown,
  length: unknown = 255,
  killwords: unknown = false,
  end: unknown = "...",
  leeway: unknown = null,
): string {
  const cs = [...pyStr(s)];
  const lw = leeway === null || leeway === undefined ? 5 : num(leeway);
  const n = num(length);
  const e = pyStr(end);
  if (n < [...e].length)
    throw new TemplateError(
      "TemplateRuntimeError",
      `expected length >= ${[...e].length}, got ${n}`,
    );
  if (cs.length <= n + lw) return cs.join("");
  const cut = cs.slice(0, Math.max(0, n - [...e].length)).join("");
  if (killwords) return cut + e;
  const sp = cut.lastIndexOf(" ");
  return (sp === -1 ? cut : cut.slice(0, sp)) + e;
}

function replace(
  fc: FilterCtx,
  s: unknown,
  old: unknown,
  nw: unknown,
  count: unknown = null,
): unknown {
  const n = count === null || count === undefined ? -1 : num(count);
  const rep = (str: string, a: string, b: string) => {
    // Python splits around the empty string between every code point and at both ends.
    const parts = a === "" ? ["", ...str, ""] : str.split(a);
    if (n < 0 || parts.length - 1 <= n) return parts.join(b);
    return parts.slice(0, n + 1).join(b) + a + parts.slice(n + 1).join(a);
  };
  if (!fc.autoescape) return rep(pyStr(s), pyStr(old), pyStr(nw));
  let src = softStr(s);
  if ((isMarkup(old) || isMarkup(nw)) && !(src instanceof Markup)) src = escapeValue(src);
  if (src instanceof Markup)
    return new Markup(rep(src.value, escapeValue(old).value, escapeValue(nw).value));
  return rep(src, pyStr(old), pyStr(nw));
}

function filesizeformat(_fc: FilterCtx, value: unknown, binary: unknown = false): string {
  const bytes = typeof value === "string" ? Number(value) : num(value);
  const base = binary ? 1024 : 1000;
  const prefixes = binary
    ? ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]
    : ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
  if (bytes === 1) return "1 Byte";
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  let unit = base;
  let prefix = prefixes[0]!;
  for (let i = 0; i < prefixes.length; i++) {
    unit = base ** (i + 2);
    prefix = prefixes[i]!;
    if (bytes < unit) break;
  }
  return `${pyFixed((base * bytes) / unit, 1)} ${prefix}`;
}

function xmlattr(fc: FilterCtx, d: unknown, autospace: unknown = true): unknown {
  if (!isMapping(d)) throw typeError("xmlattr needs a mapping");
  const parts: string[] = [];
  for (const [k, v] of mappingEntries(d)) {
    if (v === null || v === undefined || v instanceof Undefined) continue;
    parts.push(`${escapeValue(k).value}="${escapeValue(v).value}"`);
  }
  let rv = parts.join(" ");
  if (autospace && rv) rv = ` ${rv}`;
  return fc.autoescape ? new Markup(rv) : rv;
}

const format: FilterFn = (value, args, kwargs) => {
  if (args.length && kwargs.size)
    throw typeError("can't handle positional and keyword arguments at the same time");
  return percentFormat(softStr(value), kwargs.size ? kwargs : tuple(args));
};

function isIterableValue(v: unknown): boolean {
  return (
    Array.isArray(v) ||
    isMapping(v) ||
    v instanceof Set ||
    (typeof v === "object" && v !== null && Symbol.iterator in v)
  );
}

function urlencode(_fc: FilterCtx, value: unknown): string {
  // Strings and anything that is not iterable are quoted whole (Jinja2 quotes `str(value)`).
  if (typeof value === "string" || isMarkup(value) || !isIterableValue(value))
    return urlQuote(value, false);
  const pairs: [unknown, unknown][] = isMapping(value)
    ? mappingEntries(value)
    : (iterate(value) as [unknown, unknown][]);
  return pairs.map(([k, v]) => `${urlQuote(k, true)}=${urlQuote(v, true)}`).join("&");
}

export const TEXT_FILTERS: [string, FilterFn][] = [
  ["upper", filterDef("upper", [], (_f, s) => keep(s, (x) => x.toUpperCase()))],
  ["lower", filterDef("lower", [], (_f, s) => keep(s, (x) => x.toLowerCase()))],
  ["capitalize", filterDef("capitalize", [], (_f, s) => keep(s, pyCapitalize))],
  // Jinja2's title joins plain strings, so Markup comes out as a plain (escapable) string.
  ["title", filterDef("title", [], (_f, s) => title(isMarkup(s) ? s.__html__() : pyStr(s)))],
  ["trim", filterDef("trim", ["chars"], (_f, s, chars) => keep(s, (x) => pyStrip(x, chars)))],
  ["center", filterDef("center", ["width"], (_f, s, w = 80) => keep(s, (x) => center(x, num(w))))],
  ["indent", filterDef("indent", ["width", "first", "blank"], indent)],
  ["truncate", filterDef("truncate", ["length", "killwords", "end", "leeway"], truncate)],
  ["replace", filterDef("replace", ["old", "new", "count"], replace)],
  [
    "wordcount",
    filterDef("wordcount", [], (_f, s) => (pyStr(s).match(/[\p{L}\p{N}_]+/gu) ?? []).length),
  ],
  [
    "striptags",
    filterDef("striptags", [], (_f, s) => {
      const v = (isMarkup(s) ? s.__html__() : pyStr(s))
        .replace(/<!--[\s\S]*?-->/g, "")
        .replace(/<[\s\S]*?>/g, "");
      return unescapeHtml(pySplit(v, null, null).join(" "));
    }),
  ],
  ["urlencode", filterDef("urlencode", [], urlencode)],
  ["format", format],
  ["escape", filterDef("escape", [], (_f, s) => escapeValue(s))],
  ["e", filterDef("e", [], (_f, s) => escapeValue(s))],
  [
    "forceescape",
    filterDef("forceescape", [], (_f, s) => escapeValue(isMarkup(s) ? s.__html__() : s)),
  ],
  ["safe", filterDef("safe", [], (_f, s) => (isMarkup(s) ? s : new Markup(pyStr(s))))],
  ["string", filterDef("string", [], (_f, s) => softStr(s))],
  [
    "tojson",
    filterDef(
      "tojson",
      ["indent"],
      (_f, v, ind = null) => new Markup(htmlSafeJson(v, ind === null ? null : num(ind))),
    ),
  ],
  ["xmlattr", filterDef("xmlattr", ["autospace"], xmlattr)],
  [
    "urlize",
    filterDef("urlize", ["trim_url_limit", "nofollow", "target", "rel", "extra_schemes"], urlize),
  ],
  ["filesizeformat", filterDef("filesizeformat", ["binary"], filesizeformat)],
  [
    "wordwrap",
    filterDef(
      "wordwrap",
      ["width", "break_long_words", "wrapstring", "break_on_hyphens"],
      (_f, s, width = 79, blw = true, wrap = null, boh = true) => {
        const sep = wrap === null || wrap === undefined ? "\n" : pyStr(wrap);
        return pySplitlines(pyStr(s))
          .map((line) => textWrap(line, num(width), truthy(blw), truthy(boh)).join(sep))
          .join(sep);
      },
    ),
  ],
  // Python's pprint.pformat for values that fit on one 80-column line: repr with sorted dict keys.
  ["pprint", filterDef("pprint", [], (_f, v) => pyRepr(sortedDicts(v)))],
];
