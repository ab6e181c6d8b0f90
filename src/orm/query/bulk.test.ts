import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import { ERR_DB_UNIQUE, IntegrityError } from "../db/index.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { library, useLibrary } from "./fixtures/library.ts";

const lib = library("flg_bulk");
const { Author, Book } = lib;

for (const backend of backends()) {
  describe(`bulkCreate (${backend.name})`, { skip: backend.skip }, () => {
    const h = useLibrary(backend, lib);
    const books = () => Book.objects.using(h.db);

    test("many rows in few statements, defaults filled, keys read back where possible", async () => {
      const a = await Author.objects.using(h.db).create({ name: "A" });
      const made = await books().bulkCreate(
        Array.from({ length: 7 }, (_, i) => ({ title: `t${i}`, authorId: a.id, pages: i })),
        { batchSize: 3 },
      );
      assert.equal(made.length, 7);
      assert.equal(await books().count(), 7);
      assert.deepEqual(await books().orderBy("pages").valuesList("title", { flat: true }), [
        "t0",
        "t1",
        "t2",
        "t3",
        "t4",
        "t5",
        "t6",
      ]);
      // Every backend here gives the keys (MariaDB by RETURNING; see bulk-readback.test.ts).
      const ids = made.map((b) => b.id);
      const stored = await books().orderBy("pages").valuesList("id", { flat: true });
      assert.deepEqual(ids, stored, "keys match the rows, in order");
      made[2]!.title = "changed";
      await made[2]!.save();
      assert.equal((await books().get({ id: made[2]!.id })).title, "changed");
      const defaults = await books().bulkCreate([{ title: "d" }]);
      assert.equal(defaults[0]!.pages, 0);
    });

    test("a failing row rolls back the whole call", async () => {
      const before = await books().count();
      await assert.rejects(
        books().bulkCreate(
          [
            { title: "u1" },
            { title: "u2" },
            { title: "t0", authorId: (await Author.objects.using(h.db).get({ name: "A" })).id },
          ],
          { batchSize: 2 },
        ),
        (e: unknown) => e instanceof IntegrityError && e.code === ERR_DB_UNIQUE,
      );
      assert.equal(await books().count(), before);
    });

    test("bad batch sizes and mixed keys are refused; nothing is an empty list", async () => {
      assert.deepEqual(await books().bulkCreate([]), []);
      await assert.rejects(
        books().bulkCreate([{ title: "x" }], { batchSize: 0 }),
        (e: Error & { code?: string }) => e.code === ERR_ORM_QUERY,
      );
      await assert.rejects(
        books().bulkCreate([{ title: "x", id: 999 } as never, { title: "y" }]),
        (e: Error & { code?: string }) => e.code === ERR_ORM_QUERY,
      );
    });
  });
}
