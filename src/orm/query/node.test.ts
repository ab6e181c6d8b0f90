import assert from "node:assert/strict";
import { test } from "node:test";
import { f } from "../model/fields.ts";
import { model } from "../model/model.ts";
import { lookupsFor, parseWhere } from "./node.ts";

const text = [
  "exact",
  "iexact",
  "contains",
  "icontains",
  "in",
  "gt",
  "gte",
  "lt",
  "lte",
  "startswith",
  "istartswith",
  "endswith",
  "iendswith",
  "regex",
  "iregex",
  "range",
  "isnull",
];
const ordered = ["exact", "in", "gt", "gte", "lt", "lte", "range", "isnull"];
const equality = ["exact", "in", "isnull"];
const date = [
  ...ordered,
  "year",
  "quarter",
  "month",
  "day",
  "week_day",
  "iso_week_day",
  "week",
  "iso_year",
];

const M = model("node.M", {
  s: f.string({ maxLength: 5 }),
  t: f.text(),
  e: f.email(),
  c: f.choice(["a"]),
  i: f.int(),
  big: f.bigint(),
  fl: f.float(),
  d: f.decimal({ maxDigits: 3, decimalPlaces: 1 }),
  day: f.date(),
  dt: f.datetime(),
  tm: f.time(),
  b: f.boolean(),
  u: f.uuid(),
  j: f.json(),
  bin: f.binary(),
});

test("the lookups allowed at run time are those the types allow", () => {
  const want: Record<string, string[]> = {
    id: ordered,
    s: text,
    t: text,
    e: text,
    c: text,
    i: ordered,
    big: ordered,
    fl: ordered,
    d: ordered,
    day: date,
    dt: [...date, "hour", "minute", "second"],
    tm: ordered,
    b: equality,
    u: equality,
    j: ["isnull"],
    bin: ["isnull"],
  };
  for (const field of M.meta.fields)
    assert.deepEqual([...lookupsFor(field)].sort(), [...want[field.name]!].sort(), field.name);
});

test("parseWhere: values, lookup objects, OR/AND/NOT", () => {
  const node = parseWhere(
    M.meta,
    { i: 1, s: { icontains: "x", isnull: false }, OR: [{ b: true }] },
    () => {
      throw new Error("no relations here");
    },
  );
  assert.equal(node.t, "and");
  const items = (node as unknown as { items: { t: string; op?: string }[] }).items;
  assert.deepEqual(
    items.map((n) => n.t),
    ["cmp", "and", "or"],
  );
  assert.equal(items[0]?.op, "exact");
});

test("bad operands are refused", () => {
  const none = () => {
    throw new Error("unused");
  };
  assert.throws(() => parseWhere(M.meta, { i: { in: 1 } }, none), /"in" on i takes an array/);
  assert.throws(() => parseWhere(M.meta, { i: { range: [1] } }, none), /range/);
  assert.throws(() => parseWhere(M.meta, { i: { isnull: 1 } }, none), /isnull/);
  assert.throws(() => parseWhere(M.meta, { i: { gt: null } }, none), /cannot take null/);
  assert.throws(() => parseWhere(M.meta, "i = 1", none), /plain object/);
  assert.throws(() => parseWhere(M.meta, { OR: { i: 1 } }, none), /array/);
});
