/**
 * Conflicting migrations: an app with more than one latest migration, as when two branches of
 * the code each added a migration on the same parent. `makemigrations` and `migrate` refuse such
 * a graph; `makemigrations({ merge: true })` writes the migration that depends on every leaf.
 * @module
 */
import { ERR_MIGRATIONS_CONFLICT, migrationsError } from "./errors.ts";
import type { MigrationGraph } from "./graph.ts";

/** Each app with several latest migrations, and their names (sorted). */
export function findConflicts(graph: MigrationGraph): Map<string, string[]> {
  const apps = [...new Set([...graph.nodes.values()].map((n) => n.app))].sort();
  const found = new Map<string, string[]>();
  for (const app of apps) {
    const leaves = graph.leaves(app);
    if (leaves.length > 1) found.set(app, leaves.map((k) => graph.nodes.get(k)!.name).sort());
  }
  return found;
}

/** Throw `FLG_ERR_MIGRATIONS_CONFLICT`, naming the leaves, when any app has several. */
export function refuseConflicts(graph: MigrationGraph): void {
  const found = findConflicts(graph);
  if (found.size === 0) return;
  const list = [...found].map(([app, names]) => `${names.join(", ")} in ${app}`).join("; ");
  throw migrationsError(
    ERR_MIGRATIONS_CONFLICT,
    `Conflicting migrations: several latest migrations (${list}). To fix them run "flagon makemigrations --merge"`,
  );
}
