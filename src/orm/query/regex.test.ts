/**
 * `regex` and `iregex` give the same rows on every backend for patterns in the common core of
 * the three engines (anchors, classes, dots, quantifiers, alternation): case-sensitive and not,
 * NULLs never matching, excluded rows keeping NULLs as `exclude` does.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import type { Database } from "../db/index.ts";
import { f } from "../model/fields.ts";
import { model } from "../model/model.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

const Word = model(
  "rgx.Word",
  { text: f.string({ maxLength: 20, null: true }) },
  { table: "flg_rgx_word", ordering: ["id"] },
);

test("the SQL per dialect: operators, functions and case flags", () => {
  const sqlOf = (d: "sqlite" | "postgres" | "mysql" | "mariadb", op: "regex" | "iregex") =>
    Word.objects.filter({ text: { [op]: "^a" } }).toSql(d);
  assert.match(sqlOf("postgres", "regex").sql, /"text" ~ \$1 order by/);
  assert.match(sqlOf("postgres", "iregex").sql, /"text" ~\* \$1 order by/);
  assert.match(sqlOf("sqlite", "regex").sql, /"text" regexp \? order by/);
  assert.match(
    sqlOf("sqlite", "iregex").sql,
    /flagon_iregexp\(\?, "flg_rgx_word"\."text"\) order by/,
  );
  for (const d of ["mysql", "mariadb"] as const) {
    assert.deepEqual(sqlOf(d, "regex").params, ["(?-i)^a"]);
    assert.deepEqual(sqlOf(d, "iregex").params, ["(?i)^a"]);
  }
});

for (const backend of backends()) {
  describe(`regex lookups (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, [Word]);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      for (const text of ["abc", "ABC", "a.c", "axc-42", "xyz", null]) {
        await Word.objects.using(db).create({ text });
      }
    });
    const texts = async (where: Parameters<typeof Word.objects.filter>[0]) =>
      (await Word.objects.using(db).filter(where).valuesList("text", { flat: true })) as unknown[];

    test("regex is case-sensitive", async () => {
      assert.deepEqual(await texts({ text: { regex: "^a.c" } }), ["abc", "a.c", "axc-42"]);
      assert.deepEqual(await texts({ text: { regex: "^A" } }), ["ABC"]);
      assert.deepEqual(await texts({ text: { regex: "[0-9]+$" } }), ["axc-42"]);
      assert.deepEqual(await texts({ text: { regex: "^(xyz|a\\.c)$" } }), ["a.c", "xyz"]);
    });

    test("iregex ignores case", async () => {
      assert.deepEqual(await texts({ text: { iregex: "^abc$" } }), ["abc", "ABC"]);
      assert.deepEqual(await texts({ text: { iregex: "^X" } }), ["xyz"]);
    });

    test("NULL never matches, and exclude keeps it", async () => {
      const kept = await Word.objects
        .using(db)
        .exclude({ text: { regex: "^a" } })
        .valuesList("text", { flat: true });
      assert.deepEqual(kept, ["ABC", "xyz", null]);
    });
  });
}
