/**
 * `flagon serve --workers N`: the node:cluster primary. It forks N workers that share one
 * listening socket, restarts a worker that crashes (waiting longer after each quick crash, up to
 * 30 s), passes SIGTERM/SIGINT on to every worker so each drains its requests, and resolves once
 * all of them have stopped. A worker that dies before it ever listened, while none has, is a
 * boot failure (a port in use, a broken import): the primary stops instead of looping.
 * @module
 */
import cluster, { type Worker } from "node:cluster";
import { getCompileCacheDir } from "node:module";
import { availableParallelism } from "node:os";
import type { Logger } from "../core/index.ts";
import { usageError } from "./errors.ts";

export interface WorkersOptions {
  readonly count: number;
  /** The script each worker runs. */
  readonly exec: string;
  readonly env: NodeJS.ProcessEnv;
  readonly logger: Logger;
  /** Milliseconds to wait for workers after a stop signal before killing them. @default 30000 */
  readonly stopTimeout?: number;
}

/** A worker alive at least this long resets the back-off. */
const HEALTHY_AFTER = 10_000;
const MAX_BACKOFF = 30_000;

/** `--workers N`: a positive count, or `0`/`auto` for one per CPU core. */
export function parseWorkers(value: string | boolean | undefined): number | undefined {
  if (value === undefined || typeof value === "boolean") return undefined;
  if (value === "auto" || value === "0") return availableParallelism();
  if (!/^\d{1,4}$/.test(value))
    throw usageError(`flagon serve: --workers must be a number or "auto", got "${value}"`);
  return Number(value);
}

/** Run the workers; resolves with the exit status for the primary. */
export function runWorkers(o: WorkersOptions): Promise<number> {
  const { logger } = o;
  cluster.setupPrimary({ exec: o.exec, args: [] });
  // Workers share the CLI's compile cache (bin/flagon.js turns it on): each starts as fast as
  // the first one, and a restarted worker compiles nothing.
  const cache = getCompileCacheDir();
  const env = cache === undefined ? o.env : { NODE_COMPILE_CACHE: cache, ...o.env };
  const live = new Set<Worker>();
  const booted = new WeakSet<Worker>();
  const started = new WeakMap<Worker, number>();
  const timers = new Set<NodeJS.Timeout>();
  let anyBooted = false;
  let quickCrashes = 0;
  let stopping = false;
  let status = 0;

  return new Promise((resolve) => {
    const finish = (): void => {
      for (const s of ["SIGTERM", "SIGINT"] as const) process.off(s, onSignal);
      for (const t of timers) clearTimeout(t);
      cluster.off("exit", onExit);
      resolve(status);
    };
    const fork = (): void => {
      const worker = cluster.fork(env);
      live.add(worker);
      started.set(worker, Date.now());
      worker.once("listening", () => {
        booted.add(worker);
        anyBooted = true;
      });
    };
    const stopAll = (signal: NodeJS.Signals): void => {
      for (const w of live) w.process.kill(signal);
    };
    const onExit = (worker: Worker, code: number | null, signal: string | null): void => {
      if (!live.delete(worker)) return;
      const how = signal === null ? `exit code ${code}` : `signal ${signal}`;
      if (stopping) {
        if (live.size === 0) finish();
        return;
      }
      if (!booted.has(worker) && !anyBooted) {
        logger.error(`worker ${worker.process.pid} failed to start (${how}); stopping`);
        status = 1;
        stopping = true;
        stopAll("SIGTERM");
        if (live.size === 0) finish();
        return;
      }
      const lived = Date.now() - (started.get(worker) ?? 0);
      quickCrashes = lived >= HEALTHY_AFTER ? 0 : quickCrashes + 1;
      const delay = quickCrashes === 0 ? 0 : Math.min(MAX_BACKOFF, 250 * 2 ** (quickCrashes - 1));
      logger.error(`worker ${worker.process.pid} died (${how}); restarting in ${delay}ms`, {
        pid: worker.process.pid,
        code,
        signal,
      });
      const t = setTimeout(() => {
        timers.delete(t);
        if (!stopping) fork();
      }, delay);
      timers.add(t);
    };
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        // A second signal means now.
        stopAll("SIGKILL");
        return;
      }
      stopping = true;
      logger.info(`${signal} received, stopping ${live.size} worker(s)`);
      for (const t of timers) clearTimeout(t);
      timers.clear();
      // SIGTERM to each worker: a Ctrl+C in a terminal already sent them SIGINT, and a second
      // SIGINT would kill them without draining.
      stopAll("SIGTERM");
      const force = setTimeout(() => {
        logger.error("workers did not stop in time; killing them");
        stopAll("SIGKILL");
      }, o.stopTimeout ?? 30_000);
      force.unref();
      timers.add(force);
      if (live.size === 0) finish();
    };
    cluster.on("exit", onExit);
    for (const s of ["SIGTERM", "SIGINT"] as const) process.on(s, onSignal);
    logger.info(`Flagon primary ${process.pid} starting ${o.count} worker(s)`);
    for (let i = 0; i < o.count; i++) fork();
  });
}
