/**
 * `npm run bench -- --db`: TechEmpower's database tests (db, queries, updates, fortunes) on
 * PostgreSQL, Flagon with the ORM against bare node:http with raw `pg`. Fills the tables first
 * (idempotent), checks both servers' answers, then runs wrk with the servers alternating over
 * rounds, as the HTTP tests do. PostgreSQL runs on the same machine and is not pinned.
 * @module
 */
import { join } from "node:path";
import { Databases } from "../../src/orm/index.ts";
import type { BenchArgs } from "../args.ts";
import { type Running, startReady } from "../proc.ts";
import { writeDoc } from "../report.ts";
import { runWrk, type WrkSettings, wrkCommandLine } from "../wrk.ts";
import { checkDbServer, DB_CASES } from "./check.ts";
import { type DbRps, renderDbTable } from "./report.ts";
import { setupWorld } from "./world.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const SERVERS = [
  { key: "node", label: "node:http + pg", file: "bench/servers/node-pg.ts" },
  { key: "node-headers", label: "node + headers", file: "bench/servers/node-pg-headers.ts" },
  { key: "flagon", label: "Flagon + ORM", file: "bench/servers/flagon-db.ts" },
];
const DB_URL = process.env.FLG_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const log = (line: string) => process.stdout.write(`${line}\n`);

const start = (file: string, cpu: number): Promise<Running> =>
  startReady(join(ROOT, file), cpu, { DATABASE_URL: DB_URL });

/** Runs the database tests; returns the exit code. */
export async function runDbBench(
  args: BenchArgs,
  serverCpu: number,
  wrkCpu: number,
): Promise<number> {
  const dbs = new Databases({ default: DB_URL });
  try {
    log(`tables: ${await setupWorld(dbs.get())}`);
  } finally {
    await dbs.closeAll();
  }
  const wrk: WrkSettings = {
    threads: 1,
    connections: args.connections,
    duration: args.duration,
    cpu: wrkCpu,
  };
  const warm: WrkSettings = { ...wrk, duration: args.warmup };
  const rps: DbRps = {};
  const notes: string[] = [];
  const ok: typeof SERVERS = [];
  for (const s of SERVERS) {
    let problems: string[];
    try {
      const running = await start(s.file, serverCpu);
      try {
        problems = await checkDbServer(running.port);
      } finally {
        await running.stop();
      }
    } catch (err) {
      problems = [`did not start: ${(err as Error).message.trim()}`];
    }
    log(
      `  ${s.label}: ${problems.length === 0 ? "ok" : `REFUSED\n    - ${problems.join("\n    - ")}`}`,
    );
    if (problems.length === 0) ok.push(s);
    else notes.push(`${s.label} not measured: ${problems.join("; ")}`);
  }
  log(`\nload: ${wrkCommandLine(wrk)}, ${args.rounds} round(s)`);
  for (let round = 0; round < args.rounds; round++) {
    const order = ok.map((_, i) => ok[(i + round) % ok.length]!);
    for (const s of order) {
      const running = await start(s.file, serverCpu);
      try {
        for (const test of DB_CASES) {
          const url = `http://127.0.0.1:${running.port}${test.path}`;
          await runWrk(url, warm);
          const r = await runWrk(url, wrk);
          ((rps[s.key] ??= {})[test.name] ??= []).push(r.requestsPerSec);
          if (r.non2xx > 0 || r.socketErrors > 0) {
            notes.push(
              `round ${round + 1}: ${s.label} ${test.name}: ${r.non2xx} non-2xx, ${r.socketErrors} socket errors`,
            );
          }
          log(
            `  round ${round + 1}/${args.rounds} ${s.label.padEnd(15)} ${test.name.padEnd(9)} ${Math.round(r.requestsPerSec).toString().padStart(7)} req/s`,
          );
        }
      } finally {
        await running.stop();
      }
    }
  }
  const body = [
    `Node ${process.version}; PostgreSQL on the same machine (not pinned), ${wrkCommandLine(wrk)} ` +
      `after -d${args.warmup}s of warm-up, ${args.rounds} round(s), servers alternating; server on ` +
      `CPU ${serverCpu}, wrk on CPU ${wrkCpu}; both pools 10 connections; median rates over rounds; ratios are medians of per-round ratios.`,
    renderDbTable(
      rps,
      DB_CASES.map((c) => c.name),
    ),
    ...notes.map((n) => `- ${n}`),
  ].join("\n\n");
  const stamp = new Date().toISOString().slice(0, 16).replace("T", " ");
  const title = `${stamp} UTC: database tests (PostgreSQL)`;
  log(`\n## ${title}\n\n${body}\n`);
  if (args.write) writeDoc(join(ROOT, "docs", "benchmarks.md"), title, body);
  return 0;
}
