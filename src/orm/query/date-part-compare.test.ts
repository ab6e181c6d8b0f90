import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { library, useLibrary } from "./fixtures/library.ts";

const lib = library("flg_dpcmp");
const { Author, Book } = lib;

/** Instants around New Year, where the ISO year and week part from the calendar's. */
const INSTANTS: Record<string, string> = {
  thu53: "2020-12-31T23:59:59.900Z", // week 53 of 2020; the fraction must not round up
  fri53: "2021-01-01T00:00:00.000Z", // calendar 2021, ISO week 53 of 2020
  sun53: "2021-01-03T12:30:15.000Z", // last day of ISO 2020
  mon01: "2021-01-04T06:05:01.000Z", // week 1 of 2021
  dec01: "2024-12-30T10:45:30.000Z", // calendar 2024, ISO week 1 of 2025
  dec19: "2019-12-30T08:00:00.000Z", // calendar 2019, ISO week 1 of 2020
  july: "2024-07-15T15:00:00.000Z",
};
const DAYS: Record<string, string> = {
  d2026: "2026-12-31", // 2026 has 53 ISO weeks: a Thursday in week 53
  d2027: "2027-01-01", // still week 53 of 2026
  d2025: "2025-12-29", // week 1 of 2026
  d2021: "2021-01-01",
};

/** Django's parts of a UTC instant, computed here in JavaScript to check each backend. */
function parts(d: Date): Record<string, number> {
  const day = d.getUTCDay(); // 0 = Sunday
  const isoDay = day === 0 ? 7 : day;
  // The ISO week's Thursday decides its year; the week is counted from that year's first.
  const thu = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 4 - isoDay);
  const isoYear = new Date(thu).getUTCFullYear();
  const week = Math.floor((thu - Date.UTC(isoYear, 0, 1)) / 86_400_000 / 7) + 1;
  return {
    year: d.getUTCFullYear(),
    quarter: Math.floor(d.getUTCMonth() / 3) + 1,
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    week_day: day + 1,
    iso_week_day: isoDay,
    week,
    iso_year: isoYear,
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

const DATETIME_PARTS = Object.keys(parts(new Date(0)));
const DATE_PARTS = DATETIME_PARTS.filter((p) => !["hour", "minute", "second"].includes(p));

for (const backend of backends()) {
  describe(`date parts compared, ISO parts (${backend.name})`, { skip: backend.skip }, () => {
    const h = useLibrary(backend, lib);
    const books = () => Book.objects.using(h.db);
    const authors = () => Author.objects.using(h.db);
    const titles = (w: Parameters<typeof Book.objects.filter>[0]) =>
      books().filter(w).orderBy("title").valuesList("title", { flat: true });
    const names = (w: Parameters<typeof Author.objects.filter>[0]) =>
      authors().filter(w).orderBy("name").valuesList("name", { flat: true });

    before(async () => {
      if (backend.skip) return;
      for (const [title, at] of Object.entries(INSTANTS))
        await books().create({ title, published: new Date(at) });
      await books().create({ title: "none" });
      for (const [name, born] of Object.entries(DAYS)) await authors().create({ name, born });
    });

    test("every part of every instant matches JavaScript's UTC reading", async () => {
      for (const part of DATETIME_PARTS) {
        const want = new Map<number, string[]>();
        for (const [title, at] of Object.entries(INSTANTS).sort()) {
          const v = parts(new Date(at))[part]!;
          want.set(v, [...(want.get(v) ?? []), title]);
        }
        for (const [v, expected] of want)
          assert.deepEqual(await titles({ published: { [part]: v } }), expected, `${part} = ${v}`);
      }
      for (const part of DATE_PARTS) {
        for (const [name, born] of Object.entries(DAYS)) {
          const v = parts(new Date(`${born}T00:00:00Z`))[part]!;
          const got = await names({ born: { [part]: v } });
          assert.ok(got.includes(name), `${name}: ${part} = ${v}, got ${got}`);
        }
      }
    });

    test("ISO week 53 and week 1 around New Year", async () => {
      assert.deepEqual(await titles({ published: { week: 53 } }), ["fri53", "sun53", "thu53"]);
      assert.deepEqual(await titles({ published: { week: 1 } }), ["dec01", "dec19", "mon01"]);
      assert.deepEqual(await titles({ published: { iso_year: 2020 } }), [
        "dec19",
        "fri53",
        "sun53",
        "thu53",
      ]);
      assert.deepEqual(await titles({ published: { iso_year: 2020, year: 2021 } }), [
        "fri53",
        "sun53",
      ]);
      assert.deepEqual(await titles({ published: { iso_year: 2025 } }), ["dec01"]);
      assert.deepEqual(await titles({ published: { second: 59, minute: 59, hour: 23 } }), [
        "thu53",
      ]);
      assert.deepEqual(await names({ born: { week: 53 } }), ["d2021", "d2026", "d2027"]);
      assert.deepEqual(await names({ born: { week: 1, iso_year: 2026 } }), ["d2025"]);
      assert.deepEqual(await names({ born: { iso_year: 2026 } }), ["d2025", "d2026", "d2027"]);
    });

    test("comparisons under a part: gt, gte, lt, lte, in, range, exact", async () => {
      assert.deepEqual(await titles({ published: { year: { gte: 2024 } } }), ["dec01", "july"]);
      assert.deepEqual(await titles({ published: { year: { gt: 2020, lt: 2024 } } }), [
        "fri53",
        "mon01",
        "sun53",
      ]);
      assert.deepEqual(await titles({ published: { quarter: { lte: 1 } } }), [
        "fri53",
        "mon01",
        "sun53",
      ]);
      assert.deepEqual(await titles({ published: { month: { in: [7, 12] } } }), [
        "dec01",
        "dec19",
        "july",
        "thu53",
      ]);
      assert.deepEqual(await titles({ published: { month: { in: [] } } }), []);
      assert.deepEqual(await titles({ published: { week_day: { range: [2, 5] } } }), [
        "dec01",
        "dec19",
        "july",
        "mon01",
        "thu53",
      ]);
      assert.deepEqual(await titles({ published: { iso_week_day: { gte: 5 } } }), [
        "fri53",
        "sun53",
      ]);
      assert.deepEqual(await titles({ published: { week: { gt: 52 }, year: { exact: 2021 } } }), [
        "fri53",
        "sun53",
      ]);
      assert.deepEqual(await titles({ published: { hour: { lt: 7 }, minute: { gte: 5 } } }), [
        "mon01",
      ]);
      assert.deepEqual(await titles({ published: { second: { range: [1, 30] } } }), [
        "dec01",
        "mon01",
        "sun53",
      ]);
      assert.deepEqual(await names({ born: { day: { gte: 29 }, iso_year: { lt: 2027 } } }), [
        "d2025",
        "d2026",
      ]);
      // A part and the field's own lookups together; NULL passes no comparison, and exclude()
      // keeps it, as Django's NOT does.
      assert.deepEqual(
        await titles({ published: { gte: new Date("2021-01-01T00:00:00Z"), year: { lt: 2022 } } }),
        ["fri53", "mon01", "sun53"],
      );
      assert.deepEqual(
        await books()
          .exclude({ published: { year: { lte: 2021 } } })
          .orderBy("title")
          .valuesList("title", { flat: true }),
        ["dec01", "july", "none"],
      );
    });

    test("bad part operands are coded errors", () => {
      const bad = (w: unknown, re: RegExp) =>
        assert.throws(
          () => books().filter(w as never),
          (e: Error & { code?: string }) => e.code === ERR_ORM_QUERY && re.test(e.message),
        );
      bad({ published: { year: { gte: "2020" } } }, /"year" on published takes a whole number/);
      bad({ published: { year: { gte: 2020.5 } } }, /whole number/);
      bad({ published: { year: { like: 2020 } } }, /Unknown comparison "like" on published\.year/);
      bad({ published: { year: { isnull: true } } }, /Unknown comparison "isnull"/);
      bad({ published: { month: { in: 3 } } }, /"month\.in" on published takes an array/);
      bad({ published: { month: { in: [1, "2"] } } }, /whole numbers/);
      bad(
        { published: { week: { range: [1] } } },
        /"week\.range" on published takes \[low, high\]/,
      );
      bad({ published: { week: null } }, /whole number/);
      bad({ published: { week: [1, 2] } }, /whole number/);
      assert.throws(
        () => authors().filter({ born: { minute: { gt: 1 } } } as never),
        (e: Error & { code?: string }) =>
          e.code === ERR_ORM_QUERY && /Unknown lookup "minute"/.test(e.message),
      );
    });
  });
}
