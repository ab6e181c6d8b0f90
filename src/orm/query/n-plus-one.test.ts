import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import type { Database } from "../db/index.ts";
import { f } from "../model/fields.ts";
import { model } from "../model/model.ts";
import { useModelTables } from "./fixtures/model-tables.ts";
import { detectNPlusOne } from "./n-plus-one.ts";

const Author = model(
  "np.Author",
  { name: f.string({ maxLength: 20 }) },
  { table: "flg_np_author" },
);
const Book = model(
  "np.Book",
  {
    title: f.string({ maxLength: 20 }),
    author: f.foreignKey(() => Author, { onDelete: "cascade" }),
  },
  { table: "flg_np_book" },
);

function recorder(): {
  warnings: Record<string, unknown>[];
  warn: (m: string, f?: Record<string, unknown>) => void;
} {
  const warnings: Record<string, unknown>[] = [];
  return { warnings, warn: (msg, fields) => warnings.push({ msg, ...fields }) };
}

for (const backend of backends()) {
  describe(`detectNPlusOne (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, [Author, Book]);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      for (let i = 0; i < 5; i++) {
        const a = await Author.objects.using(db).create({ name: `a${i}` });
        await Book.objects.using(db).create({ title: `b${i}`, authorId: a.id });
      }
    });

    test("a per-row query loop warns once, with the SQL", async () => {
      const log = recorder();
      await detectNPlusOne(
        async () => {
          for (const b of await Book.objects.using(db))
            await Author.objects.using(db).get({ id: b.authorId });
        },
        { threshold: 3, logger: log },
      );
      assert.equal(log.warnings.length, 1);
      assert.equal(log.warnings[0]!.code, "FLG_WARN_ORM_N_PLUS_ONE");
      assert.match(String(log.warnings[0]!.sql), /np_author/);
    });

    test("selectRelated stays quiet; scopes count apart; no scope, no counting", async () => {
      const log = recorder();
      const run = () =>
        detectNPlusOne(
          async () => {
            const books = await Book.objects.using(db).selectRelated("author");
            return books.map((b) => b.author.name);
          },
          { threshold: 1, logger: log },
        );
      const [x, y] = await Promise.all([run(), run()]);
      assert.equal(x.length, 5);
      assert.equal(y.length, 5);
      assert.equal(log.warnings.length, 0);
      for (let i = 0; i < 3; i++) await Author.objects.using(db).get({ name: "a0" });
      assert.equal(log.warnings.length, 0);
    });
  });
}
