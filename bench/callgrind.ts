/**
 * Reading valgrind's callgrind output: the instruction total of one dump.
 * @module
 */

/** The `totals:` (or, failing that, `summary:`) figure of a callgrind output file: instructions. */
export function callgrindTotal(text: string): number {
  const m = /^totals: *(\d+)/m.exec(text) ?? /^summary: *(\d+)/m.exec(text);
  if (m === null) throw new Error("unreadable callgrind output: no totals or summary line");
  return Number(m[1]);
}
