/**
 * Server processes: a free port, a start pinned to one CPU, readiness, memory sampling, stop.
 * Every child started here is ended when the runner exits, however it exits.
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { get } from "./cases.ts";

const live = new Set<ChildProcess>();

function killAll(): void {
  for (const child of live) child.kill("SIGKILL");
}
process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

/** A port the kernel says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Running {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  /** The last few KiB the process wrote, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `node [nodeArgs] file` under `taskset -c cpu` with PORT set. taskset execs node, so the pid
 * is the server's own. `wrap` goes between taskset and node (valgrind, for bench/instructions.ts;
 * valgrind runs its guest in its own process, so the pid is still the server's).
 */
export function startServer(
  file: string,
  port: number,
  cpu: number,
  nodeArgs: string[] = [],
  extraEnv: Record<string, string | undefined> = {},
  wrap: string[] = [],
): Running {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    NODE_ENV: "production",
    ...extraEnv,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const child = spawn(
    "taskset",
    ["-c", String(cpu), ...wrap, process.execPath, ...nodeArgs, file],
    {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  live.add(child);
  let tail = "";
  const keep = (c: Buffer): void => {
    tail = (tail + c.toString()).slice(-4096);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  exited.then(() => live.delete(child));
  return {
    child,
    pid: child.pid!,
    port,
    output: () => tail,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Poll `path` until an answer passes `accept` (by default anything below 500); resolves with the
 * time it took in ms since `startedAt`. Rejects when the process exits or `timeoutMs` passes.
 */
export async function waitReady(
  s: Running,
  path: string,
  timeoutMs: number,
  startedAt = performance.now(),
  accept: (status: number) => boolean = (status) => status < 500,
): Promise<number> {
  const deadline = startedAt + timeoutMs;
  while (performance.now() < deadline) {
    if (s.child.exitCode !== null || s.child.signalCode !== null) {
      throw new Error(
        `server exited (${s.child.exitCode ?? s.child.signalCode}) before answering:\n${s.output()}`,
      );
    }
    try {
      const a = await get(s.port, path, 1000);
      if (accept(a.status)) return performance.now() - startedAt;
    } catch {
      // not listening yet
    }
    await sleep(2);
  }
  throw new Error(`server did not answer GET ${path} within ${timeoutMs} ms:\n${s.output()}`);
}

/** VmRSS of `pid` in KiB, or undefined once the process is gone. */
export function rssKiB(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m === null ? undefined : Number(m[1]);
  } catch {
    return undefined;
  }
}

/** Sample VmRSS every `everyMs` until the returned function is called; it gives the peak. */
export function sampleRss(pid: number, everyMs = 100): () => number {
  let peak = rssKiB(pid) ?? 0;
  const timer = setInterval(() => {
    const v = rssKiB(pid);
    if (v !== undefined && v > peak) peak = v;
  }, everyMs);
  return () => {
    clearInterval(timer);
    const v = rssKiB(pid);
    if (v !== undefined && v > peak) peak = v;
    return peak;
  };
}

/**
 * Start `file` on a free port pinned to `cpu` and wait until it answers `GET /plaintext`; a
 * server that does not start is stopped and its error thrown.
 */
export async function startReady(
  file: string,
  cpu: number,
  extraEnv: Record<string, string | undefined> = {},
): Promise<Running> {
  const port = await freePort();
  const running = startServer(file, port, cpu, [], extraEnv);
  try {
    await waitReady(running, "/plaintext", 20_000);
  } catch (err) {
    await running.stop();
    throw err;
  }
  return running;
}
