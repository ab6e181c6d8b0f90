import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { Avg, Count, Max, Min, Sum } from "./aggregates.ts";
import { F } from "./expressions.ts";
import { library, useLibrary } from "./fixtures/library.ts";

const lib = library("flg_expr");
const { Author, Book } = lib;

for (const backend of backends()) {
  describe(`F, aggregate, distinct (${backend.name})`, { skip: backend.skip }, () => {
    const h = useLibrary(backend, lib);
    const books = () => Book.objects.using(h.db);

    test("setup", async () => {
      const a = await Author.objects.using(h.db).create({ name: "A" });
      const b = await Author.objects.using(h.db).create({ name: "B" });
      await books().create({ title: "one", pages: 100, rating: 50, authorId: a.id });
      await books().create({ title: "two", pages: 200, rating: 300, authorId: a.id });
      await books().create({ title: "three", pages: 300, rating: 100, authorId: b.id });
      await books().create({ title: "four", pages: 10 });
    });

    test("F in filters compares columns, with arithmetic", async () => {
      const t = (qs: ReturnType<typeof books>) =>
        qs.orderBy("title").valuesList("title", { flat: true });
      assert.deepEqual(await t(books().filter({ rating: { gt: F("pages") } })), ["two"]);
      assert.deepEqual(await t(books().filter({ rating: { gte: F("pages").mul(2).sub(100) } })), [
        "two",
      ]);
      assert.deepEqual(await t(books().filter({ pages: F("rating").add(50) })), ["one"]);
      // As Django: a row whose comparison is unknown (rating NULL) is kept by exclude().
      assert.deepEqual(await t(books().exclude({ pages: { lt: F("rating").mul(1) } })), [
        "four",
        "one",
        "three",
      ]);
    });

    test("F in update computes from each row's own value", async () => {
      const n = await books()
        .filter({ pages: { gte: 100 } })
        .update({ pages: F("pages").add(1).mul(2) });
      assert.equal(n, 3);
      const pages = await books().orderBy("title").valuesList("title", "pages");
      assert.deepEqual(pages, [
        ["four", 10],
        ["one", 202],
        ["three", 602],
        ["two", 402],
      ]);
    });

    test("a bad F() is refused", () => {
      assert.throws(
        () => books().filter({ pages: { gt: F("nope") } }),
        (e: Error & { code?: string }) => e.code === ERR_ORM_QUERY && /nope/.test(e.message),
      );
      assert.throws(
        () => books().filter({ title: { icontains: F("title") as never } }),
        (e: Error & { code?: string }) => e.code === ERR_ORM_QUERY,
      );
    });

    test("aggregate: Count, Sum, Avg, Min, Max in one query, filtered", async () => {
      const all = await books().aggregate({
        n: Count(),
        withAuthor: Count("author"),
        authors: Count("author", { distinct: true }),
        pages: Sum("pages"),
        avg: Avg("rating"),
        low: Min("pages"),
        high: Max<string>("title"),
      });
      assert.deepEqual(all, {
        n: 4,
        withAuthor: 3,
        authors: 2,
        pages: 1216,
        avg: 150,
        low: 10,
        high: "two",
      });
      const none = await books()
        .filter({ pages: { gt: 10_000 } })
        .aggregate({ n: Count(), s: Sum("pages"), m: Max("pages") });
      assert.deepEqual(none, { n: 0, s: null, m: null });
    });

    test("distinct drops duplicate rows, also when counting", async () => {
      const ids = await books()
        .filter({ author: { isnull: false } })
        .orderBy("authorId")
        .distinct()
        .valuesList("authorId", { flat: true });
      assert.equal(ids.length, 2);
      assert.equal(
        await books()
          .filter({ author: { isnull: false } })
          .values("authorId")
          .distinct()
          .count(),
        2,
      );
      assert.equal(await books().values("authorId").count(), 4);
    });
  });
}
