import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { atomic, ERR_DB_UNIQUE, IntegrityError } from "../db/index.ts";
import { backends } from "../db/fixtures/backends.ts";
import {
  DoesNotExist,
  ERR_ORM_DOES_NOT_EXIST,
  ERR_ORM_MULTIPLE_OBJECTS,
  ERR_ORM_QUERY,
  MultipleObjectsReturned,
} from "../model/errors.ts";
import { library, useLibrary } from "./fixtures/library.ts";
import { Q } from "./q.ts";
import { shapeCacheMisses } from "./shape-cache.ts";

const lib = library("flg_qs");
const { Author, Book } = lib;

for (const backend of backends()) {
  describe(`querysets (${backend.name})`, { skip: backend.skip }, () => {
    const h = useLibrary(backend, lib);
    const authors = () => Author.objects.using(h.db);
    const books = () => Book.objects.using(h.db);
    const titles = async (qs: ReturnType<typeof books>) =>
      (await qs.orderBy("title").valuesList("title", { flat: true })) as string[];

    test("create returns a saved instance with its key", async () => {
      const tolstoy = await authors().create({ name: "Leo Tolstoy", email: "leo@example.org" });
      assert.equal(typeof tolstoy.id, "number");
      const austen = await authors().create({ name: "Jane Austen", email: "jane@example.org" });
      assert.ok(austen.id > tolstoy.id);
      await books().create({ title: "War and Peace", pages: 1225, authorId: tolstoy.id });
      await books().create({ title: "Anna Karenina", pages: 864, authorId: tolstoy.id });
      await books().create({ title: "Emma", pages: 474, authorId: austen.id, rating: 4.5 });
      await books().create({ title: "100% Pure_Fun!", pages: 10 });
      const emma = await books().get({ title: "Emma" });
      assert.equal(emma.pages, 474);
      assert.equal(emma.rating, 4.5);
      assert.equal(emma.authorId, austen.id);
      assert.equal(emma.published, null);
    });

    test("defaults fill omitted fields", async () => {
      const b = await books().create({ title: "Untitled" });
      assert.equal(b.pages, 0);
      assert.equal((await books().get({ id: b.id })).pages, 0);
      await b.delete();
    });

    test("awaiting a queryset gives instances in the model's default ordering", async () => {
      const rows = await authors();
      assert.deepEqual(
        rows.map((a) => a.name),
        ["Jane Austen", "Leo Tolstoy"],
      );
      assert.deepEqual(Object.keys(rows[0]!), ["id", "name", "email", "born"]);
    });

    test("exact is case-sensitive and iexact is not, on every backend", async () => {
      assert.equal(await books().filter({ title: "emma" }).count(), 0);
      assert.equal(
        await books()
          .filter({ title: { exact: "Emma" } })
          .count(),
        1,
      );
      assert.equal(
        await books()
          .filter({ title: { iexact: "EMMA" } })
          .count(),
        1,
      );
    });

    test("contains/startswith/endswith are case-sensitive; the i-forms are not", async () => {
      assert.deepEqual(await titles(books().filter({ title: { contains: "and" } })), [
        "War and Peace",
      ]);
      assert.deepEqual(await titles(books().filter({ title: { contains: "AND" } })), []);
      assert.deepEqual(await titles(books().filter({ title: { icontains: "AND" } })), [
        "War and Peace",
      ]);
      assert.deepEqual(await titles(books().filter({ title: { icontains: "ANN" } })), [
        "Anna Karenina",
      ]);
      assert.deepEqual(await titles(books().filter({ title: { startswith: "anna" } })), []);
      assert.deepEqual(await titles(books().filter({ title: { istartswith: "anna" } })), [
        "Anna Karenina",
      ]);
      assert.deepEqual(await titles(books().filter({ title: { endswith: "PEACE" } })), []);
      assert.deepEqual(await titles(books().filter({ title: { iendswith: "PEACE" } })), [
        "War and Peace",
      ]);
    });

    test("%, _ and the escape character match literally in pattern lookups", async () => {
      assert.deepEqual(await titles(books().filter({ title: { contains: "0% P" } })), [
        "100% Pure_Fun!",
      ]);
      assert.deepEqual(await titles(books().filter({ title: { contains: "%" } })), [
        "100% Pure_Fun!",
      ]);
      assert.deepEqual(await titles(books().filter({ title: { icontains: "e_f" } })), [
        "100% Pure_Fun!",
      ]);
      assert.deepEqual(await titles(books().filter({ title: { endswith: "!" } })), [
        "100% Pure_Fun!",
      ]);
      assert.deepEqual(await titles(books().filter({ title: { contains: "_" } })), [
        "100% Pure_Fun!",
      ]);
      assert.deepEqual(await titles(books().filter({ title: { contains: "*" } })), []);
      assert.deepEqual(await titles(books().filter({ title: { contains: "[" } })), []);
    });

    test("comparison, in, range and isnull lookups", async () => {
      assert.deepEqual(await titles(books().filter({ pages: { gt: 864 } })), ["War and Peace"]);
      assert.deepEqual(await titles(books().filter({ pages: { gte: 864 } })), [
        "Anna Karenina",
        "War and Peace",
      ]);
      assert.deepEqual(await titles(books().filter({ pages: { lt: 474 } })), ["100% Pure_Fun!"]);
      assert.deepEqual(await titles(books().filter({ pages: { lte: 474 } })), [
        "100% Pure_Fun!",
        "Emma",
      ]);
      assert.deepEqual(await titles(books().filter({ pages: { in: [10, 864] } })), [
        "100% Pure_Fun!",
        "Anna Karenina",
      ]);
      assert.deepEqual(await titles(books().filter({ pages: { in: [] } })), []);
      assert.deepEqual(await titles(books().filter({ pages: { range: [474, 864] } })), [
        "Anna Karenina",
        "Emma",
      ]);
      assert.deepEqual(await titles(books().filter({ rating: { isnull: false } })), ["Emma"]);
      assert.equal(
        await books()
          .filter({ rating: { isnull: true } })
          .count(),
        3,
      );
      assert.equal(await books().filter({ rating: null }).count(), 3);
      assert.equal(
        await books()
          .filter({ pages: { gt: 100, lt: 1000 } })
          .count(),
        2,
      );
    });

    test("filters chain with AND; Q.or, Q.and, Q.not and exclude combine", async () => {
      assert.equal(
        await books()
          .filter({ pages: { gt: 100 } })
          .filter({ pages: { lt: 1000 } })
          .count(),
        2,
      );
      assert.deepEqual(
        await titles(books().filter(Q.or({ pages: { gt: 1000 } }, { title: { startswith: "E" } }))),
        ["Emma", "War and Peace"],
      );
      assert.deepEqual(
        await titles(books().filter(Q.and(Q.not({ title: "Emma" }), { pages: { gt: 100 } }))),
        ["Anna Karenina", "War and Peace"],
      );
      assert.deepEqual(await titles(books().exclude({ pages: { gt: 100 } })), ["100% Pure_Fun!"]);
      assert.equal(await books().exclude().count(), 4);
      assert.equal(
        await books().exclude({}).count(),
        4,
        "excluding an empty filter excludes nothing",
      );
      assert.equal(await books().filter(Q.not({})).count(), 4);
      // As in Django, exclude() keeps rows where the condition is unknown (a NULL column).
      assert.equal(await books().exclude({ rating: 4.5 }).count(), 3);
      assert.equal(
        await books()
          .filter(Q.not({ rating: { gt: 1 } }))
          .count(),
        3,
      );
      assert.deepEqual(
        await titles(books().filter({ OR: [{ title: "Emma" }, { NOT: { pages: { gt: 20 } } }] })),
        ["100% Pure_Fun!", "Emma"],
      );
    });

    test("lookups across a foreign key", async () => {
      assert.deepEqual(
        await titles(books().filter({ author: { name: { icontains: "TOLSTOY" } } })),
        ["Anna Karenina", "War and Peace"],
      );
      const jane = await authors().get({ name: "Jane Austen" });
      assert.deepEqual(await titles(books().filter({ author: jane.id })), ["Emma"]);
      assert.deepEqual(await titles(books().filter({ author: { in: [jane.id] } })), ["Emma"]);
      assert.deepEqual(await titles(books().filter({ author: null })), ["100% Pure_Fun!"]);
      assert.deepEqual(await titles(books().filter({ authorId: jane.id } as never)), ["Emma"]);
      assert.deepEqual(
        await titles(books().exclude({ author: { email: { endswith: "@example.org" } } })),
        ["100% Pure_Fun!"],
      );
    });

    test("orderBy ascending and descending, slicing as LIMIT/OFFSET", async () => {
      const byPages = await books().orderBy("-pages").valuesList("pages", { flat: true });
      assert.deepEqual(byPages, [1225, 864, 474, 10]);
      assert.deepEqual(
        await books().orderBy("pages").slice(1, 3).valuesList("pages", { flat: true }),
        [474, 864],
      );
      assert.deepEqual(
        await books().orderBy("pages").slice(2).valuesList("pages", { flat: true }),
        [864, 1225],
      );
      assert.deepEqual(
        await books().orderBy("pages").slice(1, 3).slice(1).valuesList("pages", { flat: true }),
        [864],
      );
      assert.deepEqual(
        await books().orderBy("pages").limit(1).valuesList("pages", { flat: true }),
        [10],
      );
      assert.deepEqual(
        await books().orderBy("pages").offset(3).valuesList("pages", { flat: true }),
        [1225],
      );
      assert.equal(await books().slice(1, 3).count(), 2);
      assert.equal(await books().slice(3, 10).count(), 1);
    });

    test("first and last follow the ordering, else the key", async () => {
      assert.equal((await books().orderBy("pages").first())?.pages, 10);
      assert.equal((await books().orderBy("pages").last())?.pages, 1225);
      assert.equal((await books().first())?.title, "War and Peace");
      assert.equal(
        await books()
          .filter({ pages: { gt: 5000 } })
          .first(),
        undefined,
      );
    });

    test("values and valuesList give plain objects and tuples", async () => {
      const v = await books().filter({ title: "Emma" }).values("title", "pages");
      assert.deepEqual(v, [{ title: "Emma", pages: 474 }]);
      assert.equal(Object.getPrototypeOf(v[0]), Object.prototype);
      const all = await books().filter({ title: "Emma" }).values();
      assert.deepEqual(Object.keys(all[0]!), [
        "id",
        "title",
        "pages",
        "rating",
        "published",
        "authorId",
      ]);
      assert.deepEqual(await books().filter({ title: "Emma" }).valuesList("title", "pages"), [
        ["Emma", 474],
      ]);
    });

    test("get raises coded DoesNotExist and MultipleObjectsReturned", async () => {
      await assert.rejects(books().get({ title: "Nope" }), (e: unknown) => {
        assert.ok(e instanceof DoesNotExist);
        assert.equal(e.code, ERR_ORM_DOES_NOT_EXIST);
        assert.equal(e.model, "lib.Book");
        return true;
      });
      await assert.rejects(books().get({ pages: { gt: 100 } }), (e: unknown) => {
        assert.ok(e instanceof MultipleObjectsReturned);
        assert.equal(e.code, ERR_ORM_MULTIPLE_OBJECTS);
        assert.match(e.message, /\(3\)/);
        return true;
      });
    });

    test("get with a bad filter rejects (never throws before returning its promise)", async () => {
      for (const bad of [{ nope: 1 }, { title: { nolookup: 1 } }, { pages: Symbol("x") }]) {
        let pending: Promise<unknown> | undefined;
        assert.doesNotThrow(() => {
          pending = books().get(bad as never);
        });
        await assert.rejects(pending!, (e: { code?: string }) => typeof e.code === "string");
      }
    });

    test("count and exists", async () => {
      assert.equal(await books().count(), 4);
      assert.equal(await books().filter({ title: "Emma" }).exists(), true);
      assert.equal(await books().filter({ title: "Nope" }).exists(), false);
    });

    test("bulk update and delete return the number of rows", async () => {
      assert.equal(
        await books()
          .filter({ pages: { lt: 500 } })
          .update({ rating: 3 }),
        2,
      );
      assert.deepEqual(await titles(books().filter({ rating: 3 })), ["100% Pure_Fun!", "Emma"]);
      const extra = await books().create({ title: "Gone soon", pages: 1 });
      assert.equal(
        await books()
          .filter({ title: { startswith: "Gone" } })
          .delete(),
        1,
      );
      assert.equal(await books().filter({ id: extra.id }).exists(), false);
      await assert.rejects(books().slice(0, 1).update({ rating: 1 }), /sliced/);
    });

    test("getOrCreate and updateOrCreate", async () => {
      const [a, createdA] = await authors().getOrCreate(
        { name: "Fyodor" },
        { email: "f@example.org" },
      );
      assert.equal(createdA, true);
      assert.equal(a.email, "f@example.org");
      const [b, createdB] = await authors().getOrCreate({ name: "Fyodor" });
      assert.equal(createdB, false);
      assert.equal(b.id, a.id);
      const [c, createdC] = await authors().updateOrCreate(
        { name: "Fyodor" },
        { born: "1821-11-11" },
      );
      assert.equal(createdC, false);
      assert.equal((await authors().get({ id: c.id })).born, "1821-11-11");
      const [d, createdD] = await authors().updateOrCreate(
        { name: "Anton" },
        { born: "1860-01-29" },
      );
      assert.equal(createdD, true);
      assert.equal(d.born, "1860-01-29");
    });

    test("save inserts then updates; refreshFromDb reloads; delete removes", async () => {
      const b = await books().create({ title: "Draft", pages: 1 });
      b.pages = 2;
      await b.save();
      assert.equal((await books().get({ id: b.id })).pages, 2);
      await books().filter({ id: b.id }).update({ pages: 3 });
      await b.refreshFromDb();
      assert.equal(b.pages, 3);
      const id = b.id;
      await b.delete();
      assert.equal(b.id, null);
      assert.equal(await books().filter({ id }).exists(), false);
    });

    test("queries run inside atomic() and roll back with it", async () => {
      await assert.rejects(
        atomic(
          async () => {
            await books().create({ title: "Rolled back" });
            assert.equal(await books().filter({ title: "Rolled back" }).count(), 1);
            throw new Error("stop");
          },
          { using: h.db },
        ),
        /stop/,
      );
      assert.equal(await books().filter({ title: "Rolled back" }).count(), 0);
    });

    test("integrity errors from the database reach the caller, naming the columns", async () => {
      await assert.rejects(
        authors().create({ name: "Dup", email: "jane@example.org" }),
        (e: unknown) => {
          assert.ok(e instanceof IntegrityError);
          assert.equal(e.code, ERR_DB_UNIQUE);
          assert.deepEqual(e.columns, ["email"]);
          return true;
        },
      );
    });

    test("a foreign key's onDelete cascade is applied by the database", async () => {
      const a = await authors().create({ name: "Temp" });
      await books().create({ title: "Temp book", authorId: a.id });
      await a.delete();
      assert.equal(await books().filter({ title: "Temp book" }).count(), 0);
    });

    test("a repeated query shape is compiled once", async () => {
      await books()
        .filter({ title: "Emma", pages: { gte: 1 } })
        .count();
      const before = shapeCacheMisses();
      for (const t of ["Emma", "War and Peace", "x"])
        await books()
          .filter({ title: t, pages: { gte: 2 } })
          .count();
      assert.equal(shapeCacheMisses(), before);
      await books()
        .filter({ pages: { gte: 2 }, title: "Emma" })
        .count();
      assert.equal(shapeCacheMisses(), before + 1, "another key order is another shape");
    });

    test("unknown fields and lookups are coded errors at run time too", () => {
      assert.throws(
        () => books().filter({ nope: 1 } as never),
        (e: unknown) => (e as { code: string }).code === ERR_ORM_QUERY,
      );
      assert.throws(
        () => books().filter({ pages: { icontains: "x" } } as never),
        /Unknown lookup "icontains"/,
      );
      assert.throws(() => books().orderBy("nope" as never), /no field "nope"/);
    });
  });
}
