/**
 * Small statistics for the report.
 * @module
 */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** (max - min) / median, as a fraction: how much the rounds disagreed. */
export function spread(values: readonly number[]): number {
  if (values.length < 2) return 0;
  return (Math.max(...values) - Math.min(...values)) / median(values);
}

/**
 * Each round's value of `a` over the same round's value of `b`, or undefined when the two do not
 * hold the same number of rounds (a run was lost, so rounds cannot be matched up). Paired
 * ratios are what the reports compare: this machine's speed drifts between rounds (one server's
 * rate moved by a third within a run), and a ratio of two separate medians can set a fast round
 * of one side against a slow round of the other.
 */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] | undefined {
  if (a.length === 0 || a.length !== b.length) return undefined;
  return a.map((x, i) => (b[i]! > 0 ? x / b[i]! : Number.POSITIVE_INFINITY));
}

/** The median of the paired ratios of `a` to `b`, else the ratio of their medians. */
export function ratioOf(a: readonly number[], b: readonly number[]): number {
  const paired = pairedRatios(a, b);
  return paired === undefined ? median(a) / median(b) : median(paired);
}

/** "min-max" of the paired ratios, or "unpaired". */
export function ratioRange(a: readonly number[], b: readonly number[]): string {
  const paired = pairedRatios(a, b);
  if (paired === undefined) return "unpaired";
  return `${Math.min(...paired).toFixed(2)}-${Math.max(...paired).toFixed(2)}`;
}
