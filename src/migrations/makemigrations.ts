/**
 * `makemigrations()`: replay the migration files, compare with the declared models, and write
 * one new migration per changed app. `check: true` writes nothing and throws
 * `FLG_ERR_MIGRATIONS_CHANGES` when there are changes (Django's `makemigrations --check`, for CI).
 * `name` names the new files, `empty` writes empty migrations for data migrations instead,
 * `dryRun` writes nothing, and `merge` joins an app's branches (several latest migrations, which
 * every other mode refuses with `FLG_ERR_MIGRATIONS_CONFLICT`). No database is needed.
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type MigrationsApp, managedModels } from "./app.ts";
import { detectChanges } from "./autodetector.ts";
import { refuseConflicts } from "./conflicts.ts";
import { ERR_MIGRATIONS_CHANGES, ERR_MIGRATIONS_TARGET, migrationsError } from "./errors.ts";
import { keyOf, type MigrationGraph, replay } from "./graph.ts";
import { loadGraph, migrationFiles } from "./loader.ts";
import { type MergeInfo, mergesNeeded } from "./merge.ts";
import { checkMigrationName, mergeName, migrationName, nextNumber } from "./naming.ts";
import type { Dependency } from "./op.ts";
import type { Operation } from "./operation.ts";
import type { Questioner } from "./questioner.ts";
import { fromModels } from "./state.ts";
import { writeMigration } from "./writer.ts";

export interface MakemigrationsOptions extends Questioner {
  readonly apps: readonly MigrationsApp[];
  readonly check?: boolean;
  /** Module specifier the files import from (default `"flagon/migrations"`). */
  readonly importFrom?: string;
  readonly now?: Date;
  /** The new files are `000N_<name>.ts` (an identifier: letters, digits, `_`). */
  readonly name?: string;
  /**
   * Write an empty migration for each of these app labels (to write a data migration in),
   * depending on the app's latest migration, instead of detecting changes.
   */
  readonly empty?: readonly string[];
  /** Compute the migrations (with their `text`) and write nothing. */
  readonly dryRun?: boolean;
  /**
   * Write a merge migration for each app with several latest migrations, instead of detecting
   * changes. Nothing to merge: returns `[]`.
   */
  readonly merge?: boolean;
  /** Asked before each merge is written; `false` skips that app. Default: merge. */
  readonly confirmMerge?: (merge: MergeInfo) => boolean | Promise<boolean>;
}

export interface NewMigration {
  readonly app: string;
  readonly name: string;
  readonly path: string;
  readonly operations: readonly Operation[];
  readonly dependencies: readonly Dependency[];
  /** The file's contents (written unless `dryRun`). */
  readonly text: string;
  /** For a merge migration: the branches it joins. */
  readonly merge?: MergeInfo;
}

type Planned = Omit<NewMigration, "text"> & { readonly dataExample?: string };

function appNamed(apps: readonly MigrationsApp[], label: string): MigrationsApp {
  const app = apps.find((a) => a.label === label);
  if (app === undefined) throw migrationsError(ERR_MIGRATIONS_TARGET, `No app "${label}"`);
  return app;
}

function next(app: MigrationsApp, graph: MigrationGraph): number {
  const names = [...graph.nodes.values()].filter((n) => n.app === app.label).map((n) => n.name);
  // The files too: a squash leaves the migrations it replaced out of the graph.
  return nextNumber([...names, ...migrationFiles(app.migrationsDir)]);
}

function leafOf(graph: MigrationGraph, app: string): string | undefined {
  const leaf = graph.leaves(app)[0];
  return leaf === undefined ? undefined : graph.nodes.get(leaf)!.name;
}

export async function makemigrations(options: MakemigrationsOptions): Promise<NewMigration[]> {
  if (options.name !== undefined) checkMigrationName(options.name);
  const graph = await loadGraph(options.apps);
  const now = options.now ?? new Date();
  if (options.merge) return finish(await merges(graph, options, now), options, now);
  refuseConflicts(graph);
  if (options.empty !== undefined)
    return finish(empties(graph, options, options.empty, now), options, now);
  const planned = await changes(graph, options, now);
  if (options.check) {
    if (planned.length > 0)
      throw migrationsError(
        ERR_MIGRATIONS_CHANGES,
        `Models have changes without migrations: ${planned.map((r) => `${r.app}.${r.name}`).join(", ")}`,
      );
    return [];
  }
  return finish(planned, options, now);
}

async function changes(
  graph: MigrationGraph,
  options: MakemigrationsOptions,
  now: Date,
): Promise<Planned[]> {
  const from = replay(graph, graph.order);
  const to = fromModels(managedModels(options.apps.flatMap((a) => a.models)));
  // A check fails on any change, rename or not: answer every question "no" rather than ask.
  const questioner = options.check ? { ask: () => false } : options;
  const { ops, needs } = await detectChanges(from, to, questioner);
  const names = new Map<string, string>();
  // Name every new migration first: an app's new migration may depend on another's.
  for (const app of options.apps) {
    const list = ops.get(app.label);
    if (list === undefined || list.length === 0) continue;
    names.set(app.label, migrationName(next(app, graph), list, now, options.name));
  }
  return [...names].map(([label, name]) => {
    const deps: Dependency[] = [];
    const own = leafOf(graph, label);
    if (own !== undefined) deps.push([label, own]);
    for (const other of [...(needs.get(label) ?? [])].sort()) {
      const target = names.get(other) ?? leafOf(graph, other);
      if (target !== undefined) deps.push([other, target]);
    }
    const app = appNamed(options.apps, label);
    const operations = ops.get(label)!;
    return {
      app: label,
      name,
      path: join(app.migrationsDir, `${name}.ts`),
      operations,
      dependencies: deps,
    };
  });
}

function empties(
  graph: MigrationGraph,
  options: MakemigrationsOptions,
  labels: readonly string[],
  now: Date,
): Planned[] {
  return [...new Set(labels)].map((label) => {
    const app = appNamed(options.apps, label);
    const name = migrationName(next(app, graph), [], now, options.name);
    const leaf = leafOf(graph, label);
    const model = app.models.find((m) => m.meta.label.startsWith(`${label}.`))?.meta.label;
    return {
      app: label,
      name,
      path: join(app.migrationsDir, `${name}.ts`),
      operations: [],
      dependencies: leaf === undefined ? [] : [[label, leaf]],
      dataExample: model ?? `${label}.Model`,
    };
  });
}

async function merges(
  graph: MigrationGraph,
  options: MakemigrationsOptions,
  now: Date,
): Promise<Planned[]> {
  const planned: Planned[] = [];
  for (const info of mergesNeeded(graph)) {
    if (options.confirmMerge !== undefined && !(await options.confirmMerge(info))) continue;
    const app = appNamed(options.apps, info.app);
    const leaves = info.branches.map((b) => b.leaf);
    const name = mergeName(next(app, graph), leaves, now, options.name);
    planned.push({
      app: info.app,
      name,
      path: join(app.migrationsDir, `${name}.ts`),
      operations: [],
      dependencies: leaves.map((l) => [info.app, graph.nodes.get(keyOf(info.app, l))!.name]),
      merge: info,
    });
  }
  return planned;
}

function finish(
  planned: readonly Planned[],
  options: MakemigrationsOptions,
  now: Date,
): NewMigration[] {
  const result: NewMigration[] = planned.map(({ dataExample, ...m }) => ({
    ...m,
    text: writeMigration({
      dependencies: m.dependencies,
      operations: m.operations,
      ...(options.importFrom !== undefined ? { importFrom: options.importFrom } : {}),
      ...(dataExample !== undefined ? { dataExample } : {}),
      now,
    }),
  }));
  if (options.dryRun) return result;
  for (const m of result) {
    mkdirSync(join(m.path, ".."), { recursive: true });
    writeFileSync(m.path, m.text);
  }
  return result;
}
