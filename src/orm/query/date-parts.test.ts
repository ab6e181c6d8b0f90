import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { library, useLibrary } from "./fixtures/library.ts";

const lib = library("flg_dpart");
const { Author, Book } = lib;

for (const backend of backends()) {
  describe(`date-part lookups (${backend.name})`, { skip: backend.skip }, () => {
    const h = useLibrary(backend, lib);
    const books = () => Book.objects.using(h.db);
    const titles = (w: Parameters<typeof Book.objects.filter>[0]) =>
      books().filter(w).orderBy("title").valuesList("title", { flat: true });

    test("setup: instants near midnight UTC, so a zone shift would show", async () => {
      // 2024-03-03 is a Sunday; 2023-12-31 a Sunday; 2024-03-04 a Monday.
      await books().create({ title: "late", published: new Date("2024-03-03T23:30:00Z") });
      await books().create({ title: "early", published: new Date("2023-12-31T00:15:00Z") });
      await books().create({ title: "monday", published: new Date("2024-03-04T12:00:00Z") });
      await books().create({ title: "none" });
      await Author.objects.using(h.db).create({ name: "leap", born: "2024-02-29" });
      await Author.objects.using(h.db).create({ name: "new", born: "2000-01-01" });
    });

    test("datetime parts are taken in UTC, the same on every backend", async () => {
      assert.deepEqual(await titles({ published: { year: 2024 } }), ["late", "monday"]);
      assert.deepEqual(await titles({ published: { month: 12 } }), ["early"]);
      assert.deepEqual(await titles({ published: { day: 3 } }), ["late"]);
      assert.deepEqual(await titles({ published: { hour: 23 } }), ["late"]);
      assert.deepEqual(await titles({ published: { hour: 0 } }), ["early"]);
      assert.deepEqual(await titles({ published: { week_day: 1 } }), ["early", "late"]);
      assert.deepEqual(await titles({ published: { week_day: 2 } }), ["monday"]);
      assert.deepEqual(await titles({ published: { year: 2024, month: 3, day: 4 } }), ["monday"]);
      // NULL matches no part, and exclude() keeps it (as Django's NOT does).
      assert.deepEqual(
        await books()
          .exclude({ published: { year: 2024 } })
          .orderBy("title")
          .valuesList("title", { flat: true }),
        ["early", "none"],
      );
    });

    test("date parts", async () => {
      const names = (w: Parameters<typeof Author.objects.filter>[0]) =>
        Author.objects.using(h.db).filter(w).valuesList("name", { flat: true });
      assert.deepEqual(await names({ born: { month: 2, day: 29 } }), ["leap"]);
      assert.deepEqual(await names({ born: { week_day: 5 } }), ["leap"]); // a Thursday
      assert.deepEqual(await names({ born: { week_day: 7 } }), ["new"]); // a Saturday
      assert.deepEqual(await names({ born: { year: 2000 } }), ["new"]);
    });

    test("a part takes a whole number; hour is not a date lookup", () => {
      assert.throws(
        () => books().filter({ published: { year: 2024.5 } }),
        (e: Error & { code?: string }) => e.code === ERR_ORM_QUERY,
      );
      assert.throws(
        () => Author.objects.filter({ born: { hour: 1 } as never }),
        (e: Error & { code?: string }) => e.code === ERR_ORM_QUERY,
      );
    });
  });
}
