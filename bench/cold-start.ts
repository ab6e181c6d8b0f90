/**
 * Cold start: wall time from spawning `node file` to the first successful answer on GET /,
 * polled every 2 ms on fresh connections. The candidates take turns, run after run.
 * @module
 */
import { join } from "node:path";
import { waitQuiet } from "./cpu.ts";
import { freePort, startServer, waitReady } from "./proc.ts";
import { median } from "./stats.ts";

export interface ColdStartResult {
  name: string;
  file: string;
  runsMs: number[];
  medianMs: number;
}

export async function measureColdStart(
  candidates: Array<{ name: string; file: string }>,
  runs: number,
  cpu: number,
  root: string,
): Promise<ColdStartResult[]> {
  const times = candidates.map(() => [] as number[]);
  for (let run = 0; run < runs; run++) {
    for (const [i, c] of candidates.entries()) {
      const port = await freePort();
      await waitQuiet(15, 30_000);
      const t0 = performance.now();
      const s = startServer(join(root, c.file), port, cpu);
      try {
        times[i]!.push(await waitReady(s, "/", 15_000, t0, (status) => status === 200));
      } finally {
        await s.stop();
      }
    }
  }
  return candidates.map((c, i) => ({ ...c, runsMs: times[i]!, medianMs: median(times[i]!) }));
}
