/**
 * Running wrk pinned to its CPU and reading its report.
 * @module
 */
import { spawn, spawnSync } from "node:child_process";

export interface WrkSettings {
  threads: number;
  connections: number;
  duration: number;
  cpu: number;
}

export interface WrkResult {
  requestsPerSec: number;
  /** 99th percentile latency in milliseconds. */
  p99Ms: number;
  requests: number;
  /** Socket errors: connect + read + write + timeout. */
  socketErrors: number;
  non2xx: number;
}

export function wrkCommandLine(s: WrkSettings): string {
  return `taskset -c ${s.cpu} wrk -t${s.threads} -c${s.connections} -d${s.duration}s --latency`;
}

/** True when `cmd` can be run at all. */
export function have(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: "ignore", timeout: 5000 });
  return (r.error as NodeJS.ErrnoException | undefined)?.code !== "ENOENT";
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A wrk duration such as "812.00us", "1.23ms", "2.01s" in milliseconds. */
export function parseDuration(text: string): number {
  const m = /^([0-9.]+)(us|ms|s|m|h)$/.exec(text.trim());
  if (m === null) throw new Error(`unreadable wrk duration "${text}"`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

export function parseWrk(out: string): WrkResult {
  const rps = /^Requests\/sec:\s+([0-9.]+)/m.exec(out);
  const p99 = /^\s+99(?:\.0+)?%\s+(\S+)/m.exec(out);
  const total = /^\s+([0-9]+) requests in /m.exec(out);
  if (rps === null || p99 === null || total === null) {
    throw new Error(`unreadable wrk output:\n${out}`);
  }
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = sock === null ? 0 : sock.slice(1, 5).reduce((n, v) => n + Number(v), 0);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(out);
  return {
    requestsPerSec: Number(rps[1]),
    p99Ms: parseDuration(p99[1]!),
    requests: Number(total[1]),
    socketErrors,
    non2xx: non2xx === null ? 0 : Number(non2xx[1]),
  };
}

/**
 * One wrk run against `url`; killed if it overruns its duration by 15 s. `onStart` gets wrk's
 * pid (taskset execs wrk, so it is the child's own).
 */
export function runWrk(
  url: string,
  s: WrkSettings,
  onStart?: (pid: number) => void,
): Promise<WrkResult> {
  const args = ["-c", String(s.cpu), "wrk", `-t${s.threads}`, `-c${s.connections}`];
  args.push(`-d${s.duration}s`, "--timeout", "5s", "--latency", url);
  return new Promise((resolve, reject) => {
    const child = spawn("taskset", args, { stdio: ["ignore", "pipe", "pipe"] });
    if (onStart !== undefined && child.pid !== undefined) onStart(child.pid);
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), (s.duration + 15) * 1000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`wrk exited with ${code}: ${err || out}`));
        return;
      }
      try {
        resolve(parseWrk(out));
      } catch (e) {
        reject(e);
      }
    });
  });
}
