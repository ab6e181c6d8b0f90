/**
 * `captureOnCommitCallbacks(fn)`: inside a test transaction nothing commits, so `onCommit`
 * callbacks never run; this takes out the ones `fn` registers and returns them, running them
 * first with `execute: true` (Django's `captureOnCommitCallbacks`). Callbacks those callbacks
 * register run too, as after a real commit.
 * @module
 */
import { type CommitCallback, getDatabases, pendingCommitCallbacks } from "../orm/index.ts";
import { testingError } from "./errors.ts";

export interface CaptureOnCommitOptions {
  /** The database alias. @default "default" */
  readonly using?: string;
  /** Run the captured callbacks, in order, before returning them. @default false */
  readonly execute?: boolean;
}

export async function captureOnCommitCallbacks(
  fn: () => unknown,
  options: CaptureOnCommitOptions = {},
): Promise<CommitCallback[]> {
  const db = getDatabases().get(options.using ?? "default");
  const pending = pendingCommitCallbacks(db);
  if (pending === undefined)
    throw testingError(
      "FLG_ERR_TEST_TRANSACTION",
      `captureOnCommitCallbacks() must run inside a test transaction on "${db.alias}" (a testCase() test or inTestTransaction()); outside one, onCommit runs callbacks at once`,
    );
  const start = pending.length;
  await fn();
  const captured = pending.splice(start);
  if (options.execute) {
    // A callback may register more; run those as well, as a commit would.
    for (let i = 0; i < captured.length; i++) {
      const from = pending.length;
      await captured[i]!();
      captured.push(...pending.splice(from));
    }
  }
  return captured;
}
