/**
 * Deleting with the onDelete rules applied by Flagon, as Django does: before any row goes,
 * collect every row that points at it, following CASCADE to its own dependants, refusing on
 * PROTECT (and on RESTRICT unless the row is being deleted by a cascade anyway), setting the key
 * to NULL for SET_NULL, leaving DO_NOTHING to the database. Then, in one transaction: preDelete
 * signals, the SET NULL updates, the deletes children first, postDelete signals. When nothing
 * points at the model and no receiver listens, it is one DELETE, as before.
 * @module
 */
import { atomic, type Database } from "../db/index.ts";
import { ERR_ORM_PROTECTED, ERR_ORM_RESTRICTED, ProtectedError } from "../model/errors.ts";
import type { FieldMap } from "../model/field.ts";
import { concreteMeta, type FieldMeta, tableMeta } from "../model/meta.ts";
import type { AnyModel } from "../model/model.ts";
import { defaultValue } from "../model/db-default.ts";
import { modelOf, modelsBeside, registryVersion } from "../model/registry.ts";
import { postDelete, preDelete } from "../model/signals.ts";
import { cmp, type Node } from "./node.ts";
import type { QuerySet } from "./queryset.ts";
import { compileDelete, compileUpdate } from "./statements.ts";
import { run } from "./using.ts";

type Obj = Record<string, unknown>;
type AnyQs = QuerySet<FieldMap, any>;

interface Inbound {
  readonly model: AnyModel;
  readonly fk: FieldMeta;
}

interface Plan {
  /** Models in the order their rows were first collected (parents before children). */
  readonly order: AnyModel[];
  readonly rows: Map<AnyModel, Map<unknown, Obj>>;
  readonly nullify: { model: AnyModel; fk: FieldMeta; objs: Obj[] }[];
  readonly protect: { model: AnyModel; fk: FieldMeta; objs: Obj[] }[];
  readonly restrict: { model: AnyModel; fk: FieldMeta; objs: Obj[] }[];
}

const inboundCache = new WeakMap<AnyModel, { version: number; list: Inbound[] }>();

/** Every foreign key, on any model, that points at `model` (cached until a model is declared). */
function inbound(model: AnyModel): Inbound[] {
  const version = registryVersion();
  const hit = inboundCache.get(model);
  if (hit !== undefined && hit.version === version) return hit.list;
  const out: Inbound[] = [];
  // A proxy's rows are its concrete model's: keys to either point at that table.
  const table = concreteMeta(model.meta);
  for (const m of modelsBeside(model)) {
    if (m.meta.proxyFor !== undefined) continue;
    // A multi-table child's inherited keys are its parent's, counted there.
    for (const fk of tableMeta(m.meta).fields) {
      if (fk.spec.kind !== "foreignKey") continue;
      if (concreteMeta((fk.spec.target!() as AnyModel).meta) === table) out.push({ model: m, fk });
    }
  }
  inboundCache.set(model, { version, list: out });
  return out;
}

/** Whether deleting `model`'s rows needs the collector (anything points at it, or listens). */
export function needsCollector(model: AnyModel): boolean {
  return (
    preDelete.hasReceivers(model) ||
    postDelete.hasReceivers(model) ||
    inbound(model).length > 0 ||
    model.meta.parent !== undefined
  );
}

async function collect(
  plan: Plan,
  model: AnyModel,
  objs: Obj[],
  db: Database,
  keepParents = false,
): Promise<void> {
  const pk = model.meta.pk.attr;
  // `keepParents` (the deleted instances only, never what cascades from them, as in Django):
  // the ancestors' rows stay, and so does everything that points at them.
  const parent = keepParents ? undefined : parentModel(model);
  // A multi-table child's parent goes in the order first, so its rows are deleted after.
  if (parent !== undefined && !plan.rows.has(parent)) {
    plan.rows.set(parent, new Map());
    plan.order.push(parent);
  }
  let seen = plan.rows.get(model);
  if (seen === undefined) {
    seen = new Map();
    plan.rows.set(model, seen);
    plan.order.push(model);
  }
  const fresh = objs.filter((o) => !seen.has(o[pk]));
  for (const o of fresh) seen.set(o[pk], o);
  if (fresh.length === 0) return;
  const keys = fresh.map((o) => o[pk]);
  if (parent !== undefined) {
    // Deleting a child deletes its parent's row too (and what points at that), as Django does.
    const pm = parent.meta;
    const rows = (await (parent.objects as AnyQs)
      .using(db)
      .whereNode(cmp(pm.table, pm.pk, "in", keys))) as Obj[];
    await collect(plan, parent, rows, db);
  }
  for (const { model: child, fk } of inbound(model)) {
    const rule = fk.spec.onDelete ?? "cascade";
    if (rule === "doNothing") continue;
    let found = (await (child.objects as AnyQs)
      .using(db)
      .whereNode(cmp(child.meta.table, fk, "in", keys))) as Obj[];
    // A child being deleted reaches its parent's rows through its own link: as in Django, that
    // link's rule (a declared parent link may protect) applies to the parent's deletion only.
    if (fk.spec.parentLink === true) {
      const going = plan.rows.get(child);
      const cpk = child.meta.pk.attr;
      if (going !== undefined) found = found.filter((o) => !going.has(o[cpk]));
    }
    if (found.length === 0) continue;
    if (rule === "cascade") await collect(plan, child, found, db);
    else if (rule === "protect") plan.protect.push({ model: child, fk, objs: found });
    else if (rule === "restrict") plan.restrict.push({ model: child, fk, objs: found });
    else plan.nullify.push({ model: child, fk, objs: found });
  }
}

/** The parent model of a multi-table child. */
function parentModel(model: AnyModel): AnyModel | undefined {
  const p = model.meta.parent;
  return p === undefined ? undefined : modelOf(p.meta);
}

function describe(model: AnyModel, objs: readonly Obj[]): string {
  const pk = model.meta.pk.attr;
  const shown = objs.slice(0, 5).map((o) => `${model.meta.label} ${String(o[pk])}`);
  return shown.join(", ") + (objs.length > 5 ? ` and ${objs.length - 5} more` : "");
}

function refuse(plan: Plan, root: AnyModel): void {
  if (plan.protect.length > 0) {
    const p = plan.protect[0]!;
    throw new ProtectedError(
      ERR_ORM_PROTECTED,
      `Foreign key ${p.model.meta.label}.${p.fk.name} protects ${describe(p.model, p.objs)}: cannot delete the ${root.meta.label} rows they point at`,
      plan.protect.flatMap((x) => x.objs),
    );
  }
  // RESTRICT allows the delete when the pointing rows go too, by a cascade from elsewhere.
  const left = plan.restrict
    .map((r) => {
      const going = plan.rows.get(r.model);
      const pk = r.model.meta.pk.attr;
      return { ...r, objs: r.objs.filter((o) => !going?.has(o[pk])) };
    })
    .filter((r) => r.objs.length > 0);
  if (left.length > 0) {
    const r = left[0]!;
    throw new ProtectedError(
      ERR_ORM_RESTRICTED,
      `Foreign key ${r.model.meta.label}.${r.fk.name} restricts ${describe(r.model, r.objs)}: cannot delete the ${root.meta.label} rows they point at outside a cascade`,
      left.flatMap((x) => x.objs),
    );
  }
}

export interface DeleteOptions {
  /** A multi-table child: delete its own table's row only, keeping its ancestors' rows. */
  readonly keepParents?: boolean;
}

/** Delete `objs` (instances of `model`) and what the onDelete rules take with them. */
export async function deleteCollected(
  model: AnyModel,
  objs: Obj[],
  db: Database,
  options: DeleteOptions = {},
): Promise<number> {
  return atomic(
    async () => {
      const plan: Plan = {
        order: [],
        rows: new Map(),
        nullify: [],
        protect: [],
        restrict: [],
      };
      await collect(plan, model, objs, db, options.keepParents === true);
      refuse(plan, model);
      for (const m of plan.order)
        for (const o of plan.rows.get(m)!.values())
          await preDelete.send({ sender: m, instance: o, using: db });
      for (const { model: m, fk, objs: found } of plan.nullify) {
        const pk = m.meta.pk;
        const value = fk.spec.onDelete === "setNull" ? null : defaultOf(fk);
        const where: Node = cmp(
          m.meta.table,
          pk,
          "in",
          found.map((o) => o[pk.attr]),
        );
        await run(db, (d) => compileUpdate(tableMeta(m.meta), where, [[fk, value]], d));
        for (const o of found) o[fk.attr] = value;
      }
      let count = 0;
      for (const m of [...plan.order].reverse()) {
        const pk = m.meta.pk;
        const keys = [...plan.rows.get(m)!.keys()];
        if (keys.length === 0) continue;
        const res = await run(db, (d) =>
          compileDelete(tableMeta(m.meta), cmp(m.meta.table, pk, "in", keys), d),
        );
        if (m === model) count = res.rowCount;
      }
      for (const m of plan.order)
        for (const o of plan.rows.get(m)!.values()) {
          await postDelete.send({ sender: m, instance: o, using: db });
          o[m.meta.pk.attr] = null;
        }
      return count;
    },
    { using: db },
  );
}

function defaultOf(fk: FieldMeta): unknown {
  return defaultValue(fk);
}
