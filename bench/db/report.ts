/**
 * The table of the database tests: Flagon (ORM, templates) against node:http with raw `pg`,
 * medians over rounds, with the targets from the ORM and template issues.
 * @module
 */
import { median } from "../stats.ts";

/** Requests/s per round, by server key ("node", "flagon") then test name. */
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
    "| test | node:http + pg req/s | Flagon + ORM req/s | Flagon / node:http | target |",
    "| --- | ---: | ---: | ---: | --- |",
  ];
  for (const t of tests) {
    const node = rps.node?.[t] ?? [];
    const flg = rps.flagon?.[t] ?? [];
    if (node.length === 0 || flg.length === 0) {
      lines.push(
        `| ${t} | ${node.length ? fmt(median(node)) : "—"} | ${flg.length ? fmt(median(flg)) : "—"} | — | not measured |`,
      );
      continue;
    }
    const ratio = median(flg) / median(node);
    const target = DB_TARGETS[t];
    const verdict =
      target === undefined
        ? "—"
        : `>= ${target.toFixed(2)}x: ${ratio >= target ? "met" : "MISSED"}`;
    lines.push(
      `| ${t} | ${fmt(median(node))} | ${fmt(median(flg))} | ${ratio.toFixed(2)}x | ${verdict} |`,
    );
  }
  return lines.join("\n");
}
