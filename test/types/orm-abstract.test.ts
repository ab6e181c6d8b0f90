/**
 * Abstract models, database defaults and durations, for the type-checker: each
 * `@ts-expect-error` fails `tsc --noEmit` if its line ever compiles. The runtime test creates a
 * row on SQLite with the typed calls.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createModel,
  Database,
  Duration,
  f,
  type Instance,
  model,
  type RowOf,
  sql,
  type WithId,
} from "flagon/orm";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

const Base = model(
  "tabs.Base",
  {
    created: f.datetime({ dbDefault: sql`CURRENT_TIMESTAMP` }),
    rank: f.int({ default: 0 }),
  },
  { abstract: true, ordering: ["-rank"] },
);
const Task = model(
  "tabs.Task",
  { title: f.string({ maxLength: 20 }), spent: f.duration({ null: true }) },
  { extends: Base, ordering: ["-created", "title"] },
);

type TaskRow = RowOf<WithId<(typeof Task)["__fields"]>>;
expectType<
  Equal<TaskRow, { id: number; title: string; spent: Duration | null; created: Date; rank: number }>
>(true);
expectType<Equal<Instance<(typeof Task)["__fields"]>["created"], Date>>(true);

/** Type checks only: never called. */
export function neverRun(): void {
  // @ts-expect-error an abstract model has no manager
  Base.objects;
  // @ts-expect-error ordering names a row property of the model or its base
  model("tabs.Bad", { a: f.int() }, { extends: Base, ordering: ["nope"] });
  // @ts-expect-error extends takes a model (abstract, or concrete for multi-table), not a label
  model("tabs.Bad2", { a: f.int() }, { extends: "tabs.Task" });
}

async function typed(db: Database): Promise<string> {
  // Inherited and database-defaulted fields may be left out of create().
  const t = await Task.objects.using(db).create({ title: "x" });
  const created: Date = t.created;
  if (db === undefined) {
    // @ts-expect-error a field without any default is required
    await Task.objects.using(db).create({ rank: 1 });
    // @ts-expect-error a duration is a Duration, not a number
    await Task.objects.using(db).create({ title: "y", spent: 5 });
  }
  const long = await Task.objects
    .using(db)
    .filter({ spent: { gt: Duration.of({ minutes: 1 }) }, rank: { gte: 0 } })
    .count();
  return `${created instanceof Date} ${long}`;
}

test("abstract-model types run as typed", async () => {
  const db = new Database("default", "sqlite::memory:");
  await createModel(db, Task);
  assert.equal(await typed(db), "true 0");
  await db.close();
});
