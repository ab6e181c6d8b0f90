/**
 * The generated row fill gives what the generic loop gives, field for field, and a field or
 * column name is only ever a string in it, never code.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Database } from "../db/index.ts";
import { f, model, ModelRegistry } from "./index.ts";
import { hydrate, hydrator } from "./instance.ts";
import { convertsFromDb, fromDb } from "./convert.ts";
import type { FieldKind } from "./field.ts";
import type { FieldMeta } from "./meta.ts";
import { compileRowFill } from "./row-fill.ts";

const registry = new ModelRegistry();
const Odd = model(
  "rowfill.Odd",
  {
    title: f.string({ maxLength: 20, column: 'ti"tle\\"); globalThis["pwned"] = 1; ("' }),
    done: f.boolean({ default: false }),
    born: f.date({ null: true }),
  },
  { registry },
);

test("the generated fill equals the generic loop, and names stay strings", () => {
  const db = new Database("default", "sqlite::memory:");
  try {
    const meta = Odd.meta;
    const raw: Record<string, unknown> = { id: 7, done: 1, born: "2024-02-29" };
    raw[meta.byAttr.get("title")!.column] = "hello";
    const fill = compileRowFill(meta.fields, "sqlite");
    assert.ok(fill !== undefined);
    const generic = hydrate(meta, raw, "sqlite", db);
    const fast = hydrator(meta, "sqlite", db)(raw);
    assert.deepEqual({ ...fast }, { ...generic });
    assert.deepEqual({ ...fast }, { id: 7, title: "hello", done: true, born: generic.born });
    assert.equal(Object.getPrototypeOf(fast), Object.getPrototypeOf(generic));
    assert.equal((globalThis as { pwned?: number }).pwned, undefined);
  } finally {
    void db.close();
  }
});

test("a partial field list (only/defer) takes the generic loop and keeps its deferred set", () => {
  const db = new Database("default", "sqlite::memory:");
  try {
    const meta = Odd.meta;
    const some = meta.fields.filter((x) => x.attr !== "born");
    const obj = hydrator(meta, "sqlite", db, some)({ id: 1, done: 0, [some[1]!.column]: "t" });
    assert.equal("born" in obj, false);
    assert.equal(obj.done, false);
  } finally {
    void db.close();
  }
});

test("every field kind and dialect: the fill gives what fromDb gives, copied kinds included", () => {
  const kinds: FieldKind[] = [
    "auto",
    "bigAuto",
    "int",
    "bigint",
    "float",
    "decimal",
    "string",
    "text",
    "boolean",
    "date",
    "datetime",
    "time",
    "duration",
    "uuid",
    "json",
    "binary",
    "email",
    "url",
    "slug",
    "foreignKey",
  ];
  // Each kind once; only what the fill and fromDb read (attr, column, kind, places) is set.
  const fields = kinds.map(
    (kind, i) =>
      ({
        attr: `a${i}`,
        column: `c${i}`,
        spec: { kind, decimalPlaces: 2 },
      }) as unknown as FieldMeta,
  );
  const samples: unknown[] = [null, undefined, 0, 1, "1", "12", "2024-02-29", '{"a":1}', 5n];
  const proto = {};
  let copied = 0;
  for (const dialect of ["sqlite", "postgres", "mysql", "mariadb"] as const) {
    const fill = compileRowFill(fields, dialect)!;
    for (const [i, field] of fields.entries()) {
      if (!convertsFromDb(field)) copied++;
      for (const v of samples) {
        let want: unknown;
        try {
          want = fromDb(field, v, dialect);
        } catch {
          continue; // a value this kind never receives from a driver
        }
        assert.deepEqual(
          fill(proto, { [`c${i}`]: v })[`a${i}`],
          want,
          `${field.spec.kind} ${String(v)}`,
        );
      }
    }
  }
  // The copy path is taken (and so tested above) for the kinds fromDb leaves alone.
  assert.equal(copied, 4 * 10);
});
