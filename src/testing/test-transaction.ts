/**
 * `inTestTransaction(fn)`: run `fn` inside a transaction on each given database and roll it
 * back afterwards, whatever `fn` did: the isolation of Django's `TestCase`. Code inside that
 * opens `atomic()` blocks gets savepoints, which commit and roll back as usual within the test;
 * `onCommit` callbacks never run, since nothing commits (see `captureOnCommitCallbacks`).
 * @module
 */
import { type Database, getDatabases } from "../orm/index.ts";

/** Which databases a test wraps: aliases, or `"all"` for every configured one. */
export type TestDatabases = readonly (string | Database)[] | "all";

export interface TestTransactionOptions {
  /** @default ["default"] */
  readonly databases?: TestDatabases;
}

/** Thrown at the end of the block to make `atomic()` roll back; never escapes. */
class Rollback {}

/** The `Database` objects of `databases`, from the process-wide registry the ORM uses. */
export function resolveTestDatabases(databases: TestDatabases = ["default"]): Database[] {
  const registry = getDatabases();
  const list = databases === "all" ? registry.aliases : databases;
  return list.map((d) => (typeof d === "string" ? registry.get(d) : d));
}

/** Run `fn` in transactions on the databases, roll them back, and return what `fn` returned. */
export async function inTestTransaction<T>(
  fn: () => T | Promise<T>,
  options: TestTransactionOptions = {},
): Promise<T> {
  const dbs = resolveTestDatabases(options.databases);
  const rollback = new Rollback();
  let result: T | undefined;
  const innermost = async (): Promise<never> => {
    result = await fn();
    throw rollback;
  };
  const wrapped = dbs.reduceRight<() => Promise<unknown>>(
    (inner, db) => () => db.atomic(inner),
    innermost,
  );
  try {
    await wrapped();
  } catch (err) {
    if (err !== rollback) throw err;
  }
  return result as T;
}
