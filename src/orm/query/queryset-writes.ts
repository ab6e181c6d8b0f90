/**
 * The writing terminals of a queryset over its matching rows: `update()` and `delete()`.
 * @module
 */
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import { deleteCollected, needsCollector } from "./deletion.ts";
import { Computed, Expr, resolve } from "./expressions.ts";
import { updateInherited } from "./inherited-update.ts";
import { checkUnsliced, type State, selectSpec, stateDb } from "./query-state.ts";
import { compileDelete, compileUpdate } from "./statements.ts";

/** UPDATE the rows of `s` with `values` (row properties; `F()` computes); how many matched. */
export async function updateRows(s: State, values: Record<string, unknown>): Promise<number> {
  checkUnsliced(s, "update");
  const meta = s.model.meta;
  // A multi-table child's values live in several tables: one UPDATE each.
  if (meta.parent !== undefined) return updateInherited(s, values);
  const set = Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      const f = meta.byAttr.get(k) ?? meta.byName.get(k);
      if (f === undefined) throw ormError(ERR_ORM_QUERY, `${meta.label} has no field "${k}"`);
      return [f, v instanceof Expr ? new Computed(resolve(meta, v)) : v] as const;
    });
  if (set.length === 0) return 0;
  const conn = await stateDb(s, true).connection();
  const { sql, params } = compileUpdate(meta, selectSpec(s).where, set, conn.dialect.name);
  return (await conn.query(sql, params)).rowCount;
}

/**
 * DELETE the rows of `s`. When foreign keys point at the model (or delete signals have
 * receivers), the instances are loaded first with `load` so onDelete rules and signals apply.
 */
export async function deleteRows(s: State, load: () => PromiseLike<unknown[]>): Promise<number> {
  checkUnsliced(s, "delete");
  const db = stateDb(s, true);
  if (needsCollector(s.model)) {
    const objs = await load();
    if (objs.length === 0) return 0;
    return deleteCollected(s.model, objs as Record<string, unknown>[], db);
  }
  const conn = db.connectionNow() ?? (await db.connection());
  const { sql, params } = compileDelete(s.model.meta, selectSpec(s).where, conn.dialect.name);
  return (await conn.query(sql, params)).rowCount;
}
