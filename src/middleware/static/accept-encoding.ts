/**
 * Which precompressed variants a client accepts, from `Accept-Encoding` (RFC 9110 12.5.3). Only
 * the two encodings static folders ship (`br`, `gzip`) are looked for, best first.
 * @module
 */

export type StaticEncoding = "br" | "gzip";

/** File suffix of each precompressed variant, beside the original (`site.css.br`). */
export const ENCODING_SUFFIX: Readonly<Record<StaticEncoding, string>> = { br: ".br", gzip: ".gz" };

// A header this long is not a browser's; looking at the first entries is enough and bounded.
const MAX_ENTRIES = 32;

function qOf(params: string[]): number {
  for (const p of params) {
    const eq = p.indexOf("=");
    if (eq === -1 || p.slice(0, eq).trim().toLowerCase() !== "q") continue;
    const q = Number(p.slice(eq + 1).trim());
    return Number.isFinite(q) && q >= 0 && q <= 1 ? q : 0;
  }
  return 1;
}

/**
 * The encodings among `br` and `gzip` that the header allows (q > 0), highest q first, `br`
 * before `gzip` on a tie. `*` stands for any encoding not named. No header: none (identity).
 */
export function acceptedEncodings(header: string | undefined): StaticEncoding[] {
  if (header === undefined || header === "") return [];
  const q: Partial<Record<StaticEncoding | "*", number>> = {};
  const entries = header.split(",");
  for (let i = 0; i < entries.length && i < MAX_ENTRIES; i++) {
    const [name = "", ...params] = entries[i]!.split(";");
    const coding = name.trim().toLowerCase();
    if (coding === "br" || coding === "gzip" || coding === "*") q[coding] = qOf(params);
    else if (coding === "x-gzip") q.gzip ??= qOf(params);
  }
  const out: Array<[StaticEncoding, number]> = [];
  for (const enc of ["br", "gzip"] as const) {
    const v = q[enc] ?? q["*"] ?? 0;
    if (v > 0) out.push([enc, v]);
  }
  // Stable sort keeps br ahead of gzip when the client weighs them the same.
  return out.sort((a, b) => b[1] - a[1]).map(([enc]) => enc);
}
