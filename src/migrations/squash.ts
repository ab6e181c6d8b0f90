/**
 * `squashmigrations()`: one migration standing for a run of an app's migrations (`replaces`),
 * with their operations in order. Databases that applied the originals keep working (the
 * squashed one counts as applied once all it replaces are); new databases run the squashed one.
 * Once every database has migrated past it, delete the originals and the `replaces` line.
 * Operations are concatenated, not optimized yet; `runCode` cannot be written back out, so a
 * run containing one is refused.
 * @module
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MigrationsApp } from "./app.ts";
import { ERR_MIGRATIONS_IRREVERSIBLE, ERR_MIGRATIONS_TARGET, migrationsError } from "./errors.ts";
import { keyOf } from "./graph.ts";
import { loadGraph } from "./loader.ts";
import type { Dependency } from "./op.ts";
import { writeMigration } from "./writer.ts";

export interface SquashOptions {
  readonly apps: readonly MigrationsApp[];
  readonly app: string;
  /** The last migration to squash (full name). */
  readonly to: string;
  /** The first (default: the app's first migration). */
  readonly from?: string;
  readonly importFrom?: string;
  readonly now?: Date;
}

export async function squashmigrations(
  options: SquashOptions,
): Promise<{ name: string; path: string }> {
  const app = options.apps.find((a) => a.label === options.app);
  if (app === undefined) throw migrationsError(ERR_MIGRATIONS_TARGET, `No app ${options.app}`);
  const graph = await loadGraph(options.apps);
  const mine = graph.order.filter((k) => graph.nodes.get(k)!.app === options.app);
  const start = options.from === undefined ? 0 : mine.indexOf(keyOf(options.app, options.from));
  const end = mine.indexOf(keyOf(options.app, options.to));
  if (start < 0 || end < start)
    throw migrationsError(ERR_MIGRATIONS_TARGET, `Cannot squash ${options.from} to ${options.to}`);
  const run = mine.slice(start, end + 1).map((k) => graph.nodes.get(k)!);
  const inRun = new Set(run.map((n) => n.key));
  const operations = run.flatMap((n) => n.spec.operations);
  if (operations.some((o) => o.type === "runCode"))
    throw migrationsError(
      ERR_MIGRATIONS_IRREVERSIBLE,
      "The migrations to squash contain runCode, which cannot be written out: squash around it",
    );
  const deps = new Map<string, Dependency>();
  for (const n of run)
    for (const [a, m] of n.spec.dependencies ?? [])
      if (!inRun.has(keyOf(a, m))) deps.set(keyOf(a, m), [a, m]);
  const first = run[0]!.name.slice(0, 4);
  const name = `${first}_squashed_${run.at(-1)!.name.slice(0, 4)}`;
  const path = join(app.migrationsDir, `${name}.ts`);
  writeFileSync(
    path,
    writeMigration({
      dependencies: [...deps.values()],
      operations,
      replaces: run.map((n) => [n.app, n.name] as const),
      ...(options.importFrom !== undefined ? { importFrom: options.importFrom } : {}),
      ...(options.now !== undefined ? { now: options.now } : {}),
    }),
  );
  return { name, path };
}
