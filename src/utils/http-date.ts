/**
 * HTTP dates (RFC 9110 section 5.6.7): always written as IMF-fixdate, read in all three
 * historical forms. Parsing is strict (anchored patterns, range checks) because `Date.parse`
 * accepts nearly anything and would turn junk in `If-Modified-Since` into a real date.
 * @module
 */
import { ERR_DATE_INVALID, FlagonError } from "./errors.ts";

/** `Sun, 06 Nov 1994 08:49:37 GMT`. Throws `FLG_ERR_DATE_INVALID` for an invalid date. */
export function formatHttpDate(date: Date | number): string {
  const d = typeof date === "number" ? new Date(date) : date;
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) {
    throw new FlagonError(ERR_DATE_INVALID, "formatHttpDate needs a valid Date", 500);
  }
  // toUTCString produces exactly the IMF-fixdate layout.
  return d.toUTCString();
}

const MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
const IMF =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850 =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/** Milliseconds since the epoch, or `undefined` for anything that is not an HTTP date. */
export function parseHttpDate(str: string | undefined): number | undefined {
  if (typeof str !== "string" || str.length < 24 || str.length > 40) return undefined;
  let m = IMF.exec(str);
  if (m !== null) return build(m[3]!, m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  m = RFC850.exec(str);
  if (m !== null) return build(fullYear(Number(m[3])), m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  m = ASCTIME.exec(str);
  if (m !== null) return build(m[6]!, m[1]!, m[2]!.trim(), m[3]!, m[4]!, m[5]!);
  return undefined;
}

// RFC 9110: a two-digit year more than 50 years in the future means the previous century.
function fullYear(yy: number): string {
  const now = new Date().getUTCFullYear();
  let year = Math.floor(now / 100) * 100 + yy;
  if (year > now + 50) year -= 100;
  return String(year);
}

function build(
  year: string,
  mon: string,
  day: string,
  h: string,
  min: string,
  s: string,
): number | undefined {
  const month = MONTHS.indexOf(mon);
  if (month === -1 || month % 3 !== 0) return undefined;
  const y = Number(year);
  const mo = month / 3;
  const d = Number(day);
  const hh = Number(h);
  const mm = Number(min);
  // A leap second (60) is read as 59: HTTP dates only need whole-second ordering.
  const ss = Math.min(Number(s), 59);
  if (hh > 23 || mm > 59 || Number(s) > 60 || d < 1) return undefined;
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(y, mo, d);
  date.setUTCHours(hh, mm, ss, 0);
  // "Feb 30" rolls into March; refuse dates that do not exist.
  if (date.getUTCDate() !== d) return undefined;
  return date.getTime();
}
