/**
 * Instructions per request, counted by valgrind's callgrind: a figure that does not move with
 * the machine's load or its neighbours, unlike requests/s on a shared virtual machine. Each
 * server runs under callgrind (pinned to one CPU), gets a warm-up, has its counters dumped, then
 * answers exactly `--requests` requests on 8 keep-alive connections, and is dumped again; the
 * second dump's total divided by the count is the figure. Start-up and warm-up (JIT compiling)
 * are thereby left out. Instructions are not time (cache misses and branch mispredictions cost
 * cycles, not instructions), so this complements `npm run bench` and does not replace it.
 *
 * Run: node bench/instructions.ts [--requests N] [--warmup N] [--only node,flagon,...] [--test plaintext,json,...] [--write]
 * (`--write` puts the tables in a dated section of docs/benchmarks.md)
 * Needs valgrind (Debian package `valgrind`).
 * @module
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { callgrindTotal } from "./callgrind.ts";
import { CASES } from "./cases.ts";
import { sendRequests } from "./fixed-load.ts";
import { freePort, startServer, waitReady } from "./proc.ts";
import { writeDoc } from "./report.ts";
import { SERVERS } from "./server-defs.ts";

const ROOT = join(import.meta.dirname, "..");

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  if (i === -1) return fallback;
  const value = process.argv[i + 1];
  if (value === undefined) throw new Error(`${name} needs a value`);
  return value;
}

function count(name: string, fallback: number): number {
  const n = Number(flag(name, String(fallback)));
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive whole number`);
  return n;
}

/** Instructions the server ran for `requests` requests of `path`, after `warmup` of them. */
async function measure(
  file: string,
  path: string,
  warmup: number,
  requests: number,
): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "flagon-callgrind-"));
  const out = join(dir, "cg.out");
  const port = await freePort();
  // --smc-check=all: V8 writes and rewrites machine code on the heap, which valgrind must see.
  const wrap = ["valgrind", "--tool=callgrind", "--smc-check=all", `--callgrind-out-file=${out}`];
  const s = startServer(join(ROOT, file), port, 0, [], {}, wrap);
  try {
    await waitReady(s, path, 180_000);
    await sendRequests(port, path, warmup);
    execFileSync("callgrind_control", ["--dump", String(s.pid)], { stdio: "ignore" });
    await sendRequests(port, path, requests);
    execFileSync("callgrind_control", ["--dump", String(s.pid)], { stdio: "ignore" });
    const dumps = readdirSync(dir)
      .filter((f) => /^cg\.out\.\d+$/.test(f))
      .sort((a, b) => Number(a.split(".").pop()) - Number(b.split(".").pop()));
    if (dumps.length < 2) throw new Error(`expected two callgrind dumps, found ${dumps.length}`);
    return callgrindTotal(readFileSync(join(dir, dumps[dumps.length - 1]!), "utf8")) / requests;
  } finally {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (spawnSync("valgrind", ["--version"]).status !== 0) {
    throw new Error("valgrind is not installed (Debian: apt-get install -y valgrind)");
  }
  const requests = count("--requests", 20_000);
  const warmup = count("--warmup", 20_000);
  const only = flag("--only", SERVERS.map((s) => s.key).join(",")).split(",");
  const unknown = only.filter((k) => !SERVERS.some((s) => s.key === k));
  if (unknown.length > 0) {
    throw new Error(`unknown server ${unknown.join(", ")}; known: ${SERVERS.map((s) => s.key)}`);
  }
  const tests = flag("--test", "plaintext").split(",");
  const servers = SERVERS.filter((s) => only.includes(s.key));
  const write = process.argv.includes("--write");
  const sections: string[] = [];
  for (const name of tests) {
    const c = CASES.find((x) => x.name === name);
    if (c === undefined)
      throw new Error(`unknown test ${name}; known: ${CASES.map((x) => x.name)}`);
    const perRequest = new Map<string, number>();
    for (const s of servers) {
      if (!existsSync(join(ROOT, s.file))) throw new Error(`missing ${s.file}`);
      process.stdout.write(`  ${c.name} ${s.label}: `);
      const ir = await measure(s.file, c.path, warmup, requests);
      perRequest.set(s.key, ir);
      process.stdout.write(`${Math.round(ir).toLocaleString("en-US")} instructions/request\n`);
    }
    const ratio = (key: string, base: string): string => {
      const a = perRequest.get(key);
      const b = perRequest.get(base);
      return a === undefined || b === undefined ? "n/a" : `${(a / b).toFixed(2)}x`;
    };
    const lines = [
      `### ${c.title}: instructions per request (${requests} requests, callgrind)`,
      "",
      "| server | instructions/request | vs node:http | vs Fastify |",
      "| --- | ---: | ---: | ---: |",
    ];
    for (const s of servers) {
      const ir = perRequest.get(s.key)!;
      lines.push(
        `| ${s.label} | ${Math.round(ir).toLocaleString("en-US")} | ${ratio(s.key, "node")} | ${ratio(s.key, "fastify")} |`,
      );
    }
    sections.push(lines.join("\n"));
    console.log(`\n${lines.join("\n")}`);
    console.log("\n(fewer is better; a ratio above 1.00x means more instructions than the base)");
  }
  if (write) {
    const stamp = new Date().toISOString().slice(0, 16).replace("T", " ");
    const body = [
      `Node ${process.version}; \`node bench/instructions.ts --requests ${requests} --warmup ${warmup}\`: ` +
        "each server under valgrind's callgrind, counters dumped after the warm-up and after the " +
        "measured requests (8 keep-alive connections); fewer is better.",
      ...sections,
    ].join("\n\n");
    writeDoc(
      join(ROOT, "docs", "benchmarks.md"),
      `${stamp} UTC: instructions per request (callgrind)`,
      body,
    );
    console.log("written: docs/benchmarks.md");
  }
}

main().catch((err: Error) => {
  console.error(`bench/instructions.ts: ${err.message}`);
  process.exit(1);
});
