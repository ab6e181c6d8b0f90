/**
 * Is anything else using the CPUs? Other processes on a shared machine (a test run, a type
 * check) take cycles from the pinned server or from wrk and bend the figures. This reads
 * /proc/stat per CPU and /proc/<pid>/stat of our own processes, so a run can wait for a quiet
 * machine first and say afterwards how much foreign work shared its CPUs.
 * @module
 */
import { readFileSync } from "node:fs";

/** user + nice + system ticks, and steal ticks, of each CPU. */
interface CpuTicks {
  busy: number[];
  steal: number[];
}

export function cpuTicks(): CpuTicks {
  const busy: number[] = [];
  const steal: number[] = [];
  for (const line of readFileSync("/proc/stat", "utf8").split("\n")) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (m === null) continue;
    const v = m[2]!.split(/\s+/).map(Number);
    busy[Number(m[1])] = (v[0] ?? 0) + (v[1] ?? 0) + (v[2] ?? 0);
    steal[Number(m[1])] = v[7] ?? 0;
  }
  return { busy, steal };
}

/** utime + stime ticks of a process (all its threads), or undefined once it is gone. */
export function processTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** Ticks per second of /proc/stat (USER_HZ, 100 on Linux). */
const HZ = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Wait until, over a 1 s window, all CPUs together are busy less than `maxPct` % of one CPU
 * (our idle server and this runner included). Gives up after `maxWaitMs`; resolves with how
 * long it waited, and whether the machine was quiet in the end.
 */
export async function waitQuiet(
  maxPct: number,
  maxWaitMs: number,
): Promise<{ waitedMs: number; quiet: boolean }> {
  const t0 = performance.now();
  for (;;) {
    const a = cpuTicks();
    await sleep(1000);
    const b = cpuTicks();
    const used = b.busy.reduce((n, v, i) => n + v - (a.busy[i] ?? 0), 0);
    if ((used / HZ) * 100 < maxPct) return { waitedMs: performance.now() - t0, quiet: true };
    if (performance.now() - t0 > maxWaitMs)
      return { waitedMs: performance.now() - t0, quiet: false };
  }
}

export interface Foreign {
  /** % of the server's CPU used by other processes during the run. */
  serverCpu: number;
  /** % of wrk's CPU used by processes other than wrk and this runner. */
  wrkCpu: number;
  /** % of the server's CPU stolen by the hypervisor. */
  steal: number;
  /** % of one CPU the server process itself used: near 100 when it, not wrk, is the limit. */
  server: number;
}

/**
 * Start accounting: call `watch(pid)` once wrk has started, `stop()` when it ended. The server
 * runs alone on `serverCpu`; wrk and this runner share `wrkCpu`.
 */
export function accountForeign(serverPid: number, serverCpu: number, wrkCpu: number) {
  const t0 = performance.now();
  const cpu0 = cpuTicks();
  const server0 = processTicks(serverPid) ?? 0;
  const self0 = process.cpuUsage();
  let wrkPid: number | undefined;
  let wrkFirst = 0;
  let wrkLast = 0;
  const timer = setInterval(() => {
    if (wrkPid === undefined) return;
    const t = processTicks(wrkPid);
    if (t !== undefined) wrkLast = t;
  }, 100);
  return {
    watch(pid: number): void {
      wrkPid = pid;
      wrkFirst = wrkLast = processTicks(pid) ?? 0;
    },
    stop(): Foreign {
      clearInterval(timer);
      const seconds = (performance.now() - t0) / 1000;
      const cpu1 = cpuTicks();
      const server = (processTicks(serverPid) ?? server0) - server0;
      const self = process.cpuUsage(self0);
      const selfTicks = ((self.user + self.system) / 1e6) * HZ;
      const cap = seconds * HZ;
      const d = (i: number) => (cpu1.busy[i] ?? 0) - (cpu0.busy[i] ?? 0);
      const pct = (ticks: number) => Math.max(0, Math.min(100, (ticks / cap) * 100));
      const wrkTicks = wrkLast - wrkFirst;
      if (serverCpu === wrkCpu) {
        const f = pct(d(serverCpu) - server - wrkTicks - selfTicks);
        return {
          serverCpu: f,
          wrkCpu: f,
          steal: pct((cpu1.steal[serverCpu] ?? 0) - (cpu0.steal[serverCpu] ?? 0)),
          server: pct(server),
        };
      }
      return {
        serverCpu: pct(d(serverCpu) - server),
        wrkCpu: pct(d(wrkCpu) - wrkTicks - selfTicks),
        steal: pct((cpu1.steal[serverCpu] ?? 0) - (cpu0.steal[serverCpu] ?? 0)),
        server: pct(server),
      };
    },
  };
}
