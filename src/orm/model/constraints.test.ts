/**
 * Declared constraints: what model() accepts and refuses (coded errors at declaration), what an
 * abstract base passes on, and fullClean()'s evaluation of check constraints in JavaScript
 * (the agreement with each database's CHECK is tested in src/orm/schema/constraints-db.test.ts).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { F } from "../query/expressions.ts";
import { Q } from "../query/q.ts";
import { check, type ConstraintError, NON_FIELD_ERRORS, unique } from "./constraints.ts";
import { Duration } from "./duration.ts";
import { ERR_ORM_MODEL, ValidationError } from "./errors.ts";
import { f } from "./fields.ts";
import { build } from "./instance.ts";
import { type AnyModel, model } from "./model.ts";
import { ModelRegistry } from "./registry.ts";

const registry = new ModelRegistry();

function declare(constraints: readonly unknown[], label = "cns.Thing"): AnyModel {
  // Constraints given as data here (some deliberately wrong): the run-time checks are the subject.
  const options = { registry, constraints } as object;
  return model(
    label,
    {
      name: f.string({ maxLength: 20, blank: true }),
      age: f.int({ null: true }),
      start: f.date(),
      end: f.date({ null: true }),
      price: f.decimal({ maxDigits: 6, decimalPlaces: 2, null: true }),
      kind: f.string({ maxLength: 5, null: true }),
      at: f.datetime({ null: true }),
      flag: f.boolean({ default: false }),
    },
    options,
  ) as AnyModel;
}

const refused = (re: RegExp) => (e: unknown) =>
  (e as { code?: string }).code === ERR_ORM_MODEL && re.test((e as Error).message);

test("constraints are resolved on the model's meta, in declaration order", () => {
  const M = declare([
    check({ name: "age_adult", condition: { age: { gte: 18 } } }),
    unique({ name: "name_start_uniq", fields: ["name", "start"] }),
    unique({ name: "name_flag_uniq", fields: ["name"], condition: { flag: true } }),
  ]);
  assert.deepEqual(
    M.meta.constraints.map((c) => [c.kind, c.name]),
    [
      ["check", "age_adult"],
      ["unique", "name_start_uniq"],
      ["unique", "name_flag_uniq"],
    ],
  );
  const u = M.meta.constraints[1]!;
  assert.ok(u.kind === "unique");
  assert.deepEqual(u.columns, ["name", "start"]);
});

test("names are required, plain identifiers, and unique within the model", () => {
  assert.throws(
    () => declare([check({ name: "", condition: { age: 1 } })]),
    refused(/needs a name/),
  );
  assert.throws(
    () => declare([check({ name: "bad name", condition: { age: 1 } })]),
    refused(/letters, digits/),
  );
  assert.throws(
    () => declare([check({ name: "x".repeat(61), condition: { age: 1 } })]),
    refused(/at most 60/),
  );
  assert.throws(
    () =>
      declare([
        check({ name: "twice", condition: { age: 1 } }),
        unique({ name: "twice", fields: ["name"] }),
      ]),
    refused(/two constraints are named "twice"/),
  );
  assert.throws(() => declare([{ name: "x" }]), refused(/check\(\.\.\.\) and unique/));
});

test("conditions are checked at declaration: fields, lookups, values, F() of the same row", () => {
  assert.throws(
    () => declare([check({ name: "c", condition: { agee: 1 } })]),
    refused(/constraint "c": no field "agee"/),
  );
  assert.throws(
    () => declare([check({ name: "c", condition: { name: { regex: "^a" } } })]),
    refused(/lookup "regex" on name/),
  );
  assert.throws(
    () => declare([check({ name: "c", condition: { start: { year: 2020 } } })]),
    refused(/lookup "year"/),
  );
  assert.throws(
    () => declare([check({ name: "c", condition: { at: { gt: new Date(0) } } })]),
    refused(/a Date/),
  );
  assert.throws(
    () => declare([check({ name: "c", condition: { at: { gt: "2024-01-01" } } })]),
    refused(/at \(datetime\) compares only with F\(\) or null/),
  );
  assert.throws(
    () => declare([check({ name: "c", condition: { end: { gt: F("other.start") } } })]),
    refused(/F\("other\.start"\) names no field/),
  );
  assert.throws(
    () => declare([check({ name: "c", condition: { age: { in: F("age") } } })]),
    refused(/"in" on age cannot take an F\(\)/),
  );
  assert.throws(
    () => declare([unique({ name: "u", fields: ["nope"] })]),
    refused(/no field "nope"/),
  );
  assert.throws(() => declare([unique({ name: "u", fields: [] })]), refused(/at least one/));
  assert.throws(
    () => declare([unique({ name: "u", fields: ["name", "name"] })]),
    refused(/listed twice/),
  );
});

test("an abstract base passes its constraints on, %(class)s naming each model's own", () => {
  const Base = model(
    "cns.Base",
    { lo: f.int(), hi: f.int() },
    {
      abstract: true,
      constraints: [check({ name: "%(class)s_lo_le_hi", condition: { lo: { lte: F("hi") } } })],
    },
  );
  const A = model("cns.Alpha", { a: f.int() }, { extends: Base, registry });
  const B = model(
    "cns.Beta",
    {},
    {
      extends: Base,
      registry,
      constraints: [check({ name: "beta_hi_small", condition: { hi: { lt: 100 } } })],
    },
  );
  assert.deepEqual(
    A.meta.constraints.map((c) => c.name),
    ["alpha_lo_le_hi"],
  );
  assert.deepEqual(
    B.meta.constraints.map((c) => c.name),
    ["beta_lo_le_hi", "beta_hi_small"],
  );
});

/** The non-field errors fullClean() reports for `row` (none: []). */
function violated(M: AnyModel, row: Record<string, unknown>, exclude?: string[]): string[] {
  const base = { name: "n", age: 30, start: "2024-01-01", end: null, flag: false };
  try {
    const obj = build(M.meta, { ...base, ...row }) as unknown as { fullClean(o?: object): void };
    obj.fullClean(exclude ? { exclude } : undefined);
    return [];
  } catch (e) {
    assert.ok(e instanceof ValidationError, String(e));
    const errs = e.fields[NON_FIELD_ERRORS] ?? [];
    for (const x of errs) assert.equal(x.code, "constraint");
    return errs.map((x) => (x as ConstraintError).constraint);
  }
}

test("fullClean() evaluates check constraints: values, F(), AND/OR/NOT, NULL passes", () => {
  const M = declare([
    check({ name: "adult", condition: { age: { gte: 18 } } }),
    check({ name: "ordered", condition: { end: { gte: F("start") } } }),
    check({
      name: "either",
      condition: Q.or({ kind: { in: ["a", "b"] } }, Q.not({ name: { startswith: "x" } })),
    }),
    check({ name: "cheap", condition: { price: { lte: "100.00" }, flag: false } }),
  ]);
  assert.deepEqual(violated(M, {}), []);
  assert.deepEqual(violated(M, { age: 17 }), ["adult"]);
  // NULL compares as unknown, and a CHECK passes on unknown.
  assert.deepEqual(violated(M, { age: null }), []);
  assert.deepEqual(violated(M, { end: "2023-12-31" }), ["ordered"]);
  assert.deepEqual(violated(M, { end: "2024-01-01" }), []);
  assert.deepEqual(violated(M, { name: "xy", kind: "c" }), ["either"]);
  // kind NULL: "in" is unknown, so the OR is unknown too, and the check passes.
  assert.deepEqual(violated(M, { name: "xy" }), []);
  assert.deepEqual(violated(M, { name: "xy", kind: "a" }), []);
  assert.deepEqual(violated(M, { price: "100.01" }), ["cheap"]);
  assert.deepEqual(violated(M, { price: "99.5", flag: true }), ["cheap"]);
  assert.deepEqual(violated(M, { price: "99.5" }), []);
  assert.deepEqual(violated(M, { age: 1, end: "2000-01-01" }), ["adult", "ordered"]);
});

test("fullClean() skips constraints on excluded or invalid fields, and what JS cannot decide", () => {
  const M = declare([
    check({ name: "adult", condition: { age: { gte: 18 } } }),
    // String order follows the database's collation: left to the database.
    check({ name: "name_after_m", condition: { name: { gt: "m" } } }),
    check({ name: "div", condition: { age: { lt: F("age").div(2) } } }),
  ]);
  assert.deepEqual(violated(M, { name: "a" }), []);
  assert.deepEqual(violated(M, { age: 3 }, ["age"]), []);
  assert.deepEqual(violated(M, { age: 3 }), ["adult"]);
  // An invalid value is reported on its field, not again as a constraint.
  const obj = build(M.meta, { name: "n", age: -1.5, start: "2024-01-01" }) as unknown as {
    fullClean(): void;
  };
  assert.throws(
    () => obj.fullClean(),
    (e: unknown) =>
      e instanceof ValidationError && "age" in e.fields && !(NON_FIELD_ERRORS in e.fields),
  );
});

test("fullClean() compares datetimes and durations through F()", () => {
  const M = model(
    "cns.Slot",
    {
      opens: f.datetime(),
      closes: f.datetime(),
      length: f.duration(),
      most: f.duration(),
    },
    {
      registry,
      constraints: [
        check({ name: "slot_order", condition: { closes: { gt: F("opens") } } }),
        check({ name: "slot_length", condition: { length: { lte: F("most") } } }),
      ],
    },
  );
  const clean = (row: Record<string, unknown>) => {
    const obj = build(M.meta, row) as unknown as { fullClean(): void };
    try {
      obj.fullClean();
      return [];
    } catch (e) {
      return ((e as ValidationError).fields[NON_FIELD_ERRORS] ?? []).map((x) => x.message);
    }
  };
  const h = Duration.of({ hours: 1 });
  assert.deepEqual(
    clean({ opens: new Date(1000), closes: new Date(2000), length: h, most: h }),
    [],
  );
  assert.deepEqual(
    clean({
      opens: new Date(2000),
      closes: new Date(1000),
      length: Duration.of({ hours: 2 }),
      most: h,
    }),
    ['Constraint "slot_order" is violated', 'Constraint "slot_length" is violated'],
  );
});
