import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { library, useLibrary } from "./fixtures/library.ts";

const lib = library("flg_ord");
const { Book } = lib;

for (const backend of backends()) {
  describe(`orderBy nulls and random, explain (${backend.name})`, { skip: backend.skip }, () => {
    const h = useLibrary(backend, lib);
    const books = () => Book.objects.using(h.db);
    const titles = (qs: ReturnType<typeof books>) => qs.valuesList("title", { flat: true });

    test("setup", async () => {
      for (const [title, rating] of [
        ["a", 2],
        ["b", null],
        ["c", 1],
        ["d", null],
      ] as const)
        await books().create({ title, rating });
    });

    test("nulls first/last are the same on every backend, both directions", async () => {
      const r = (nulls: "first" | "last", by: "rating" | "-rating") =>
        titles(books().orderBy({ by, nulls }, "title"));
      assert.deepEqual(await r("last", "rating"), ["c", "a", "b", "d"]);
      assert.deepEqual(await r("first", "rating"), ["b", "d", "c", "a"]);
      assert.deepEqual(await r("last", "-rating"), ["a", "c", "b", "d"]);
      assert.deepEqual(await r("first", "-rating"), ["b", "d", "a", "c"]);
      // last() flips the direction and where the NULLs go.
      const last = await books().orderBy({ by: "rating", nulls: "last" }, "title").last();
      assert.equal(last?.title, "d");
    });

    test("nulls placement combines with distinct", async () => {
      const r = await books()
        .values("rating")
        .distinct()
        .orderBy({ by: "-rating", nulls: "first" })
        .valuesList("rating", { flat: true });
      assert.deepEqual(r, [null, 2, 1]);
    });

    test("random order returns every row", async () => {
      const got = await titles(books().orderBy("?"));
      assert.deepEqual([...got].sort(), ["a", "b", "c", "d"]);
    });

    test("bad keys are refused", () => {
      assert.throws(
        () => books().orderBy({ by: "rating", nulls: "middle" as never }),
        (e: Error & { code?: string }) => e.code === ERR_ORM_QUERY,
      );
      assert.throws(
        () => books().orderBy({ by: "nope" as never, nulls: "last" }),
        (e: Error & { code?: string }) => e.code === ERR_ORM_QUERY,
      );
    });

    test("explain() gives the backend's plan as text", async () => {
      const plan = await books().filter({ title: "a" }).explain();
      assert.equal(typeof plan, "string");
      assert.ok(plan.length > 0);
      assert.match(plan, backend.name === "postgres" ? /Scan/i : /flg_ord_book|SCAN|SEARCH/i);
    });
  });
}
