/**
 * Turns the ORM benchmark's samples into a Markdown table. Kept apart from the runner so it can
 * be tested without a database.
 * @module
 */
import { median, ratioOf, ratioRange } from "../stats.ts";

/** Ops/s samples, one per round, for one backend and operation. */
export interface OpSamples {
  op: string;
  orm: number[];
  raw: number[];
}

/** The target ratio (ORM time / raw time) an operation must meet on a backend, if any. */
export function targetFor(backend: string, op: string): number | undefined {
  if (backend === "PostgreSQL" || backend === "MariaDB") return 1.15;
  if (backend === "SQLite (memory)" && op === "get by key") return 2;
  return undefined;
}

/** ORM time over raw time: the median over rounds of each round's raw rate over its ORM rate. */
export function timeRatio(s: OpSamples): number {
  return ratioOf(s.raw, s.orm);
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** The table for one backend. */
export function renderTable(backend: string, samples: OpSamples[]): string {
  const lines = [
    `| ${backend} | ORM ops/s | raw ops/s | ORM time / raw | rounds' range | target |`,
    "| --- | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const s of samples) {
    const ratio = timeRatio(s);
    const target = targetFor(backend, s.op);
    const verdict =
      target === undefined
        ? "—"
        : `<= ${target.toFixed(2)}x: ${ratio <= target ? "met" : "MISSED"}`;
    const range = ratioRange(s.raw, s.orm);
    lines.push(
      `| ${s.op} | ${fmt(median(s.orm))} | ${fmt(median(s.raw))} | ${ratio.toFixed(2)}x | ${range} | ${verdict} |`,
    );
  }
  return lines.join("\n");
}
