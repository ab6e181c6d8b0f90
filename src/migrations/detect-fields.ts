/**
 * The autodetector's per-model part: field renames (asked), removals, additions and changes,
 * and index and constraint changes.
 * @module
 */
import { equal } from "./canonical.ts";
import { addField, alterField, removeField, renameField } from "./field-ops.ts";
import { addConstraint, addIndex, removeConstraint, removeIndex } from "./index-ops.ts";
import type { Operation } from "./operation.ts";
import { askRename, type Questioner } from "./questioner.ts";
import type { ConstraintDef } from "./constraint-defs.ts";
import type { IndexDef, ModelState } from "./state.ts";

/** Field operations turning `cur` into `next`, each with the model its field points at. */
export async function fieldOps(
  cur: ModelState,
  next: ModelState,
  q: Questioner,
): Promise<Array<[Operation, string | undefined]>> {
  const label = cur.label;
  const out: Array<[Operation, string | undefined]> = [];
  const removed = Object.keys(cur.fields).filter((n) => !(n in next.fields));
  const added = Object.keys(next.fields).filter((n) => !(n in cur.fields));
  const renamed = new Set<string>();
  for (const a of added) {
    for (const r of removed) {
      if (renamed.has(r) || !equal(cur.fields[r], next.fields[a])) continue;
      const yes = await askRename(q, {
        kind: "field",
        key: `${label}.${r}=>${a}`,
        message: `Was ${label}.${r} renamed to ${a}?`,
      });
      if (yes) {
        renamed.add(r);
        renamed.add(a);
        out.push([renameField(label, r, a), undefined]);
        break;
      }
    }
  }
  for (const r of removed) if (!renamed.has(r)) out.push([removeField(label, r), undefined]);
  for (const a of added) {
    if (renamed.has(a)) continue;
    const def = next.fields[a]!;
    out.push([addField(label, a, def), def.to]);
  }
  for (const n of Object.keys(next.fields)) {
    if (!(n in cur.fields)) continue;
    const def = next.fields[n]!;
    if (!equal(cur.fields[n], def)) out.push([alterField(label, n, def), def.to]);
  }
  return out;
}

/** The entries of `a` with no equal one in `b`: a changed condition is a removal and an addition. */
function diff<T extends IndexDef | ConstraintDef>(a: readonly T[] = [], b: readonly T[] = []): T[] {
  return a.filter((x) => !b.some((y) => equal(x, y)));
}

/**
 * Index and constraint operations: "remove" runs before the field changes (an index may use a
 * field about to go), "add" after them (it may use a field just added).
 */
export function indexOps(cur: ModelState, next: ModelState, phase: "remove" | "add"): Operation[] {
  const label = cur.label;
  const c = cur.options;
  const n = next.options;
  if (phase === "remove")
    return [
      ...diff(c.indexes, n.indexes).map((ix) => removeIndex(label, ix.name)),
      ...diff(c.constraints, n.constraints).map((x) => removeConstraint(label, x.name)),
    ];
  return [
    ...diff(n.indexes, c.indexes).map((ix) => addIndex(label, ix)),
    ...diff(n.constraints, c.constraints).map((x) => addConstraint(label, x)),
  ];
}
