/**
 * The autodetector: compare the state replayed from the migration files with the state of the
 * declared models and produce the operations that turn one into the other, per app. Each
 * operation is applied to a working state as it is chosen, so later comparisons see earlier
 * decisions (a renamed model is compared field by field under its new name).
 * @module
 */
import { equal } from "./canonical.ts";
import { fieldOps, indexOps } from "./detect-fields.ts";
import { alterModelTable, createModel, deleteModel, renameModel } from "./model-ops.ts";
import type { Operation } from "./operation.ts";
import { askRename, type Questioner } from "./questioner.ts";
import { appOf, type ModelState, type ProjectState } from "./state.ts";

export interface Detected {
  /** Operations per app label, in order. */
  readonly ops: Map<string, Operation[]>;
  /** For each app, the other apps whose models its new operations point at. */
  readonly needs: Map<string, Set<string>>;
}

/** New models in an order where a model comes after the models its foreign keys point at. */
function creationOrder(models: ModelState[]): ModelState[] {
  const byLabel = new Map(models.map((m) => [m.label, m]));
  const out: ModelState[] = [];
  const seen = new Set<string>();
  const visit = (m: ModelState) => {
    if (seen.has(m.label)) return;
    seen.add(m.label);
    for (const f of Object.values(m.fields)) {
      const t = f.to === undefined ? undefined : byLabel.get(f.to);
      if (t !== undefined) visit(t);
    }
    out.push(m);
  };
  for (const m of [...models].sort((a, b) => a.label.localeCompare(b.label))) visit(m);
  return out;
}

export async function detectChanges(
  from: ProjectState,
  to: ProjectState,
  questioner: Questioner,
): Promise<Detected> {
  const ops = new Map<string, Operation[]>();
  const needs = new Map<string, Set<string>>();
  let cur = from;
  const emit = (o: Operation, label: string, targets: readonly (string | undefined)[] = []) => {
    cur = o.apply(cur);
    const app = appOf(label);
    if (!ops.has(app)) ops.set(app, []);
    ops.get(app)!.push(o);
    for (const t of targets) {
      if (t === undefined || appOf(t) === app) continue;
      if (!needs.has(app)) needs.set(app, new Set());
      needs.get(app)!.add(appOf(t));
    }
  };
  const added = () => [...to.keys()].filter((l) => !cur.has(l)).sort();
  const removed = () => [...cur.keys()].filter((l) => !to.has(l)).sort();

  for (const a of added()) {
    for (const r of removed()) {
      if (appOf(r) !== appOf(a)) continue;
      if (!equal(cur.get(r)!.fields, to.get(a)!.fields)) continue;
      const yes = await askRename(questioner, {
        kind: "model",
        key: `${r}=>${a}`,
        message: `Was the model ${r} renamed to ${a}?`,
      });
      if (yes) {
        emit(renameModel(r, a), a);
        break;
      }
    }
  }
  for (const m of creationOrder(added().map((l) => to.get(l)!)))
    emit(
      createModel(m.label, m.fields, m.options),
      m.label,
      Object.values(m.fields).map((f) => f.to),
    );
  for (const label of [...to.keys()].sort()) {
    const next = to.get(label)!;
    // A through model's table may already have followed its model's (see alterModelTable).
    if (cur.get(label)!.options.table !== next.options.table)
      emit(alterModelTable(label, next.options.table), label);
    for (const o of indexOps(cur.get(label)!, next, "remove")) emit(o, label);
    for (const [o, target] of await fieldOps(cur.get(label)!, next, questioner))
      emit(o, label, [target]);
    for (const o of indexOps(cur.get(label)!, next, "add")) emit(o, label);
  }
  // Delete models that point at other deleted models first.
  const gone = removed();
  const order = [...creationOrder(gone.map((l) => cur.get(l)!))].reverse();
  for (const m of order) emit(deleteModel(m.label), m.label);
  return { ops, needs };
}
