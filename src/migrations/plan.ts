/**
 * Which migrations `migrate` applies or unapplies, and in what order. No target: every
 * unapplied migration. A target `{ app, name }` that is not applied: it and its unapplied
 * dependencies. One that is applied: unapply every applied migration of that app after it (and
 * whatever depends on those). `name: "zero"`: unapply the whole app.
 * @module
 */
import { ERR_MIGRATIONS_TARGET, migrationsError } from "./errors.ts";
import { keyOf, type MigrationGraph } from "./graph.ts";

export interface MigrateTarget {
  readonly app: string;
  /** A migration name (`0001_initial`, or a unique prefix like `0001`), or `"zero"`. */
  readonly name: string;
}

export interface PlanStep {
  readonly key: string;
  readonly backwards: boolean;
}

function resolve(graph: MigrationGraph, target: MigrateTarget): string {
  const exact = keyOf(target.app, target.name);
  if (graph.nodes.has(exact)) return exact;
  const found = [...graph.nodes.values()].filter(
    (n) => n.app === target.app && n.name.startsWith(target.name),
  );
  if (found.length !== 1)
    throw migrationsError(
      ERR_MIGRATIONS_TARGET,
      found.length
        ? `"${target.name}" matches several migrations of ${target.app}`
        : `No migration "${target.name}" in app ${target.app}`,
    );
  return found[0]!.key;
}

export function makePlan(
  graph: MigrationGraph,
  applied: ReadonlySet<string>,
  target?: MigrateTarget,
): PlanStep[] {
  if (target === undefined)
    return graph.order.filter((k) => !applied.has(k)).map((key) => ({ key, backwards: false }));
  if (target.name === "zero") {
    const roots = graph.order.filter((k) => graph.nodes.get(k)!.app === target.app);
    if (roots.length === 0 && !graph.order.length)
      throw migrationsError(ERR_MIGRATIONS_TARGET, `App ${target.app} has no migrations`);
    return unapply(graph, applied, roots);
  }
  const key = resolve(graph, target);
  if (!applied.has(key))
    return graph
      .ancestors(key)
      .filter((k) => !applied.has(k))
      .map((k) => ({ key: k, backwards: false }));
  const later = graph
    .descendants(key)
    .filter((k) => k !== key && graph.nodes.get(k)!.app === target.app);
  return unapply(graph, applied, later);
}

function unapply(
  graph: MigrationGraph,
  applied: ReadonlySet<string>,
  roots: readonly string[],
): PlanStep[] {
  const all = new Set<string>();
  for (const r of roots) for (const d of graph.descendants(r)) if (applied.has(d)) all.add(d);
  return graph.order
    .filter((k) => all.has(k))
    .reverse()
    .map((key) => ({ key, backwards: true }));
}
