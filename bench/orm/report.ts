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

/**
 * ORM time over raw time: the median over rounds of each round's raw rate over the same round's
 * ORM rate. Rounds are paired because this machine's speed drifts between them (a shared
 * virtual machine: one server's rate moved by a third within a run), and a ratio of two
 * separate medians mixes rounds that ran at different speeds.
 */
export function timeRatio(s: OpSamples): number {
  return median(roundRatios(s));
}

/** Each round's raw rate over its ORM rate (rounds where both ran). */
export function roundRatios(s: OpSamples): number[] {
  const n = Math.min(s.orm.length, s.raw.length);
  const out: number[] = [];
  for (let r = 0; r < n; r++)
    out.push(s.orm[r]! > 0 ? s.raw[r]! / s.orm[r]! : Number.POSITIVE_INFINITY);
  return out;
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
    const rs = roundRatios(s);
    const target = targetFor(backend, s.op);
    const verdict =
      target === undefined
        ? "—"
        : `<= ${target.toFixed(2)}x: ${ratio <= target ? "met" : "MISSED"}`;
    const range = `${Math.min(...rs).toFixed(2)}-${Math.max(...rs).toFixed(2)}`;
    lines.push(
      `| ${s.op} | ${fmt(median(s.orm))} | ${fmt(median(s.raw))} | ${ratio.toFixed(2)}x | ${range} | ${verdict} |`,
    );
  }
  return lines.join("\n");
}
