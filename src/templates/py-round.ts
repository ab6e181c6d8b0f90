/**
 * Python's `round(x, n)` for floats: round half to even on the exact binary value, so
 * `round(2.5)` is 2.0 and `round(2.675, 2)` is 2.67 (2.675 is stored as 2.67499999...).
 * @module
 */

export function pyRound(x: number, n = 0): number {
  if (!Number.isFinite(x) || x === 0) return x;
  if (n < 0) {
    const f = 10 ** -n;
    return pyRound(x / f, 0) * f;
  }
  const ax = Math.abs(x);
  if (ax >= 1e21) return x;
  // toFixed(100) gives the exact decimal digits of the double (they terminate well before that
  // for any value a tie can happen on), so the tie test below is exact.
  const full = ax.toFixed(100);
  const [ip, fp] = full.split(".") as [string, string];
  const kept = ip + fp.slice(0, n);
  const next = fp[n] ?? "0";
  const rest = fp.slice(n + 1);
  const lastOdd = Number(kept[kept.length - 1]) % 2 === 1;
  const up = next > "5" || (next === "5" && (/[1-9]/.test(rest) || lastOdd));
  const k = (BigInt(kept) + (up ? 1n : 0n)).toString().padStart(n + 1, "0");
  const str = n > 0 ? `${k.slice(0, k.length - n)}.${k.slice(k.length - n)}` : k;
  const r = Number(str);
  return x < 0 ? -r : r;
}

/**
 * Python's `'%.Nf' % x` (and `format(x, '.Nf')`): fixed notation rounded half to even on the
 * exact binary value. JS `toFixed` rounds exact ties up (`(4.25).toFixed(1)` is "4.3"; Python
 * prints "4.2").
 */
export function pyFixed(x: number, prec: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const ax = Math.abs(x);
  if (ax >= 1e21 || prec > 99) return x.toFixed(Math.min(prec, 100));
  const [ip, fp] = ax.toFixed(100).split(".") as [string, string];
  const kept = ip + fp.slice(0, prec);
  const next = fp[prec] ?? "0";
  const rest = fp.slice(prec + 1);
  const lastOdd = Number(kept[kept.length - 1]) % 2 === 1;
  const up = next > "5" || (next === "5" && (/[1-9]/.test(rest) || lastOdd));
  const k = (BigInt(kept) + (up ? 1n : 0n)).toString().padStart(prec + 1, "0");
  const body = prec > 0 ? `${k.slice(0, k.length - prec)}.${k.slice(k.length - prec)}` : k;
  return (x < 0 || Object.is(x, -0) ? "-" : "") + body;
}
