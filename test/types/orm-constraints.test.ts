/**
 * Declared constraints, for the type-checker: a condition is checked as a filter on the model's
 * fields where the `constraints` option takes it (as a `Q` is where `filter()` takes it), and
 * `unique()` names only the model's fields. Each `@ts-expect-error` fails `tsc --noEmit` if its
 * line ever compiles. The runtime test declares the models and reads the resolved constraints.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { check, ERR_ORM_MODEL, F, f, model, ModelRegistry, Q, unique } from "flagon/orm";

const registry = new ModelRegistry();
const fields = {
  name: f.string({ maxLength: 20 }),
  age: f.int(),
  start: f.date(),
  end: f.date(),
  active: f.boolean(),
};

const Person = model("tcon.Person", fields, {
  registry,
  constraints: [
    check({ name: "age_gte_18", condition: { age: { gte: 18 } } }),
    check({ name: "end_after_start", condition: { end: { gt: F("start") } } }),
    check({ name: "either", condition: Q.or({ age: { lt: 10 } }, Q.not({ name: "x" })) }),
    unique({ name: "name_start", fields: ["name", "start"] }),
    unique({ name: "active_name", fields: ["name"], condition: { active: true } }),
  ],
});

const bad1 = () =>
  model("tcon.Bad1", fields, {
    registry,
    constraints: [
      // @ts-expect-error: no field "agee"
      check({ name: "typo", condition: { agee: { gte: 18 } } }),
    ],
  });
const bad2 = () =>
  model("tcon.Bad2", fields, {
    registry,
    constraints: [
      // @ts-expect-error: an unknown field beside a known one is refused too
      check({ name: "typo", condition: { age: 3, agee: { gte: 18 } } }),
    ],
  });
const bad3 = () =>
  model("tcon.Bad3", fields, {
    registry,
    constraints: [
      // @ts-expect-error: "gte" on an int takes a number
      check({ name: "type", condition: { age: { gte: "18" } } }),
    ],
  });
const bad4 = () =>
  model("tcon.Bad4", fields, {
    registry,
    constraints: [
      // @ts-expect-error: "startswith" is no lookup of an int
      check({ name: "lookup", condition: { age: { startswith: "1" } } }),
    ],
  });
const bad5 = () =>
  model("tcon.Bad5", fields, {
    registry,
    constraints: [
      // @ts-expect-error: unique() names the model's fields
      unique({ name: "u", fields: ["name", "nope"] }),
    ],
  });
const bad6 = () =>
  model("tcon.Bad6", fields, {
    registry,
    constraints: [
      // @ts-expect-error: a unique constraint's condition is checked like a check's
      unique({ name: "u", fields: ["name"], condition: { activ: true } }),
    ],
  });

test("the typed declarations resolve at run time; the bad ones are refused there too", () => {
  assert.deepEqual(
    Person.meta.constraints.map((c) => c.name),
    ["age_gte_18", "end_after_start", "either", "name_start", "active_name"],
  );
  // A string where a number belongs is the type-checker's to catch (bad3): the value is valid SQL.
  void bad3;
  for (const declare of [bad1, bad2, bad4, bad5, bad6])
    assert.throws(declare, (e: unknown) => (e as { code?: string }).code === ERR_ORM_MODEL);
  assert.equal(registry.all().length, 1);
});
