/**
 * Read every app's migration files into a graph: nodes `app.name`, edges the files'
 * `dependencies`. Files are imported as modules (Node strips their types); each import URL
 * carries the file's mtime and size so a rewritten file is read again, not served from the cache.
 * @module
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { MigrationsApp } from "./app.ts";
import { ERR_MIGRATIONS_GRAPH, migrationsError } from "./errors.ts";
import { type MigrationGraph, type MigrationNode, makeGraph } from "./graph.ts";
import type { MigrationSpec } from "./op.ts";
import { resolveReplacements } from "./replacements.ts";

/** `0001_initial.ts`: four digits, an underscore, a name. */
export const MIGRATION_FILE = /^(\d{4}_[A-Za-z0-9_]+)\.ts$/;

export function migrationFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => MIGRATION_FILE.test(f) && !f.endsWith(".test.ts"))
    .sort();
}

async function load(path: string): Promise<MigrationSpec> {
  const st = statSync(path);
  const url = `${pathToFileURL(path).href}?v=${st.mtimeMs}-${st.size}`;
  let mod: { default?: MigrationSpec };
  try {
    mod = (await import(url)) as { default?: MigrationSpec };
  } catch (err) {
    throw migrationsError(ERR_MIGRATIONS_GRAPH, `Cannot load migration ${path}`, err);
  }
  const spec = mod.default;
  if (spec === undefined || !Array.isArray(spec.operations))
    throw migrationsError(
      ERR_MIGRATIONS_GRAPH,
      `${path} must export default migration({ dependencies, operations })`,
    );
  return spec;
}

/**
 * The graph of every app's migrations. `applied` (the recorder's rows) decides whether a squashed
 * migration or the ones it replaces are used; without a database, the squashed one is.
 */
export async function loadGraph(
  apps: readonly MigrationsApp[],
  applied: ReadonlySet<string> = new Set(),
): Promise<MigrationGraph> {
  const nodes: MigrationNode[] = [];
  for (const app of apps) {
    for (const file of migrationFiles(app.migrationsDir)) {
      const name = MIGRATION_FILE.exec(file)![1]!;
      const spec = await load(join(app.migrationsDir, file));
      nodes.push({ app: app.label, name, key: `${app.label}.${name}`, spec });
    }
  }
  return makeGraph(resolveReplacements(nodes, applied));
}
