/**
 * Jinja2's sequence filters: first, last, length, list, join, sort, dictsort, reverse, unique,
 * min, max, sum, batch, slice, groupby, map, select, reject, selectattr, rejectattr, items.
 * Sorting and grouping are case-insensitive by default, as in Jinja2, and stable.
 * @module
 */
import { getitem } from "./access.ts";
import { TemplateError, typeError } from "./errors.ts";
import { type FilterCtx, type FilterFn, filterDef } from "./filter-def.ts";
import { iterate } from "./loop.ts";
import { isMarkup, Markup } from "./markup.ts";
import { add, cmp, eq, truthy, typeName } from "./operators.ts";
import { pyStr } from "./py-str.ts";
import { escapeValue } from "./filters-text.ts";
import { Undefined } from "./undefined.ts";
import { isMapping, mappingEntries, namedTuple, num, tuple } from "./values.ts";

type Getter = (item: unknown) => unknown;

function ignoreCase(v: unknown): unknown {
  return typeof v === "string" ? v.toLowerCase() : isMarkup(v) ? v.__html__().toLowerCase() : v;
}

/** Jinja2's `make_attrgetter`: dotted path, integer parts as indexes, optional default. */
export function attrGetter(
  fc: FilterCtx,
  attribute: unknown,
  post?: (v: unknown) => unknown,
  dflt: unknown = null,
): Getter {
  const parts =
    typeof attribute === "string"
      ? attribute.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p))
      : [attribute];
  return (item) => {
    let v = item;
    for (const p of parts) v = getitem(v, p, fc.ctx.u);
    if (dflt !== null && dflt !== undefined && v instanceof Undefined) v = dflt;
    return post ? post(v) : v;
  };
}

function keyFn(fc: FilterCtx, caseSensitive: unknown, attribute: unknown): Getter {
  const post = caseSensitive ? undefined : ignoreCase;
  if (attribute === null || attribute === undefined) return post ?? ((x) => x);
  return attrGetter(fc, attribute, post);
}

/** `sort(attribute="age,name")`: Jinja2's multi-attribute key, compared as a list. */
function sortKeyFn(fc: FilterCtx, caseSensitive: unknown, attribute: unknown): Getter {
  if (typeof attribute !== "string" || !attribute.includes(","))
    return keyFn(fc, caseSensitive, attribute);
  const getters = attribute.split(",").map((a) => keyFn(fc, caseSensitive, a));
  return (item) => getters.map((g) => g(item));
}

function sortBy<T>(items: T[], key: (x: T) => unknown, reverse: boolean): T[] {
  const keyed = items.map((x) => [key(x), x] as const);
  // Array.prototype.sort is stable; comparing in reverse keeps equal items in input order, as
  // Python's sorted(reverse=True) does.
  keyed.sort((a, b) => (reverse ? cmp(b[0], a[0], "<") : cmp(a[0], b[0], "<")));
  return keyed.map(([, x]) => x);
}

function length(v: unknown): number {
  if (typeof v === "string") return [...v].length;
  if (isMarkup(v)) return [...v.__html__()].length;
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map || v instanceof Set) return v.size;
  if (v instanceof Undefined) return 0;
  if (isMapping(v)) return Object.keys(v).length;
  throw typeError(`object of type '${typeName(v)}' has no len()`);
}

function join(fc: FilterCtx, value: unknown, d: unknown = "", attribute: unknown = null): unknown {
  let items = iterate(value);
  if (attribute !== null && attribute !== undefined) items = items.map(attrGetter(fc, attribute));
  if (!fc.autoescape) return items.map(pyStr).join(pyStr(d));
  if (!isMarkup(d)) {
    if (items.some(isMarkup))
      return new Markup(items.map((x) => escapeValue(x).value).join(escapeValue(d).value));
    return items.map(pyStr).join(pyStr(d));
  }
  return new Markup(items.map((x) => escapeValue(x).value).join(d.__html__()));
}

function minMax(
  fc: FilterCtx,
  value: unknown,
  cs: unknown,
  attribute: unknown,
  sign: number,
): unknown {
  const items = iterate(value);
  if (!items.length) return fc.ctx.u("No aggregated item, sequence was empty.");
  const key = keyFn(fc, cs, attribute);
  let best = items[0];
  let bk = key(best);
  for (const x of items.slice(1)) {
    const k = key(x);
    if (cmp(k, bk, "<") * sign > 0) {
      best = x;
      bk = k;
    }
  }
  return best;
}

function selectOrReject(lookupAttr: boolean, keep: boolean): FilterFn {
  return (value, args, kwargs, fc) => {
    let off = 0;
    let trans: Getter = (x) => x;
    if (lookupAttr) {
      trans = attrGetter(fc, args[0]);
      off = 1;
    }
    let test: (x: unknown) => boolean = truthy;
    if (args.length > off) {
      const name = pyStr(args[off]);
      const rest = args.slice(off + 1);
      const fn = fc.ctx.env.tests.get(name);
      if (!fn) throw new TemplateError("TemplateRuntimeError", `No test named '${name}'.`);
      test = (x) => fn(x, rest, kwargs, fc.ctx);
    }
    return iterate(value).filter((x) => test(trans(x)) === keep);
  };
}

const map: FilterFn = (value, args, kwargs, fc) => {
  const items = iterate(value);
  if (!args.length && kwargs.has("attribute")) {
    const get = attrGetter(fc, kwargs.get("attribute"), undefined, kwargs.get("default") ?? null);
    return items.map(get);
  }
  const name = pyStr(args[0]);
  const f = fc.ctx.env.filters.get(name);
  if (!f) throw new TemplateError("TemplateRuntimeError", `No filter named '${name}'.`);
  return items.map((x) => f(x, args.slice(1), kwargs, fc));
};

function groupby(
  fc: FilterCtx,
  value: unknown,
  attribute: unknown,
  dflt: unknown = null,
  cs: unknown = false,
): unknown[] {
  const key = attrGetter(fc, attribute, cs ? undefined : ignoreCase, dflt);
  const sorted = sortBy(iterate(value), key, false);
  const groups: [unknown, unknown[]][] = [];
  for (const x of sorted) {
    const k = key(x);
    const last = groups[groups.length - 1];
    if (last && eq(last[0], k)) last[1].push(x);
    else groups.push([k, [x]]);
  }
  const out = cs
    ? groups
    : groups.map(
        ([, list]) =>
          [attrGetter(fc, attribute, undefined, dflt)(list[0]), list] as [unknown, unknown[]],
      );
  return out.map(([k, list]) => namedTuple([k, list], ["grouper", "list"]));
}

export const SEQ_FILTERS: [string, FilterFn][] = [
  ["length", filterDef("length", [], (_f, v) => length(v))],
  ["count", filterDef("count", [], (_f, v) => length(v))],
  [
    "first",
    filterDef("first", [], (fc, v) => {
      const items = iterate(v);
      return items.length ? items[0] : fc.ctx.u("No first item, sequence was empty.");
    }),
  ],
  [
    "last",
    filterDef("last", [], (fc, v) => {
      const items = iterate(v);
      return items.length ? items[items.length - 1] : fc.ctx.u("No last item, sequence was empty.");
    }),
  ],
  ["list", filterDef("list", [], (_f, v) => [...iterate(v)])],
  ["join", filterDef("join", ["d", "attribute"], join)],
  [
    "sort",
    filterDef(
      "sort",
      ["reverse", "case_sensitive", "attribute"],
      (fc, v, reverse = false, cs = false, attr = null) =>
        sortBy([...iterate(v)], sortKeyFn(fc, cs, attr), truthy(reverse)),
    ),
  ],
  [
    "dictsort",
    filterDef(
      "dictsort",
      ["case_sensitive", "by", "reverse"],
      (_fc, v, cs = false, by = "key", reverse = false) => {
        if (!isMapping(v)) throw typeError("dictsort needs a mapping");
        const pos = by === "key" ? 0 : by === "value" ? 1 : -1;
        if (pos < 0)
          throw new TemplateError(
            "TemplateRuntimeError",
            'You can only sort by either "key" or "value"',
          );
        const items = mappingEntries(v).map(([k, x]) => tuple([k, x]));
        return sortBy(items, (it) => (cs ? it[pos] : ignoreCase(it[pos])), truthy(reverse));
      },
    ),
  ],
  [
    "reverse",
    filterDef("reverse", [], (_f, v) => {
      if (typeof v === "string") return [...v].reverse().join("");
      if (isMarkup(v)) return new Markup([...v.__html__()].reverse().join(""));
      return [...iterate(v)].reverse();
    }),
  ],
  [
    "unique",
    filterDef("unique", ["case_sensitive", "attribute"], (fc, v, cs = false, attr = null) => {
      const key = keyFn(fc, cs, attr);
      const seen: unknown[] = [];
      const out: unknown[] = [];
      for (const x of iterate(v)) {
        const k = key(x);
        if (!seen.some((s) => eq(s, k))) {
          seen.push(k);
          out.push(x);
        }
      }
      return out;
    }),
  ],
  [
    "min",
    filterDef("min", ["case_sensitive", "attribute"], (fc, v, cs = false, a = null) =>
      minMax(fc, v, cs, a, -1),
    ),
  ],
  [
    "max",
    filterDef("max", ["case_sensitive", "attribute"], (fc, v, cs = false, a = null) =>
      minMax(fc, v, cs, a, 1),
    ),
  ],
  [
    "sum",
    filterDef("sum", ["attribute", "start"], (fc, v, attr = null, start = 0) => {
      let items = iterate(v);
      if (attr !== null && attr !== undefined) items = items.map(attrGetter(fc, attr));
      return items.reduce((acc, x) => add(acc, x), start);
    }),
  ],
  [
    "batch",
    filterDef("batch", ["linecount", "fill_with"], (_f, v, n, fill = null) => {
      const size = num(n);
      const out: unknown[][] = [];
      let tmp: unknown[] = [];
      for (const x of iterate(v)) {
        if (tmp.length === size) {
          out.push(tmp);
          tmp = [];
        }
        tmp.push(x);
      }
      if (tmp.length) {
        if (fill !== null && fill !== undefined) while (tmp.length < size) tmp.push(fill);
        out.push(tmp);
      }
      return out;
    }),
  ],
  [
    "slice",
    filterDef("slice", ["slices", "fill_with"], (_f, v, slices, fill = null) => {
      const seq = iterate(v);
      const n = num(slices);
      const per = Math.floor(seq.length / n);
      const extra = seq.length % n;
      let offset = 0;
      const out: unknown[][] = [];
      for (let i = 0; i < n; i++) {
        const start = offset + i * per;
        if (i < extra) offset++;
        const end = offset + (i + 1) * per;
        const tmp = seq.slice(start, end);
        if (fill !== null && fill !== undefined && i >= extra) tmp.push(fill);
        out.push(tmp);
      }
      return out;
    }),
  ],
  ["groupby", filterDef("groupby", ["attribute", "default", "case_sensitive"], groupby)],
  ["map", map],
  ["select", selectOrReject(false, true)],
  ["reject", selectOrReject(false, false)],
  ["selectattr", selectOrReject(true, true)],
  ["rejectattr", selectOrReject(true, false)],
  [
    "random",
    filterDef("random", [], (fc, v) => {
      const items = iterate(v);
      return items.length
        ? items[Math.floor(Math.random() * items.length)]
        : fc.ctx.u("No random item, sequence was empty.");
    }),
  ],
  [
    "items",
    filterDef("items", [], (_f, v) => {
      if (v instanceof Undefined) return [];
      if (!isMapping(v)) throw typeError("Can only get item pairs from a mapping.");
      return mappingEntries(v).map(([k, x]) => tuple([k, x]));
    }),
  ],
];
