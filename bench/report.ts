/**
 * Turning the measurements into tables, target marks and the dated section of
 * docs/benchmarks.md.
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { BenchCase } from "./cases.ts";
import type { ColdStartResult } from "./cold-start.ts";
import { median, ratioOf, ratioRange, spread } from "./stats.ts";

export interface ServerDef {
  readonly key: string;
  readonly label: string;
  readonly file: string;
}

export interface RunData {
  servers: ServerDef[];
  cases: readonly BenchCase[];
  /** rps[server][case] and p99Ms[server][case]: one value per round. */
  rps: Record<string, Record<string, number[]>>;
  p99Ms: Record<string, Record<string, number[]>>;
  /** Peak VmRSS in KiB during the plaintext run, one per round. */
  rssKiB: Record<string, number[]>;
  excluded: Array<{ label: string; why: string }>;
  warnings: string[];
  /** Per measured run: % of a pinned CPU that other processes used (the worse of the two). */
  foreignPct: number[];
  /** serverBusyPct[server][case]: % of its CPU the server process used, one per round. */
  serverBusyPct: Record<string, Record<string, number[]>>;
  /** Per measured run: % of the server's CPU stolen by the hypervisor. */
  stealPct: number[];
  coldStart: ColdStartResult[] | { error: string } | undefined;
}

export interface Facts {
  date: Date;
  cpuModel: string;
  cores: number;
  node: string;
  kernel: string;
  wrkVersion: string;
  wrkLine: string;
  pinning: string;
  rounds: number;
  warmup: number;
  versions: string;
}

const BARE = "node";
/** The cold-start row of bench/servers/hello-node-lean.ts (node:http without its ESM facade). */
export const LEAN = "node:http, lean";
const FASTIFY = "fastify";
const FLAGON = "flagon";
const BARE_HEADERS = "node-headers";
const FLAGON_NO_HEADERS = "flagon-no-headers";

const fmtInt = (n: number) => Math.round(n).toLocaleString("en-US");
const fmtMs = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1)) + " ms";
const fmtRatio = (n: number) => (Number.isFinite(n) ? n.toFixed(2) + "x" : "n/a");
const fmtMiB = (kib: number) => (kib / 1024).toFixed(1) + " MiB";

interface Summary {
  rps: number;
  p99: number;
  spread: number;
}

function summary(data: RunData, server: string, test: string): Summary | undefined {
  const rps = data.rps[server]?.[test] ?? [];
  const p99 = data.p99Ms[server]?.[test] ?? [];
  if (rps.length === 0) return undefined;
  return { rps: median(rps), p99: median(p99), spread: spread(rps) };
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const numeric = (i: number) => rows.every((r) => /^[±0-9.,]/.test(r[i] ?? "") || r[i] === "n/a");
  const rule = header.map((_h, i) => (i > 0 && numeric(i) ? "---:" : "---"));
  return [line(header), line(rule), ...rows.map(line)].join("\n");
}

/** `server`'s req/s over `other`'s on `test`: the median of per-round ratios (see stats.ts). */
function vs(data: RunData, server: string, other: string, test: string): number | undefined {
  const a = data.rps[server]?.[test] ?? [];
  const b = data.rps[other]?.[test] ?? [];
  return a.length && b.length ? ratioOf(a, b) : undefined;
}

/** "0.96x (rounds 0.90-1.02)". */
function vsText(data: RunData, server: string, other: string, test: string): string {
  const r = vs(data, server, other, test);
  if (r === undefined) return "n/a";
  const range = ratioRange(data.rps[server]?.[test] ?? [], data.rps[other]?.[test] ?? []);
  return `${fmtRatio(r)} (rounds ${range})`;
}

function caseTable(data: RunData, test: BenchCase): string {
  const withRss = test.name === "plaintext";
  const header = ["server", "req/s", "spread", "p99", "vs node:http", "vs Fastify", "server CPU"];
  if (withRss) header.push("peak RSS");
  const rows: string[][] = [];
  for (const s of data.servers) {
    const sum = summary(data, s.key, test.name);
    if (sum === undefined) continue;
    const row = [
      s.label,
      fmtInt(sum.rps),
      `±${((sum.spread * 100) / 2).toFixed(1)}%`,
      fmtMs(sum.p99),
      fmtRatio(vs(data, s.key, BARE, test.name) ?? Number.NaN),
      fmtRatio(vs(data, s.key, FASTIFY, test.name) ?? Number.NaN),
      pctText(data.serverBusyPct[s.key]?.[test.name] ?? [], median).replace(".0%", "%"),
    ];
    if (withRss) {
      const rss = data.rssKiB[s.key] ?? [];
      row.push(rss.length === 0 ? "n/a" : fmtMiB(median(rss)));
    }
    rows.push(row);
  }
  return `### ${test.title}\n\n${table(header, rows)}`;
}

function pctText(values: number[], pick: (v: number[]) => number): string {
  return values.length === 0 ? "n/a" : `${pick(values).toFixed(1)}%`;
}

function mark(ok: boolean | undefined): string {
  return ok === undefined ? "[n/a] " : ok ? "[PASS]" : "[FAIL]";
}

/** The target lines: pass/fail marks, never a failing exit. */
export function targets(data: RunData): string[] {
  const out: string[] = [];
  for (const test of ["plaintext", "json"]) {
    const f = summary(data, FLAGON, test);
    const b = summary(data, BARE, test);
    const fy = summary(data, FASTIFY, test);
    const vsBare = f && b ? vs(data, FLAGON, BARE, test) : undefined;
    const vsFastify = f && fy ? vs(data, FLAGON, FASTIFY, test) : undefined;
    out.push(
      `${mark(vsBare === undefined ? undefined : vsBare >= 0.95)} ${test} req/s >= 0.95x node:http: ${vsText(data, FLAGON, BARE, test)}`,
    );
    out.push(
      `${mark(vsFastify === undefined ? undefined : vsFastify >= 1)} ${test} req/s >= 1.00x Fastify: ${vsText(data, FLAGON, FASTIFY, test)}`,
    );
    out.push(
      `${mark(f && fy ? f.p99 <= fy.p99 : undefined)} ${test} p99 no worse than Fastify's: ` +
        (f && fy ? `${fmtMs(f.p99)} vs ${fmtMs(fy.p99)}` : "n/a"),
    );
    // The same comparisons on equal terms: both sides sending the N3 headers, or neither.
    const bh = summary(data, BARE_HEADERS, test);
    const fn = summary(data, FLAGON_NO_HEADERS, test);
    if (f && bh)
      out.push(
        `[info] ${test}: Flagon against node:http sending the same security headers: ${vsText(data, FLAGON, BARE_HEADERS, test)}`,
      );
    if (fn && b)
      out.push(
        `[info] ${test}: Flagon without security headers against node:http: ${vsText(data, FLAGON_NO_HEADERS, BARE, test)}` +
          (fy ? `, against Fastify: ${vsText(data, FLAGON_NO_HEADERS, FASTIFY, test)}` : ""),
      );
  }
  const cold = Array.isArray(data.coldStart) ? data.coldStart : [];
  for (const [mode, label] of COLD_MODES) {
    const coldBare = coldOf(cold, "node:http", mode);
    const coldFlagon = coldOf(cold, "Flagon", mode);
    const coldRatio = coldBare && coldFlagon ? coldFlagon.medianMs / coldBare.medianMs : undefined;
    // The target is set on the cached start; the first start is shown beside it, unjudged.
    out.push(
      `${mode === "cached" ? mark(coldRatio === undefined ? undefined : coldRatio <= 1.3) : "[info]"} cold start (${label}) <= 1.3x node:http: ` +
        (coldRatio === undefined
          ? "n/a"
          : `${fmtRatio(coldRatio)} (${fmtMs(coldFlagon!.medianMs)} vs ${fmtMs(coldBare!.medianMs)})`),
    );
    const lean = coldOf(cold, LEAN, mode);
    if (lean !== undefined && coldFlagon !== undefined) {
      out.push(
        `[info] cold start (${label}) against the lean node:http (no ESM facade): ` +
          `${fmtRatio(coldFlagon.medianMs / lean.medianMs)} (${fmtMs(coldFlagon.medianMs)} vs ${fmtMs(lean.medianMs)})`,
      );
    }
  }
  const rssF = data.rssKiB[FLAGON] ?? [];
  const rssB = data.rssKiB[BARE] ?? [];
  const rssRatio = rssF.length && rssB.length ? median(rssF) / median(rssB) : undefined;
  out.push(
    `${mark(rssRatio === undefined ? undefined : rssRatio <= 1.2)} peak RSS under plaintext load <= 1.2x node:http: ` +
      (rssRatio === undefined
        ? "n/a"
        : `${fmtRatio(rssRatio)} (${fmtMiB(median(rssF))} vs ${fmtMiB(median(rssB))})`),
  );
  return out;
}

const COLD_MODES = [
  ["cached", "compile cache warm"],
  ["first", "first start, no compile cache"],
] as const;

function coldOf(
  all: readonly ColdStartResult[],
  name: string,
  mode: ColdStartResult["mode"],
): ColdStartResult | undefined {
  return all.find((c) => c.name === name && c.mode === mode);
}

function coldTable(data: RunData): string {
  if (data.coldStart === undefined) return "### cold start\n\nskipped (--no-cold-start)";
  if (!Array.isArray(data.coldStart)) return `### cold start\n\nfailed: ${data.coldStart.error}`;
  const all = data.coldStart;
  const rows = all.map((c) => {
    const bare = coldOf(all, "node:http", c.mode);
    return [
      c.name,
      COLD_MODES.find(([m]) => m === c.mode)?.[1] ?? c.mode,
      `\`${c.file}\``,
      fmtMs(c.medianMs),
      `${fmtMs(Math.min(...c.runsMs))} – ${fmtMs(Math.max(...c.runsMs))}`,
      fmtRatio(bare === undefined ? Number.NaN : c.medianMs / bare.medianMs),
    ];
  });
  const runs = all[0]?.runsMs.length ?? 0;
  return (
    `### cold start: spawn to first 200 on GET / (median of ${runs})\n\n` +
    table(["server", "mode", "file", "median", "range", "vs node:http"], rows)
  );
}

/** The report body in Markdown (also what the console shows). */
export function renderReport(data: RunData, facts: Facts): string {
  const parts: string[] = [];
  parts.push(
    [
      `- Machine: ${facts.cpuModel}, ${facts.cores} cores; Linux ${facts.kernel}`,
      `- Node ${facts.node}; ${facts.versions}`,
      `- Load: \`${facts.wrkLine}\` (${facts.wrkVersion}), ${facts.warmup} s warm-up run before each measured run`,
      `- ${facts.pinning}`,
      `- ${facts.rounds} round(s), servers alternating; req/s and p99 are medians over rounds, ratios the medians of per-round ratios; spread is ±half the range of req/s; server CPU is the share of its pinned core the server used (near 100% means the server, not wrk, was the limit)`,
      `- Other processes on the pinned CPUs during measured runs: median ${pctText(data.foreignPct, median)}, ` +
        `worst ${pctText(data.foreignPct, (v) => Math.max(...v))}; hypervisor steal on the server CPU: worst ${pctText(data.stealPct, (v) => Math.max(...v))}`,
    ].join("\n"),
  );
  for (const test of data.cases) parts.push(caseTable(data, test));
  parts.push(coldTable(data));
  parts.push(
    `### targets (Flagon)\n\n${targets(data)
      .map((t) => `- ${t}`)
      .join("\n")}`,
  );
  if (data.excluded.length > 0) {
    parts.push(
      `### not reported\n\n${data.excluded.map((e) => `- ${e.label}: ${e.why.replace(/\n+/g, " / ")}`).join("\n")}`,
    );
  }
  for (const s of data.servers) {
    for (const test of data.cases) {
      const busy = median(data.serverBusyPct[s.key]?.[test.name] ?? []);
      if (busy < 90) {
        data.warnings.push(
          `${s.label} ${test.name}: the server used only ${busy.toFixed(0)}% of its CPU, so wrk or the kernel may have been the limit`,
        );
      }
    }
  }
  if (data.warnings.length > 0) {
    parts.push(`### warnings\n\n${data.warnings.map((w) => `- ${w}`).join("\n")}`);
  }
  return parts.join("\n\n");
}

const DOC_HEAD = `# Benchmarks

Produced by \`npm run bench\`; what is measured and how is in \`bench/README.md\`. Newest run
first; each section is one run on the machine it names. Absolute figures depend on the machine:
compare the ratios, which come from servers measured in the same run, alternating.
`;

/** Put `section` at the top of the runs in docs/benchmarks.md, older runs kept below. */
export function writeDoc(path: string, title: string, body: string): void {
  const section = `## ${title}\n\n${body}\n`;
  if (!existsSync(path)) {
    writeFileSync(path, `${DOC_HEAD}\n${section}`);
    return;
  }
  const old = readFileSync(path, "utf8");
  const at = old.search(/^## /m);
  const next =
    at === -1
      ? `${old.trimEnd()}\n\n${section}`
      : `${old.slice(0, at)}${section}\n${old.slice(at)}`;
  writeFileSync(path, next);
}
