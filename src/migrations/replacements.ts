/**
 * Squashed migrations in the graph. A migration with `replaces` stands for the migrations it
 * lists. While none or all of those are applied, the squashed one is used and dependencies on
 * the replaced ones point at it; while only some are applied (a database part-way through
 * them), the replaced ones are used and the squashed one is left out, as Django does.
 * @module
 */
import { keyOf, type MigrationNode } from "./graph.ts";

export function replacedKeys(n: MigrationNode): string[] {
  return (n.spec.replaces ?? []).map(([a, m]) => keyOf(a, m));
}

/** The nodes to build the graph from, given the applied set (empty when there is no database). */
export function resolveReplacements(
  list: readonly MigrationNode[],
  applied: ReadonlySet<string>,
): MigrationNode[] {
  let nodes = [...list];
  for (const s of list.filter((n) => replacedKeys(n).length > 0)) {
    const replaced = new Set(replacedKeys(s));
    const done = [...replaced].filter((k) => applied.has(k)).length;
    if (done !== 0 && done !== replaced.size) {
      nodes = nodes.filter((n) => n.key !== s.key);
      continue;
    }
    nodes = nodes
      .filter((n) => !replaced.has(n.key))
      .map((n) => {
        const deps = n.spec.dependencies ?? [];
        if (n.key === s.key || !deps.some(([a, m]) => replaced.has(keyOf(a, m)))) return n;
        const moved = deps.map(([a, m]) =>
          replaced.has(keyOf(a, m)) ? ([s.app, s.name] as const) : ([a, m] as const),
        );
        const unique = [...new Map(moved.map((d) => [keyOf(d[0], d[1]), d])).values()];
        return { ...n, spec: { ...n.spec, dependencies: unique } };
      });
  }
  return nodes;
}

/** Applied keys as the resolved graph sees them: a squashed node counts once all it replaces do. */
export function effectiveApplied(
  nodes: Iterable<MigrationNode>,
  applied: ReadonlySet<string>,
): Set<string> {
  const out = new Set(applied);
  for (const n of nodes) {
    const r = replacedKeys(n);
    if (r.length > 0 && r.every((k) => applied.has(k))) out.add(n.key);
  }
  return out;
}
