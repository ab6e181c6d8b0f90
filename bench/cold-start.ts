/**
 * Cold start: wall time from spawning `node file` to the first successful answer on GET /,
 * polled every 2 ms on fresh connections. The candidates take turns, run after run.
 *
 * Two modes, both reported:
 * - `cached`: Node's compile cache on (NODE_COMPILE_CACHE, what `flagon serve` enables) and
 *   warmed by one unmeasured start of each file: every start after a deploy or an edit is like
 *   this one.
 * - `first`: the compile cache off: the very first start, when Node strips the types of every
 *   `.ts` module and compiles it.
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitQuiet } from "./cpu.ts";
import { freePort, startServer, waitReady } from "./proc.ts";
import { median } from "./stats.ts";

export type ColdMode = "cached" | "first";

export interface ColdStartResult {
  name: string;
  file: string;
  mode: ColdMode;
  runsMs: number[];
  medianMs: number;
}

async function once(
  file: string,
  cpu: number,
  env: Record<string, string | undefined>,
): Promise<number> {
  const port = await freePort();
  await waitQuiet(15, 30_000);
  const t0 = performance.now();
  const s = startServer(file, port, cpu, [], env);
  try {
    return await waitReady(s, "/", 15_000, t0, (status) => status === 200);
  } finally {
    await s.stop();
  }
}

export async function measureColdStart(
  candidates: Array<{ name: string; file: string }>,
  runs: number,
  cpu: number,
  root: string,
  mode: ColdMode,
): Promise<ColdStartResult[]> {
  const cacheDir = mkdtempSync(join(tmpdir(), "flagon-bench-ccache-"));
  const env =
    mode === "cached"
      ? { NODE_COMPILE_CACHE: cacheDir, NODE_DISABLE_COMPILE_CACHE: undefined }
      : { NODE_COMPILE_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: "1" };
  try {
    if (mode === "cached") for (const c of candidates) await once(join(root, c.file), cpu, env);
    const times = candidates.map(() => [] as number[]);
    for (let run = 0; run < runs; run++) {
      for (const [i, c] of candidates.entries()) {
        times[i]!.push(await once(join(root, c.file), cpu, env));
      }
    }
    return candidates.map((c, i) => ({
      ...c,
      mode,
      runsMs: times[i]!,
      medianMs: median(times[i]!),
    }));
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
