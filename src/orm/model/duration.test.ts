import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Database, sqliteDialect } from "../db/index.ts";
import { Max, Sum } from "../query/aggregates.ts";
import { backends } from "../db/fixtures/backends.ts";
import { createModel, createModelSql, deleteModel } from "../schema/schema-editor.ts";
import { Duration } from "./duration.ts";
import { ERR_ORM_VALIDATION, ValidationError } from "./errors.ts";
import { build } from "./instance.ts";
import { f } from "./fields.ts";
import { model } from "./model.ts";

const Task = model(
  "dur.Task",
  {
    name: f.string({ maxLength: 20 }),
    spent: f.duration(),
    limit: f.duration({ null: true }),
  },
  { table: "flg_dur_task" },
);

describe("Duration", () => {
  test("builds from parts and prints ISO 8601", () => {
    assert.equal(Duration.of({ hours: 1, minutes: 30 }).toString(), "PT1H30M");
    assert.equal(Duration.of({ days: 2, seconds: 4.5 }).toString(), "P2DT4.5S");
    assert.equal(Duration.of({}).toString(), "PT0S");
    assert.equal(Duration.of({ minutes: -1 }).toString(), "-PT1M");
    assert.equal(Duration.of({ microseconds: 7 }).toString(), "PT0.000007S");
    assert.equal(Duration.of({ days: 1 }).microseconds, 86_400_000_000);
    assert.equal(JSON.stringify({ d: Duration.of({ seconds: 90 }) }), '{"d":"PT1M30S"}');
  });

  test("parses what it prints, and refuses what is not a duration", () => {
    for (const text of ["PT1H30M", "P2DT4.5S", "PT0S", "-PT1M", "PT0.000007S", "P3D"])
      assert.equal(Duration.parse(text).toString(), text);
    assert.equal(Duration.parse("P1W").toString(), "P7D");
    for (const bad of ["", "P", "PT", "1H", "P1Y", "P1M", "PT1H2", "T1H"])
      assert.throws(() => Duration.parse(bad), { code: ERR_ORM_VALIDATION }, bad);
  });

  test("compares, adds and refuses values beyond a safe integer", () => {
    const a = Duration.of({ seconds: 1 });
    const b = Duration.of({ milliseconds: 1500 });
    assert.ok(a < b);
    assert.equal(Duration.compare(b, a), 1);
    assert.ok(a.plus(b).equals(Duration.of({ milliseconds: 2500 })));
    assert.ok(a.minus(b).equals(Duration.of({ milliseconds: -500 })));
    assert.equal(b.milliseconds, 1500);
    assert.throws(() => Duration.fromMicroseconds(2n ** 60n), { code: ERR_ORM_VALIDATION });
    assert.throws(() => Duration.of({ days: Number.POSITIVE_INFINITY }), {
      code: ERR_ORM_VALIDATION,
    });
  });

  test("the column is a bigint of microseconds", () => {
    assert.match(createModelSql(Task.meta, sqliteDialect)[0]!, /"spent" bigint not null/);
  });

  test("fullClean wants a Duration", () => {
    const bad = build(Task.meta, { name: "x", spent: 5 }) as { fullClean(): void };
    assert.throws(
      () => bad.fullClean(),
      (e: unknown) => e instanceof ValidationError && e.fields.spent?.[0]?.code === "invalid",
    );
    const good = build(Task.meta, { name: "x", spent: Duration.of({ seconds: 5 }) });
    (good as { fullClean(): void }).fullClean();
  });
});

for (const backend of backends()) {
  describe(`duration fields (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    before(async () => {
      if (backend.skip) return;
      db = new Database("default", backend.url);
      await deleteModel(db, Task, { ifExists: true });
      await createModel(db, Task);
    });
    after(async () => {
      if (backend.skip || db === undefined) return;
      await deleteModel(db, Task, { ifExists: true });
      await db.close();
    });

    test("round-trips to the microsecond, negative and large values included", async () => {
      const values = [
        Duration.of({ microseconds: 1 }),
        Duration.of({ days: -3, microseconds: -7 }),
        Duration.of({ days: 100_000, microseconds: 123_456 }),
      ];
      for (const [i, spent] of values.entries()) {
        const made = await Task.objects.using(db).create({ name: `r${i}`, spent });
        const got = await Task.objects.using(db).get({ id: made.id });
        assert.ok(got.spent instanceof Duration);
        assert.equal(got.spent.microseconds, spent.microseconds);
        assert.equal(got.limit, null);
      }
      await Task.objects
        .using(db)
        .filter({ name: { startswith: "r" } })
        .delete();
    });

    test("exact, gt, lt, range and isnull compare lengths", async () => {
      const qs = Task.objects.using(db);
      await qs.create({ name: "short", spent: Duration.of({ minutes: 5 }) });
      await qs.create({
        name: "long",
        spent: Duration.of({ hours: 2 }),
        limit: Duration.of({ hours: 3 }),
      });
      const names = async (where: object) =>
        (
          await qs
            .filter(where as never)
            .orderBy("name")
            .valuesList("name", { flat: true })
        ).join();
      assert.equal(await names({ spent: Duration.parse("PT5M") }), "short");
      assert.equal(await names({ spent: { gt: Duration.of({ hours: 1 }) } }), "long");
      assert.equal(await names({ spent: { lt: Duration.of({ hours: 1 }) } }), "short");
      assert.equal(
        await names({ spent: { range: [Duration.of({ minutes: 1 }), Duration.of({ hours: 2 })] } }),
        "long,short",
      );
      assert.equal(await names({ limit: { isnull: true } }), "short");
      const ordered = await qs.orderBy("-spent").valuesList("name", { flat: true });
      assert.deepEqual(ordered, ["long", "short"]);
      const agg = await qs.aggregate({ most: Max("spent"), total: Sum("spent") });
      assert.ok(Duration.of({ hours: 2 }).equals(agg.most));
      assert.equal(Number(agg.total), Duration.of({ hours: 2, minutes: 5 }).microseconds);
    });
  });
}
