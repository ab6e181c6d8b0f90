import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import { atomic, Database } from "../db/index.ts";
import { DoesNotExist, ERR_ORM_QUERY, MultipleObjectsReturned } from "../model/errors.ts";
import { library, useLibrary } from "./fixtures/library.ts";
import { createModel } from "../schema/schema-editor.ts";
import { detectNPlusOne } from "./n-plus-one.ts";

const lib = library("flg_fast");
const { Author, Book } = lib;

for (const backend of backends()) {
  describe(`get({ column }) and filter({ column }).first() (${backend.name})`, {
    skip: backend.skip,
  }, () => {
    const h = useLibrary(backend, lib);
    const authors = () => Author.objects.using(h.db);
    const books = () => Book.objects.using(h.db);

    test("same rows as the general path, repeated calls with other values", async () => {
      const a = await authors().create({ name: "Ann" });
      const b = await authors().create({ name: "Bob" });
      await books().bulkCreate([
        { title: "x", authorId: a.id, pages: 1 },
        { title: "y", authorId: a.id, pages: 2 },
        { title: "z", authorId: b.id, pages: 3 },
      ]);
      const qs = authors();
      for (let round = 0; round < 3; round++) {
        assert.equal((await qs.get({ id: a.id })).name, "Ann");
        assert.equal((await qs.get({ id: b.id })).name, "Bob");
        assert.equal((await qs.get({ name: "Bob" })).id, b.id);
        assert.equal((await qs.filter({ id: b.id }).first())?.name, "Bob");
        assert.equal(await qs.filter({ id: 999_999 }).first(), undefined);
      }
      // A string column.
      assert.equal((await books().get({ title: "z" })).pages, 3);
      // A foreign key by its row property, first() in the model's (here: key) order.
      assert.equal((await books().filter({ authorId: a.id }).first())?.title, "x");
      // The base queryset's own filters, order and columns still apply.
      const big = books().filter({ pages: { gte: 2 } });
      await assert.rejects(big.get({ title: "x" }), DoesNotExist);
      assert.equal((await big.get({ title: "y" })).pages, 2);
      assert.equal(
        (await books().orderBy("-pages").filter({ authorId: a.id }).first())?.title,
        "y",
      );
      const only = await books().only("title").get({ title: "z" });
      assert.equal("pages" in only, false, "only() columns kept");
      const saved = await qs.get({ id: a.id });
      saved.name = "Ann B";
      await saved.save();
      assert.equal((await qs.get({ id: a.id })).name, "Ann B", "the instance is a saved one");
    });

    test("DoesNotExist, MultipleObjectsReturned and sliced querysets as before", async () => {
      await assert.rejects(
        authors().get({ id: 424_242 }),
        (e) => e instanceof DoesNotExist && e.model === "lib.Author",
      );
      await authors().create({ name: "Twin" });
      await authors().create({ name: "Twin" });
      await assert.rejects(
        authors().get({ name: "Twin" }),
        (e) => e instanceof MultipleObjectsReturned && /\(2\)/.test(e.message),
      );
      await assert.rejects(
        async () => authors().slice(0, 1).get({ name: "Twin" }),
        (e: Error & { code?: string }) => e.code === ERR_ORM_QUERY,
      );
    });

    test("inside atomic() it reads the transaction's rows; the N+1 detector still counts it", async () => {
      await atomic(
        async () => {
          const c = await authors().create({ name: "Inside" });
          assert.equal((await authors().get({ id: c.id })).name, "Inside");
        },
        { using: h.db },
      ).then(() => undefined);
      const warnings: string[] = [];
      const ids = await authors().valuesList("id", { flat: true });
      await detectNPlusOne(
        async () => {
          for (let i = 0; i < 4; i++) await authors().get({ id: ids[0]! });
        },
        { threshold: 3, logger: { warn: (m) => warnings.push(m) } },
      );
      assert.equal(warnings.length, 1);
    });
  });
}

test("root querysets on two databases share the statement, not the rows", async () => {
  const { Author: A } = library("flg_fast2");
  const one = new Database("one", "sqlite::memory:");
  const two = new Database("two", "sqlite::memory:");
  try {
    for (const [db, name] of [
      [one, "on one"],
      [two, "on two"],
    ] as const) {
      await createModel(db, A);
      await A.objects.using(db).create({ name });
    }
    for (let i = 0; i < 2; i++) {
      assert.equal((await A.objects.using(one).get({ id: 1 })).name, "on one");
      assert.equal((await A.objects.using(two).get({ id: 1 })).name, "on two");
      assert.equal((await A.objects.using(two).filter({ id: 1 }).first())?.name, "on two");
    }
  } finally {
    await one.close();
    await two.close();
  }
});
