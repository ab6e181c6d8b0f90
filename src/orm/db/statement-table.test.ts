import assert from "node:assert/strict";
import { test } from "node:test";
import { columnsInExpression, namedCheckExpression } from "./check-columns.ts";
import { statementTable } from "./statement-table.ts";

test("statementTable finds the target of single-table writes", () => {
  const cases: Array<[string, string | undefined]> = [
    ['insert into "book" (a) values (1)', "book"],
    ["INSERT OR IGNORE INTO main.book values (1)", "book"],
    ["insert ignore into `my``t` set a = 1", "my`t"],
    ["replace into t values (1)", "t"],
    ['update "app"."we""ird" set a = 1', 'we"ird'],
    ["update only book set a = 1", "book"],
    ["delete from [book] where id = 1", "book"],
    ["with x as (select 1) insert into book select * from x", "book"],
    ["select * from book", undefined],
    ["COMMIT", undefined],
  ];
  for (const [text, want] of cases) assert.equal(statementTable(text), want, text);
});

test("check constraint columns come from the expression", () => {
  const cols = ["id", "pages", "edition", "Title"];
  assert.deepEqual(columnsInExpression("pages > 0 and edition < 10", cols), ["pages", "edition"]);
  assert.deepEqual(columnsInExpression("\"title\" <> 'pages'", cols), ["Title"]);
  const create =
    'CREATE TABLE b (id int, pages int, CONSTRAINT "short" CHECK ((pages < 10) and (id > 0)), CONSTRAINT other CHECK (1))';
  assert.equal(namedCheckExpression(create, "short"), "(pages < 10) and (id > 0)");
  assert.equal(namedCheckExpression(create, "other"), "1");
  assert.equal(namedCheckExpression(create, "none"), undefined);
});
