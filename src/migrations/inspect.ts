/**
 * `showmigrations` (which migrations exist and which are applied) and `sqlmigrate` (the SQL a
 * migration runs on a dialect, without running it and without a database).
 * @module
 */
import type { Database, Dialect } from "../orm/index.ts";
import type { MigrationsApp } from "./app.ts";
import { keyOf, planOperations } from "./graph.ts";
import { loadGraph } from "./loader.ts";
import type { MigrateTarget } from "./plan.ts";
import { appliedKeys, ensureRecorder, RECORDER_TABLE } from "./recorder.ts";
import { effectiveApplied } from "./replacements.ts";
import { ERR_MIGRATIONS_TARGET, migrationsError } from "./errors.ts";

export interface MigrationStatus {
  readonly app: string;
  readonly name: string;
  readonly applied: boolean;
}

/** Every migration, per app in file order, with whether `db` has applied it. */
export async function showmigrations(options: {
  readonly apps: readonly MigrationsApp[];
  readonly db: Database;
  /** The recorder table (default `flagon_migrations`). */
  readonly recorderTable?: string;
}): Promise<MigrationStatus[]> {
  const table = options.recorderTable ?? RECORDER_TABLE;
  await ensureRecorder(options.db, table);
  const recorded = await appliedKeys(options.db, table);
  const graph = await loadGraph(options.apps, recorded);
  const applied = effectiveApplied(graph.nodes.values(), recorded);
  const out: MigrationStatus[] = [];
  for (const app of options.apps)
    for (const n of [...graph.nodes.values()].filter((x) => x.app === app.label))
      out.push({ app: n.app, name: n.name, applied: applied.has(n.key) });
  return out;
}

/** Django's layout: `app` then ` [X] 0001_initial` lines. */
export function formatShowmigrations(list: readonly MigrationStatus[]): string {
  const lines: string[] = [];
  let app = "";
  for (const s of list) {
    if (s.app !== app) lines.push((app = s.app));
    lines.push(` [${s.applied ? "X" : " "}] ${s.name}`);
  }
  return lines.join("\n");
}

/** The SQL of one migration on `dialect`, forwards or backwards, one statement per line-block. */
export async function sqlmigrate(options: {
  readonly apps: readonly MigrationsApp[];
  readonly dialect: Dialect;
  readonly target: MigrateTarget;
  readonly backwards?: boolean;
}): Promise<string> {
  const graph = await loadGraph(options.apps);
  const key = keyOf(options.target.app, options.target.name);
  if (!graph.nodes.has(key)) throw migrationsError(ERR_MIGRATIONS_TARGET, `No migration ${key}`);
  const out: string[] = [];
  for (const o of planOperations(graph, key, options.dialect, options.backwards === true)) {
    out.push(`-- ${o.describe}`);
    for (const s of o.steps())
      out.push(typeof s === "string" ? `${s};` : `-- (code: ${s.label}, not SQL)`);
  }
  return out.join("\n");
}
