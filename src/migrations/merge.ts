/**
 * Merge migrations: for an app with several latest migrations, one migration with no
 * operations that depends on all of them, so the graph has one leaf again. Each branch is
 * described (its migrations since the common ancestors, and their operations) so a user can
 * judge whether the branches touch the same thing before agreeing.
 * @module
 */
import { findConflicts } from "./conflicts.ts";
import { keyOf, type MigrationGraph } from "./graph.ts";

export interface MergeBranch {
  /** The branch's latest migration. */
  readonly leaf: string;
  /** Its migrations after the point the branches share, in order, with their operations. */
  readonly migrations: readonly { readonly name: string; readonly operations: readonly string[] }[];
}

export interface MergeInfo {
  readonly app: string;
  readonly branches: readonly MergeBranch[];
}

/** One `MergeInfo` per app that has several latest migrations. */
export function mergesNeeded(graph: MigrationGraph): MergeInfo[] {
  const result: MergeInfo[] = [];
  for (const [app, leaves] of findConflicts(graph)) {
    const lines = leaves.map((leaf) => graph.ancestors(keyOf(app, leaf)));
    const shared = new Set(lines[0]!.filter((k) => lines.every((l) => l.includes(k))));
    result.push({
      app,
      branches: leaves.map((leaf, i) => ({
        leaf,
        migrations: lines[i]!.filter((k) => !shared.has(k) && graph.nodes.get(k)!.app === app).map(
          (k) => {
            const node = graph.nodes.get(k)!;
            return { name: node.name, operations: node.spec.operations.map((o) => o.describe()) };
          },
        ),
      })),
    });
  }
  return result;
}
