/**
 * Transactions on async context. `atomic(db, fn)` runs `fn` in a transaction on a dedicated
 * connection, and every query on that database made inside `fn` (however deep in the call tree,
 * across awaits) runs on it, found through AsyncLocalStorage. A nested `atomic` on the same
 * database is a savepoint: a throw inside rolls back to it and leaves the outer transaction
 * going. `onCommit` callbacks run after the outermost COMMIT, in order, and are dropped with
 * the block (or savepoint) that registered them when it rolls back.
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { DedicatedConnection, Driver } from "./driver.ts";
import { dbError, ERR_DB_TRANSACTION } from "./errors.ts";

/** What `atomic` needs of a database: its driver, opened on demand. */
export interface AtomicTarget {
  readonly alias: string;
  driver(): Promise<Driver>;
}

/** A callback registered with `onCommit`. */
export type CommitCallback = () => unknown;

interface Frame {
  readonly conn: DedicatedConnection;
  readonly root: { seq: number };
  readonly callbacks: CommitCallback[];
  done: boolean;
  child: Frame | undefined;
}

const storage = new AsyncLocalStorage<ReadonlyMap<AtomicTarget, Frame>>();

/**
 * The connection of the atomic block on `target` this code runs in, or `undefined` outside one.
 * Throws `FLG_ERR_DB_TRANSACTION` when the block has already ended: a query from a promise the
 * block did not await would otherwise land on a connection someone else now owns.
 */
export function transactionConnection(target: AtomicTarget): DedicatedConnection | undefined {
  const frame = storage.getStore()?.get(target);
  if (frame === undefined) return undefined;
  if (frame.done)
    throw dbError(
      ERR_DB_TRANSACTION,
      `A query on "${target.alias}" ran after its atomic block ended (a promise the block did not await?)`,
    );
  return frame.conn;
}

/** True inside an unfinished atomic block on `target`. */
export function inAtomicBlock(target: AtomicTarget): boolean {
  const frame = storage.getStore()?.get(target);
  return frame !== undefined && !frame.done;
}

/** Run `fn` in a transaction (or a savepoint when already in one) on `target`. */
export async function atomic<T>(target: AtomicTarget, fn: () => T | Promise<T>): Promise<T> {
  const frames = storage.getStore();
  const outer = frames?.get(target);
  if (outer !== undefined && !outer.done) return savepoint(target, outer, frames!, fn);
  const driver = await target.driver();
  const conn = await driver.acquire();
  try {
    await conn.execute(driver.dialect.beginStatement);
  } catch (err) {
    conn.release(true);
    throw err;
  }
  const frame: Frame = { conn, root: { seq: 0 }, callbacks: [], done: false, child: undefined };
  let result: T;
  try {
    result = await storage.run(with_(frames, target, frame), settleInside(fn));
  } catch (err) {
    frame.done = true;
    await finish(conn, "ROLLBACK");
    throw err;
  }
  frame.done = true;
  try {
    await conn.execute("COMMIT");
  } catch (err) {
    await finish(conn, "ROLLBACK");
    throw err;
  }
  conn.release();
  await runCallbacks(frames, target, frame.callbacks);
  return result;
}

/**
 * `fn`, awaited inside the block's async context. A callback may return a thenable that has not
 * started (a QuerySet is one): awaited outside `storage.run`, its query would run after the
 * block's context is gone, on another connection, and on SQLite wait forever for the lock the
 * block holds.
 */
function settleInside<T>(fn: () => T | Promise<T>): () => Promise<T> {
  return async () => await fn();
}

async function savepoint<T>(
  target: AtomicTarget,
  outer: Frame,
  frames: ReadonlyMap<AtomicTarget, Frame>,
  fn: () => T | Promise<T>,
): Promise<T> {
  if (outer.child !== undefined)
    throw dbError(
      ERR_DB_TRANSACTION,
      `Two nested atomic blocks on "${target.alias}" ran at the same time; savepoints on one connection must nest, so await one before starting the next`,
    );
  const name = `flagon_sp_${++outer.root.seq}`;
  const { conn } = outer;
  const frame: Frame = { conn, root: outer.root, callbacks: [], done: false, child: undefined };
  // Claimed before the first await, so a second block started in the same tick is refused.
  outer.child = frame;
  try {
    await conn.execute(`SAVEPOINT ${name}`);
  } catch (err) {
    frame.done = true;
    outer.child = undefined;
    throw err;
  }
  try {
    const result = await storage.run(with_(frames, target, frame), settleInside(fn));
    await conn.execute(`RELEASE SAVEPOINT ${name}`);
    outer.callbacks.push(...frame.callbacks);
    return result;
  } catch (err) {
    try {
      await conn.execute(`ROLLBACK TO SAVEPOINT ${name}`);
      await conn.execute(`RELEASE SAVEPOINT ${name}`);
    } catch {
      // The connection is gone; the outermost block's ROLLBACK will find out and discard it.
    }
    throw err;
  } finally {
    frame.done = true;
    outer.child = undefined;
  }
}

/**
 * The live list of `onCommit` callbacks of the innermost unfinished block on `target`, or
 * `undefined` outside one. For test helpers (`captureOnCommitCallbacks`), which take out what a
 * block of test code registered.
 */
export function pendingCommitCallbacks(target: AtomicTarget): CommitCallback[] | undefined {
  const frame = storage.getStore()?.get(target);
  return frame === undefined || frame.done ? undefined : frame.callbacks;
}

/** Register `cb` to run after the outermost COMMIT on `target`; outside a block, run it now. */
export function onCommit(target: AtomicTarget, cb: CommitCallback): void {
  const frame = storage.getStore()?.get(target);
  if (frame === undefined || frame.done) {
    cb();
    return;
  }
  frame.callbacks.push(cb);
}

function with_(
  frames: ReadonlyMap<AtomicTarget, Frame> | undefined,
  target: AtomicTarget,
  frame: Frame | undefined,
): ReadonlyMap<AtomicTarget, Frame> {
  const next = new Map(frames);
  if (frame === undefined) next.delete(target);
  else next.set(target, frame);
  return next;
}

/** End the transaction; a connection that cannot even roll back is closed, not pooled. */
async function finish(conn: DedicatedConnection, statement: string): Promise<void> {
  try {
    await conn.execute(statement);
    conn.release();
  } catch {
    conn.release(true);
  }
}

/**
 * Run the callbacks outside the finished transaction (their queries autocommit). All of them
 * run even when one throws, since the data is committed either way; then the first error (or an
 * AggregateError of several) rejects `atomic()`.
 */
async function runCallbacks(
  frames: ReadonlyMap<AtomicTarget, Frame> | undefined,
  target: AtomicTarget,
  callbacks: CommitCallback[],
): Promise<void> {
  if (callbacks.length === 0) return;
  const errors: unknown[] = [];
  await storage.run(with_(frames, target, undefined), async () => {
    for (const cb of callbacks) {
      try {
        await cb();
      } catch (err) {
        errors.push(err);
      }
    }
  });
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, "onCommit callbacks failed");
}
