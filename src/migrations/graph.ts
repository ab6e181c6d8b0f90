/**
 * The migration graph: which migrations exist, what each depends on, the order to apply them,
 * and the project state replayed up to any point.
 * @module
 */
import type { Dialect } from "../orm/index.ts";
import { ERR_MIGRATIONS_GRAPH, migrationsError } from "./errors.ts";
import type { MigrationSpec } from "./op.ts";
import { StepContext, type Step } from "./operation.ts";
import type { ProjectState } from "./state.ts";

export interface MigrationNode {
  readonly app: string;
  readonly name: string;
  /** `app.name`. */
  readonly key: string;
  readonly spec: MigrationSpec;
}

export interface MigrationGraph {
  readonly nodes: ReadonlyMap<string, MigrationNode>;
  /** Every node, dependencies first (ties broken by key, so the order is stable). */
  readonly order: readonly string[];
  /** `key` and everything it depends on, dependencies first. */
  ancestors(key: string): string[];
  /** `key` and everything that depends on it, in apply order. */
  descendants(key: string): string[];
  /** The last migrations of `app` (normally one; two means they need merging). */
  leaves(app: string): string[];
}

export function keyOf(app: string, name: string): string {
  return `${app}.${name}`;
}

export function makeGraph(list: readonly MigrationNode[]): MigrationGraph {
  const nodes = new Map(list.map((n) => [n.key, n]));
  const parents = new Map<string, string[]>();
  for (const n of list) {
    const deps = (n.spec.dependencies ?? []).map(([a, m]) => keyOf(a, m));
    for (const d of deps)
      if (!nodes.has(d))
        throw migrationsError(ERR_MIGRATIONS_GRAPH, `${n.key} depends on missing migration ${d}`);
    parents.set(n.key, deps.sort());
  }
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (k: string, path: string[]) => {
    const s = state.get(k);
    if (s === "done") return;
    if (s === "visiting")
      throw migrationsError(ERR_MIGRATIONS_GRAPH, `Dependency cycle: ${[...path, k].join(" -> ")}`);
    state.set(k, "visiting");
    for (const p of parents.get(k)!) visit(p, [...path, k]);
    state.set(k, "done");
    order.push(k);
  };
  for (const k of [...nodes.keys()].sort()) visit(k, []);
  const position = new Map(order.map((k, i) => [k, i]));
  const closure = (start: string, next: (k: string) => string[]) => {
    if (!nodes.has(start)) throw migrationsError(ERR_MIGRATIONS_GRAPH, `No migration ${start}`);
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length) {
      const k = stack.pop()!;
      if (seen.has(k)) continue;
      seen.add(k);
      stack.push(...next(k));
    }
    return [...seen].sort((a, b) => position.get(a)! - position.get(b)!);
  };
  const children = (k: string) => order.filter((c) => parents.get(c)!.includes(k));
  return {
    nodes,
    order,
    ancestors: (k) => closure(k, (x) => parents.get(x)!),
    descendants: (k) => closure(k, children),
    leaves: (app) =>
      order.filter(
        (k) =>
          nodes.get(k)!.app === app &&
          !order.some((c) => nodes.get(c)!.app === app && parents.get(c)!.includes(k)),
      ),
  };
}

/** Replay the operations of `keys` (in order) over `state`. */
export function replay(
  graph: MigrationGraph,
  keys: readonly string[],
  state: ProjectState = new Map(),
): ProjectState {
  let s = state;
  for (const k of keys) for (const o of graph.nodes.get(k)!.spec.operations) s = o.apply(s);
  return s;
}

/** One operation with the states around it, ready to run either way. */
export interface PlannedOperation {
  readonly describe: string;
  readonly ctx: StepContext;
  readonly steps: () => Step[];
  /** The steps that undo `steps` (used to compensate where DDL cannot be rolled back). */
  readonly undo: () => Step[];
}

/**
 * The operations of migration `key` with their states. Forwards: in file order. Backwards: in
 * reverse order, each one's backward steps (the state before it is replayed from its ancestors).
 */
export function planOperations(
  graph: MigrationGraph,
  key: string,
  dialect: Dialect,
  backwards: boolean,
): PlannedOperation[] {
  const before = replay(
    graph,
    graph.ancestors(key).filter((k) => k !== key),
  );
  const planned: PlannedOperation[] = [];
  let s = before;
  for (const o of graph.nodes.get(key)!.spec.operations) {
    const next = o.apply(s);
    const ctx = new StepContext(s, next, dialect);
    planned.push({
      describe: o.describe(),
      ctx,
      steps: () => (backwards ? o.backwards(ctx) : o.forwards(ctx)),
      undo: () => (backwards ? o.forwards(ctx) : o.backwards(ctx)),
    });
    s = next;
  }
  return backwards ? planned.reverse() : planned;
}
