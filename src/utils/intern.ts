/**
 * `interned(s)`: the copy of `s` that V8 keeps in its string table, as it does for every
 * property name. A name built at run time (`${name}Id`, `snake_case(name)`) is a fresh string;
 * used as a computed key (`row[f.attr]`), it fails optimized code's identity check against the
 * name the call site saw before, and the function is deoptimized each time V8 optimizes it
 * again ("unexpected name in keyed access"), running mostly unoptimized. That cost a prefetch of
 * 100 parents about a quarter of its time. An object's keys are always internalized, so one is
 * taken from a throwaway object.
 * @module
 */

/** `s` as its internalized (string-table) copy; equal to `s` in every other respect. */
export function interned(s: string): string {
  return Object.keys({ [s]: 0 })[0] ?? s;
}
