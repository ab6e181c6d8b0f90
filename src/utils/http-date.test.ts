import assert from "node:assert/strict";
import { test } from "node:test";
import { FlagonError } from "./errors.ts";
import { formatHttpDate, parseHttpDate } from "./http-date.ts";

const T = Date.UTC(1994, 10, 6, 8, 49, 37);

test("formatHttpDate writes IMF-fixdate", () => {
  assert.equal(formatHttpDate(new Date(T)), "Sun, 06 Nov 1994 08:49:37 GMT");
  assert.equal(formatHttpDate(T), "Sun, 06 Nov 1994 08:49:37 GMT");
  assert.equal(formatHttpDate(new Date(T + 999)), "Sun, 06 Nov 1994 08:49:37 GMT");
  assert.equal(formatHttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
});

test("formatHttpDate refuses invalid dates", () => {
  for (const d of [new Date("nope"), Number.NaN, "2020-01-01" as unknown as Date]) {
    assert.throws(
      () => formatHttpDate(d),
      (e: unknown) => e instanceof FlagonError && e.code === "FLG_ERR_DATE_INVALID",
    );
  }
});

test("parseHttpDate reads all three RFC 9110 forms", () => {
  assert.equal(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), T);
  assert.equal(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"), T);
  assert.equal(parseHttpDate("Sun Nov  6 08:49:37 1994"), T);
  assert.equal(parseHttpDate("Sun Nov 16 08:49:37 1994"), Date.UTC(1994, 10, 16, 8, 49, 37));
});

test("round-trips with formatHttpDate", () => {
  for (const ms of [0, T, Date.UTC(2038, 0, 19, 3, 14, 8), Date.UTC(2100, 1, 28, 23, 59, 59)]) {
    assert.equal(parseHttpDate(formatHttpDate(ms)), ms);
  }
});

test("RFC 850 two-digit years more than 50 years ahead are the previous century", () => {
  const thisYear = new Date().getUTCFullYear();
  const yy = (thisYear + 10) % 100;
  const parsed = parseHttpDate(`Monday, 01-Jan-${String(yy).padStart(2, "0")} 00:00:00 GMT`)!;
  assert.equal(new Date(parsed).getUTCFullYear(), thisYear + 10);
  const old = (thisYear + 60) % 100;
  const parsedOld = parseHttpDate(`Monday, 01-Jan-${String(old).padStart(2, "0")} 00:00:00 GMT`)!;
  assert.equal(new Date(parsedOld).getUTCFullYear(), thisYear + 60 - 100);
});

test("years below 100 are not shifted into the 1900s", () => {
  assert.equal(new Date(parseHttpDate("Mon, 01 Jan 0050 00:00:00 GMT")!).getUTCFullYear(), 50);
});

test("junk Date.parse would accept is refused", () => {
  for (const s of [
    "",
    "1",
    "2020",
    "2020-01-01",
    "2020-01-01T00:00:00Z",
    "Sun, 06 Nov 1994 08:49:37",
    "Sun, 06 Nov 1994 08:49:37 UTC",
    "Sun, 06 Nov 1994 08:49:37 +0000",
    "sun, 06 nov 1994 08:49:37 GMT",
    "Sun, 6 Nov 1994 08:49:37 GMT",
    "Sun, 06 Foo 1994 08:49:37 GMT",
    "Sun, 06 anF 1994 08:49:37 GMT",
    "Sun, 31 Feb 1994 08:49:37 GMT",
    "Sun, 00 Nov 1994 08:49:37 GMT",
    "Sun, 06 Nov 1994 24:00:00 GMT",
    "Sun, 06 Nov 1994 08:60:00 GMT",
    "Sun, 06 Nov 1994 08:49:61 GMT",
    " Sun, 06 Nov 1994 08:49:37 GMT",
    "Sun, 06 Nov 1994 08:49:37 GMT ",
    "Sun, 06 Nov 1994 08:49:37 GMT\r\n",
    "Sun, 06 Nov 1994 08:49:37 GMTSun, 06 Nov 1994 08:49:37 GMT",
    "Sun, 06 Nov \u0661994 08:49:37 GMT",
    "x".repeat(100000),
  ]) {
    assert.equal(parseHttpDate(s), undefined, JSON.stringify(s.slice(0, 60)));
  }
  assert.equal(parseHttpDate(undefined), undefined);
});

test("a leap second is read as :59", () => {
  assert.equal(parseHttpDate("Sat, 31 Dec 2016 23:59:60 GMT"), Date.UTC(2016, 11, 31, 23, 59, 59));
});
