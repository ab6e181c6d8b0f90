import assert from "node:assert/strict";
import { test } from "node:test";
import { ERR_ORM_MODEL } from "./errors.ts";
import { f } from "./fields.ts";
import { model } from "./model.ts";

const isModelError = (e: unknown) => (e as { code: string }).code === ERR_ORM_MODEL;

test("meta: table, columns, row properties, implicit id first", () => {
  const Author = model("shop.Author", { name: f.string({ maxLength: 10 }) });
  const BookItem = model(
    "shop.BookItem",
    {
      title: f.string({ maxLength: 10, verboseName: "the title", helpText: "shown on the cover" }),
      createdAt: f.datetime({ column: "made" }),
      author: f.foreignKey(() => Author, { onDelete: "cascade" }),
    },
    { ordering: ["-createdAt"], verboseName: "book item" },
  );
  const m = BookItem.meta;
  assert.equal(m.table, "shop_bookitem");
  assert.equal(m.label, "shop.BookItem");
  assert.deepEqual(
    m.fields.map((x) => [x.name, x.attr, x.column]),
    [
      ["id", "id", "id"],
      ["title", "title", "title"],
      ["createdAt", "createdAt", "made"],
      ["author", "authorId", "author_id"],
    ],
  );
  assert.equal(m.pk.spec.kind, "bigAuto");
  assert.deepEqual(m.ordering, ["-createdAt"]);
  assert.equal(m.verboseName, "book item");
  assert.equal(m.verboseNamePlural, "book items");
  assert.equal(m.byName.get("title")?.spec.helpText, "shown on the cover");
  assert.deepEqual(
    m.indexes.map((i) => i.name),
    ["shop_bookitem_author_id_idx"],
  );
});

test("snake_case columns and default verbose names", () => {
  const M = model("app.OrderLine", { unitPrice: f.decimal({ maxDigits: 5, decimalPlaces: 2 }) });
  assert.equal(M.meta.byName.get("unitPrice")?.column, "unit_price");
  assert.equal(M.meta.verboseName, "order line");
});

test("declaration mistakes are coded errors at import time", () => {
  assert.throws(() => model("nolabel", {}), isModelError);
  assert.throws(() => model("a.B", { x: f.string({ maxLength: 0 }) }), isModelError);
  assert.throws(
    () => model("a.B", { x: f.decimal({ maxDigits: 2, decimalPlaces: 3 }) }),
    isModelError,
  );
  assert.throws(() => model("a.B", { OR: f.int() }), isModelError);
  assert.throws(
    () => model("a.B", { a: f.int({ column: "x" }), b: f.int({ column: "x" }) }),
    isModelError,
  );
  assert.throws(() => model("a.B", { a: f.int() }, { ordering: ["nope" as "a"] }), isModelError);
  assert.throws(
    () => model("a.B", { a: f.int() }, { uniqueTogether: [["a", "nope" as "a"]] }),
    isModelError,
  );
  assert.throws(() => model("a.B", { other: f.uuidPk() }), isModelError);
});

test("a UUID primary key declared as id replaces the implicit one", () => {
  const M = model("a.U", { id: f.uuidPk(), n: f.int() });
  assert.equal(M.meta.pk.spec.kind, "uuid");
  assert.equal(M.meta.fields.length, 2);
});

test("choices become the field's choices and its max length", () => {
  const M = model("a.C", { status: f.choice(["draft", "published"]) });
  const s = M.meta.byName.get("status")!.spec;
  assert.deepEqual(s.choices, ["draft", "published"]);
  assert.equal(s.maxLength, 9);
});
