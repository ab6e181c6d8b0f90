/**
 * Declared constraints on real databases: the tables enforce them, a violation is the coded
 * integrity error naming the table and the constraint, and fullClean()'s JavaScript evaluation
 * agrees with each database's CHECK row by row.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ERR_DB_CHECK, ERR_DB_UNIQUE, IntegrityError } from "../db/index.ts";
import { backends, useDatabase } from "../db/fixtures/backends.ts";
import { check, type ConstraintError, NON_FIELD_ERRORS, unique } from "../model/constraints.ts";
import { ValidationError } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { build } from "../model/instance.ts";
import { model } from "../model/model.ts";
import { ModelRegistry } from "../model/registry.ts";
import { F } from "../query/expressions.ts";
import { Q } from "../query/q.ts";
import { createModel } from "./schema-editor.ts";

const registry = new ModelRegistry();
const Booking = model(
  "cdb.Booking",
  {
    guest: f.string({ maxLength: 20 }),
    age: f.int({ null: true }),
    nights: f.int(),
    arrive: f.date(),
    leave: f.date(),
    room: f.string({ maxLength: 5, null: true }),
    active: f.boolean({ default: true }),
  },
  {
    table: "flg_cdb_booking",
    registry,
    constraints: [
      check({ name: "cdb_adult", condition: { age: { gte: 18 } } }),
      check({ name: "cdb_leave_after", condition: { leave: { gt: F("arrive") } } }),
      check({
        name: "cdb_nights",
        condition: Q.or(
          { nights: { range: [1, 14] } },
          Q.and({ nights: { lte: 30 } }, Q.not({ room: { startswith: "S" } })),
        ),
      }),
      check({ name: "cdb_room", condition: Q.not({ room: { in: ["13", "666"] } }) }),
      unique({ name: "cdb_guest_arrive_uniq", fields: ["guest", "arrive"] }),
      unique({ name: "cdb_active_room_uniq", fields: ["room"], condition: { active: true } }),
    ],
  },
);

type Row = Record<string, unknown>;
const ok: Row = { guest: "g", age: 30, nights: 2, arrive: "2024-05-01", leave: "2024-05-03" };

/** The check constraints fullClean() finds violated for `row`, by name. */
function cleanVerdict(row: Row): string[] {
  try {
    (build(Booking.meta, row) as unknown as { fullClean(): void }).fullClean();
    return [];
  } catch (e) {
    assert.ok(e instanceof ValidationError, String(e));
    return (e.fields[NON_FIELD_ERRORS] ?? []).map((x) => (x as ConstraintError).constraint);
  }
}

for (const backend of backends()) {
  describe(`declared constraints (${backend.name})`, { skip: backend.skip }, () => {
    const h = useDatabase(backend, ["flg_cdb_booking"]);
    const insert = (row: Row) => Booking.objects.using(h.db).create(row as never);
    const fails = async (row: Row, code: string, constraint: string | undefined) => {
      await assert.rejects(insert(row), (e: unknown) => {
        assert.ok(e instanceof IntegrityError, String(e));
        assert.equal(e.code, code);
        assert.equal(e.table, "flg_cdb_booking");
        if (constraint !== undefined) assert.equal(e.constraint, constraint);
        return true;
      });
    };

    test("the table is created with its constraints; a valid row goes in", async () => {
      await createModel(h.db, Booking);
      const b = await insert(ok);
      assert.equal(typeof b.id, "number");
    });

    test("a check violation is FLG_ERR_DB_CHECK naming the table and the constraint", async () => {
      await fails({ ...ok, guest: "a", age: 17 }, ERR_DB_CHECK, "cdb_adult");
      await fails({ ...ok, guest: "b", leave: "2024-04-30" }, ERR_DB_CHECK, "cdb_leave_after");
      await fails({ ...ok, guest: "c", nights: 20, room: "S1" }, ERR_DB_CHECK, "cdb_nights");
      await fails({ ...ok, guest: "d", room: "13" }, ERR_DB_CHECK, "cdb_room");
      // NULL makes a comparison unknown, and a CHECK lets unknown through.
      await insert({ ...ok, guest: "e", age: null });
    });

    test("a unique constraint violation is FLG_ERR_DB_UNIQUE", async () => {
      // PostgreSQL and MariaDB name the constraint; SQLite names the columns.
      await fails(
        ok,
        ERR_DB_UNIQUE,
        backend.name === "sqlite" ? undefined : "cdb_guest_arrive_uniq",
      );
    });

    test("a conditional unique constraint: a partial index, none on MariaDB", async () => {
      await insert({ ...ok, guest: "p1", room: "101" });
      // Inactive rows are outside the condition: duplicates are fine.
      await insert({ ...ok, guest: "p2", room: "101", active: false });
      await insert({ ...ok, guest: "p3", room: "101", active: false });
      if (backend.name === "mysql") {
        // MariaDB has no partial indexes: the constraint is not created, as in Django.
        await insert({ ...ok, guest: "p4", room: "101" });
        return;
      }
      await fails(
        { ...ok, guest: "p4", room: "101" },
        ERR_DB_UNIQUE,
        backend.name === "postgres" ? "cdb_active_room_uniq" : undefined,
      );
    });

    test("fullClean() agrees with the database's CHECK, row by row", async () => {
      const rows: Row[] = [
        { age: 18 },
        { age: 17 },
        { age: null },
        { leave: "2024-05-01" },
        { leave: "2024-05-02" },
        { nights: 14 },
        { nights: 15 },
        { nights: 15, room: "S1" },
        { nights: 31 },
        { nights: 0, room: "S1" },
        { nights: 20, room: null },
        { room: "666" },
        { room: "667" },
        { room: null, nights: 0 },
      ];
      let n = 0;
      for (const extra of rows) {
        const row = { ...ok, guest: `v${n++}`, ...extra };
        const js = cleanVerdict(row);
        let db: string | undefined;
        try {
          await insert(row);
        } catch (e) {
          assert.ok(e instanceof IntegrityError && e.code === ERR_DB_CHECK, String(e));
          db = e.constraint;
        }
        if (db === undefined) assert.deepEqual(js, [], `${JSON.stringify(extra)}: JS refused`);
        else assert.ok(js.includes(db), `${JSON.stringify(extra)}: the database refused ${db}`);
      }
    });
  });
}
