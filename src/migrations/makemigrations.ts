/**
 * `makemigrations()`: replay the migration files, compare with the declared models, and write
 * one new migration per changed app. `check: true` writes nothing and throws
 * `FLG_ERR_MIGRATIONS_CHANGES` when there are changes (Django's `makemigrations --check`, for CI).
 * No database is needed.
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type MigrationsApp, managedModels } from "./app.ts";
import { detectChanges } from "./autodetector.ts";
import { ERR_MIGRATIONS_CHANGES, ERR_MIGRATIONS_GRAPH, migrationsError } from "./errors.ts";
import { type MigrationGraph, replay } from "./graph.ts";
import { loadGraph } from "./loader.ts";
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
}

export interface NewMigration {
  readonly app: string;
  readonly name: string;
  readonly path: string;
  readonly operations: readonly Operation[];
  readonly dependencies: readonly Dependency[];
}

function leafOf(graph: MigrationGraph, app: string): string | undefined {
  const leaves = graph.leaves(app);
  if (leaves.length > 1)
    throw migrationsError(
      ERR_MIGRATIONS_GRAPH,
      `App ${app} has several latest migrations (${leaves.join(", ")}): merge them first`,
    );
  return leaves[0] === undefined ? undefined : graph.nodes.get(leaves[0])!.name;
}

function nameFor(number: number, ops: readonly Operation[], now: Date): string {
  const n = String(number).padStart(4, "0");
  if (number === 1) return `${n}_initial`;
  const words =
    ops.length <= 2
      ? ops.map((o) => o.fragment()).join("_")
      : `auto_${now.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "_")}`;
  return `${n}_${words.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 40)}`;
}

export async function makemigrations(options: MakemigrationsOptions): Promise<NewMigration[]> {
  const graph = await loadGraph(options.apps);
  const from = replay(graph, graph.order);
  const to = fromModels(managedModels(options.apps.flatMap((a) => a.models)));
  // A check fails on any change, rename or not: answer every question "no" rather than ask.
  const questioner = options.check ? { ask: () => false } : options;
  const { ops, needs } = await detectChanges(from, to, questioner);
  const now = options.now ?? new Date();
  const planned = new Map<string, NewMigration>();
  // Name every new migration first: an app's new migration may depend on another's.
  for (const app of options.apps) {
    const list = ops.get(app.label);
    if (list === undefined || list.length === 0) continue;
    const count = [...graph.nodes.values()].filter((n) => n.app === app.label).length;
    const numbers = [...graph.nodes.values()]
      .filter((n) => n.app === app.label)
      .map((n) => Number.parseInt(n.name.slice(0, 4), 10));
    const next = Math.max(count, ...numbers, 0) + 1;
    const name = nameFor(next, list, now);
    planned.set(app.label, {
      app: app.label,
      name,
      path: join(app.migrationsDir, `${name}.ts`),
      operations: list,
      dependencies: [],
    });
  }
  const result: NewMigration[] = [];
  for (const [label, m] of planned) {
    const deps: Dependency[] = [];
    const own = leafOf(graph, label);
    if (own !== undefined) deps.push([label, own]);
    for (const other of [...(needs.get(label) ?? [])].sort()) {
      const target = planned.get(other)?.name ?? leafOf(graph, other);
      if (target !== undefined) deps.push([other, target]);
    }
    result.push({ ...m, dependencies: deps });
  }
  if (options.check) {
    if (result.length > 0)
      throw migrationsError(
        ERR_MIGRATIONS_CHANGES,
        `Models have changes without migrations: ${result.map((r) => `${r.app}.${r.name}`).join(", ")}`,
      );
    return [];
  }
  for (const m of result) {
    const app = options.apps.find((a) => a.label === m.app)!;
    mkdirSync(app.migrationsDir, { recursive: true });
    const text = writeMigration({
      dependencies: m.dependencies,
      operations: m.operations,
      ...(options.importFrom !== undefined ? { importFrom: options.importFrom } : {}),
      now,
    });
    writeFileSync(m.path, text);
  }
  return result;
}
