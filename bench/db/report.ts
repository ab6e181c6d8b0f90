/**
 * The table of the database tests: Flagon (ORM, templates) against node:http with raw `pg`:
 * median rates over rounds, and ratios as the median of each round's Flagon rate over the same
 * round's node:http rate (see `pairedRatios`), with the targets from the ORM and template
 * issues, and beside them the ratio to node:http sending the same security headers as Flagon
 * (the comparison on equal terms).
 * @module
 */
import { median, ratioOf, ratioRange } from "../stats.ts";

/** Requests/s per round, by server key ("node", "node-headers", "flagon") then test name. */
export type DbRps = Record<string, Record<string, number[]>>;

/** Minimum Flagon / node:http throughput ratio per test. */
export const DB_TARGETS: Record<string, number> = {
  db: 0.95,
  queries: 0.95,
  updates: 0.95,
  fortunes: 1.0,
};

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

export function renderDbTable(rps: DbRps, tests: readonly string[]): string {
  const lines = [
    "| test | node:http + pg req/s | node:http + pg + security headers req/s | Flagon + ORM req/s | Flagon / node:http | rounds' range | target | Flagon / node:http + headers |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
  ];
  const cell = (xs: number[]) => (xs.length ? fmt(median(xs)) : "—");
  for (const t of tests) {
    const node = rps.node?.[t] ?? [];
    const withHeaders = rps["node-headers"]?.[t] ?? [];
    const flg = rps.flagon?.[t] ?? [];
    const fair =
      withHeaders.length && flg.length ? `${ratioOf(flg, withHeaders).toFixed(2)}x` : "—";
    if (node.length === 0 || flg.length === 0) {
      lines.push(
        `| ${t} | ${cell(node)} | ${cell(withHeaders)} | ${cell(flg)} | — | — | not measured | ${fair} |`,
      );
      continue;
    }
    const ratio = ratioOf(flg, node);
    const target = DB_TARGETS[t];
    const verdict =
      target === undefined
        ? "—"
        : `>= ${target.toFixed(2)}x: ${ratio >= target ? "met" : "MISSED"}`;
    lines.push(
      `| ${t} | ${cell(node)} | ${cell(withHeaders)} | ${cell(flg)} | ${ratio.toFixed(2)}x | ${ratioRange(flg, node)} | ${verdict} | ${fair} |`,
    );
  }
  return lines.join("\n");
}
