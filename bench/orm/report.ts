/**
 * Turns the ORM benchmark's samples into a Markdown table. Kept apart from the runner so it can
 * be tested without a database.
 * @module
 */
import { median } from "../stats.ts";

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

/** ORM time over raw time: the raw side's median rate over the ORM's. */
export function timeRatio(s: OpSamples): number {
  const orm = median(s.orm);
  return orm > 0 ? median(s.raw) / orm : Number.POSITIVE_INFINITY;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** The table for one backend. */
export function renderTable(backend: string, samples: OpSamples[]): string {
  const lines = [
    `| ${backend} | ORM ops/s | raw ops/s | ORM time / raw | target |`,
    "| --- | ---: | ---: | ---: | --- |",
  ];
  for (const s of samples) {
    const ratio = timeRatio(s);
    const target = targetFor(backend, s.op);
    const verdict =
      target === undefined
        ? "—"
        : `<= ${target.toFixed(2)}x: ${ratio <= target ? "met" : "MISSED"}`;
    lines.push(
      `| ${s.op} | ${fmt(median(s.orm))} | ${fmt(median(s.raw))} | ${ratio.toFixed(2)}x | ${verdict} |`,
    );
  }
  return lines.join("\n");
}
