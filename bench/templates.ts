/**
 * Template rendering benchmark: TechEmpower's fortunes page and a 100-row page with escaping,
 * rendered by Flagon (renderSync and async render), Nunjucks 3 and Eta 4 in this process, and by
 * real Jinja2 in /usr/bin/python3 (timed in Python itself, for reference). Outputs are checked
 * first: Flagon's must equal Jinja2's byte for byte, the others after mapping entity spellings
 * (see normaliseEntities). Then each engine renders each page for `--seconds` per round, engines
 * alternating, `--rounds` rounds; the report gives the median renders per CPU-second of the
 * process (other work on a shared machine takes wall time, not this process's CPU time) and the
 * ratios, and is
 * written to the "Template rendering" section at the end of docs/benchmarks.md.
 *
 * Usage: node bench/templates.ts [--seconds 1] [--rounds 3] [--note "..."] [--no-write]
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { Eta } from "eta";
import nunjucks from "nunjucks";
import { Environment } from "../src/templates/index.ts";
import { cpuTicks, processTicks } from "./cpu.ts";
import { median, spread } from "./stats.ts";
import { normaliseEntities, PAGES, type Page } from "./templates/pages.ts";

const ROOT = join(import.meta.dirname, "..");
const PYTHON = process.env.FLAGON_BENCH_PYTHON ?? "/usr/bin/python3";
const MARK = "<!-- template-bench: written by bench/templates.ts; everything below is replaced -->";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i === -1 ? Number.NaN : Number(process.argv[i + 1]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const SECONDS = option("seconds", 1);
const ROUNDS = Math.round(option("rounds", 3));
const WRITE = !process.argv.includes("--no-write");
/** A note on the conditions for the report, e.g. `--note "another job was using the CPU"`. */
const NOTE = (() => {
  const i = process.argv.indexOf("--note");
  return i === -1 ? "" : (process.argv[i + 1] ?? "");
})();

type Render = () => string | Promise<string>;
interface Engine {
  readonly name: string;
  readonly make: (page: Page) => Render;
  /** Compare after mapping entity spellings (engines that do not use markupsafe's table). */
  readonly normalise: boolean;
}

const ENGINES: readonly Engine[] = [
  {
    name: "Flagon (renderSync)",
    normalise: false,
    make: (p) => {
      const t = new Environment().fromString(p.jinja, "page.html");
      return () => t.renderSync(p.data);
    },
  },
  {
    name: "Flagon (render, async)",
    normalise: false,
    make: (p) => {
      const t = new Environment().fromString(p.jinja, "page.html");
      return () => t.render(p.data);
    },
  },
  {
    name: "Nunjucks 3.2.4",
    normalise: true,
    make: (p) => {
      const env = new nunjucks.Environment(null, { autoescape: true });
      const t = nunjucks.compile(p.jinja, env);
      return () => t.render(p.data);
    },
  },
  {
    name: "Eta 4.6.0",
    normalise: true,
    make: (p) => {
      const eta = new Eta({ autoEscape: true, autoTrim: false });
      const fn = eta.compile(p.eta);
      return () => eta.render(fn, p.data);
    },
  },
  {
    // Eta's own asynchronous path (an async template function), the like-for-like partner of
    // Flagon's async render(), which is what ctx.render() in a handler uses.
    name: "Eta 4.6.0 (renderAsync)",
    normalise: true,
    make: (p) => {
      const eta = new Eta({ autoEscape: true, autoTrim: false });
      const fn = eta.compile(p.eta, { async: true });
      return () => eta.renderAsync(fn, p.data);
    },
  },
];

/**
 * Renders per CPU-second of this process over about `seconds` of wall time (batches of 20
 * between clock reads). CPU time rather than wall time: on a shared machine the other work
 * delays whichever engine happens to be running, which moved the ratios by 10-20% between runs.
 */
async function rate(render: Render, seconds: number): Promise<number> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  let n = 0;
  for (;;) {
    for (let i = 0; i < 20; i++) {
      const out = render();
      if (typeof out !== "string") await out;
    }
    n += 20;
    if (performance.now() - start >= seconds * 1000) {
      const used = process.cpuUsage(cpu);
      return n / ((used.user + used.system) / 1e6);
    }
  }
}

interface JinjaRun {
  version: string;
  python: string;
  results: Record<string, { output: string; rates: number[] }>;
}

function runJinja(): JinjaRun {
  const input = JSON.stringify({
    seconds: SECONDS,
    rounds: ROUNDS,
    pages: PAGES.map((p) => ({ name: p.name, source: p.jinja, data: p.data })),
  });
  const out = spawnSync(PYTHON, [join(ROOT, "bench", "templates", "jinja-timer.py")], {
    input,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (out.status !== 0) throw new Error(`${PYTHON} failed: ${out.stderr || out.error}`);
  return JSON.parse(out.stdout) as JinjaRun;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

async function main(): Promise<void> {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  log(`timing Jinja2 in ${PYTHON} ...`);
  const jinja = runJinja();
  // Foreign work is measured over the Node part only: the Python child's ticks are not ours
  // to subtract, and it ran before.
  const ticks0 = cpuTicks();
  const own0 = processTicks(process.pid) ?? 0;
  const t0 = performance.now();

  const renderers = new Map<string, Map<string, Render>>();
  const problems: string[] = [];
  for (const page of PAGES) {
    const want = jinja.results[page.name]!.output;
    const byEngine = new Map<string, Render>();
    for (const e of ENGINES) {
      const render = e.make(page);
      const got = await render();
      const same = e.normalise ? normaliseEntities(got) === want : got === want;
      if (same) byEngine.set(e.name, render);
      else problems.push(`${e.name} on ${page.name}: output differs from Jinja2's; not timed`);
    }
    renderers.set(page.name, byEngine);
  }
  for (const p of problems) log(p);

  const rates = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const page of PAGES) {
      const byEngine = [...renderers.get(page.name)!];
      // Rotate the order each round, so no engine always runs first (cold) or last.
      const order = [
        ...byEngine.slice(round % byEngine.length),
        ...byEngine.slice(0, round % byEngine.length),
      ];
      for (const [name, render] of order) {
        if (round === 0) await rate(render, SECONDS / 2);
        const key = `${page.name}\0${name}`;
        const list = rates.get(key) ?? [];
        list.push(await rate(render, SECONDS));
        rates.set(key, list);
      }
      log(`round ${round + 1}/${ROUNDS}: ${page.name} done`);
    }
  }
  const ticks1 = cpuTicks();
  const own1 = processTicks(process.pid) ?? 0;
  const elapsed = (performance.now() - t0) / 1000;
  const busy = ticks1.busy.reduce((a, b, i) => a + b - (ticks0.busy[i] ?? 0), 0);
  const foreign = Math.max(0, busy - (own1 - own0)) / 100 / elapsed;

  const lines: string[] = [];
  const stamp = new Date().toISOString().slice(0, 16).replace("T", " ");
  lines.push(`### ${stamp} UTC`, "");
  lines.push(
    `- Machine: ${cpus()[0]?.model ?? "?"}, ${cpus().length} cores; Node ${process.version}`,
  );
  lines.push(
    `- Jinja2 ${jinja.version} on CPython ${jinja.python} (plain \`Environment\`, autoescape on), timed in Python`,
  );
  lines.push(
    `- ${ROUNDS} round(s) of ${SECONDS} s per engine and page, engines alternating; figures are renders per CPU-second of the process (Node and Python alike), medians, ± is half the range over rounds, as a share of the median`,
  );
  lines.push(
    `- Other work on the machine during the Node part: ${(foreign * 100).toFixed(0)}% of one core on average (load average at the end ${loadavg()[0]!.toFixed(2)})${NOTE ? `; ${NOTE}` : ""}. The engines share the same conditions, so the ratios hold better than the absolute figures`,
  );
  lines.push(
    "- Outputs checked before timing: Flagon's equal to Jinja2's byte for byte; Nunjucks' and Eta's after mapping `&quot;` to `&#34;` (their spelling of `\"`)",
  );
  const targets: string[] = [];
  for (const page of PAGES) {
    lines.push(
      "",
      `#### ${page.title}`,
      "",
      "| engine | renders per CPU-s | ± | vs Nunjucks | vs Eta |",
      "|---|---:|---:|---:|---:|",
    );
    const med = (name: string) => median(rates.get(`${page.name}\0${name}`) ?? [Number.NaN]);
    const nj = med("Nunjucks 3.2.4");
    const eta = med("Eta 4.6.0");
    const row = (name: string, list: number[]) => {
      const m = median(list);
      lines.push(
        `| ${name} | ${fmt(m)} | ${((spread(list) / 2) * 100).toFixed(1)}% | ${(m / nj).toFixed(2)}× | ${(m / eta).toFixed(2)}× |`,
      );
    };
    for (const e of ENGINES) {
      const list = rates.get(`${page.name}\0${e.name}`);
      if (list) row(e.name, list);
    }
    row(`Jinja2 ${jinja.version} (CPython, reference)`, jinja.results[page.name]!.rates);
    // The targets hold for both paths: `render()` is what `ctx.render()` in a handler uses.
    // Against Eta's synchronous render (the stricter reading) and, for the async path, also
    // against Eta's own async render (like for like).
    const etaAsync = med("Eta 4.6.0 (renderAsync)");
    for (const [label, name] of [
      ["renderSync", "Flagon (renderSync)"],
      ["render", "Flagon (render, async)"],
    ] as const) {
      const flagon = med(name);
      const likeForLike =
        label === "render"
          ? `, ${(flagon / etaAsync).toFixed(2)}× Eta renderAsync (${flagon >= etaAsync ? "met" : "MISSED"})`
          : "";
      targets.push(
        `- ${page.name}, ${label}: Flagon ${(flagon / nj).toFixed(2)}× Nunjucks (target ≥ 3×: ${flagon >= 3 * nj ? "met" : "MISSED"}), ${(flagon / eta).toFixed(2)}× Eta render (target ≥ 1×: ${flagon >= eta ? "met" : "MISSED"})${likeForLike}`,
      );
    }
  }
  lines.push("", "#### Targets", "", ...targets);
  if (problems.length) lines.push("", "#### Not timed", "", ...problems.map((p) => `- ${p}`));
  const body = lines.join("\n");
  process.stdout.write(`${body}\n`);
  if (WRITE) writeSection(join(ROOT, "docs", "benchmarks.md"), body);
}

/** Replace the template section at the end of docs/benchmarks.md (the HTTP runs stay above). */
function writeSection(path: string, body: string): void {
  const old = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n";
  const at = old.indexOf(MARK);
  const head = at === -1 ? `${old.trimEnd()}\n\n` : old.slice(0, at);
  const section = `${MARK}\n\n## Template rendering (\`node bench/templates.ts\`)\n\nThe latest run of the template benchmark; see bench/README.md.\n\n${body}\n`;
  writeFileSync(path, head + section);
}

await main();
