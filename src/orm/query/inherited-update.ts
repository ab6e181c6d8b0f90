/**
 * `update()` on a multi-table child (`Restaurant.objects.filter(...).update({ name, stars })`):
 * the values live in two tables or more, and an UPDATE names one. So the matching keys are read
 * first (the filter may name any field, the parent's included), then each table whose fields
 * are set gets one `UPDATE ... WHERE key IN (...)`, parents first, all in one transaction. An
 * `F()` value is computed in the table being updated, so it may name only that table's fields.
 * @module
 */
import { atomic } from "../db/index.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import { fromDb } from "../model/convert.ts";
import { Computed, Expr, resolve } from "./expressions.ts";
import { cmp } from "./node.ts";
import { type State, selectSpec, stateDb } from "./query-state.ts";
import { compileSelect, compileUpdate } from "./statements.ts";
import { run } from "./using.ts";

/** The tables of a multi-table child, the root parent's first, each as its own meta. */
function levels(meta: ModelMeta): ModelMeta[] {
  return meta.parent === undefined ? [meta] : [...levels(meta.parent.meta), meta.local!];
}

/** UPDATE the rows of `s` (a multi-table child's queryset) table by table; how many matched. */
export async function updateInherited(s: State, values: Record<string, unknown>): Promise<number> {
  const meta = s.model.meta;
  const given = Object.entries(values).filter(([, v]) => v !== undefined);
  for (const [k] of given)
    if (!meta.byAttr.has(k) && !meta.byName.has(k))
      throw ormError(ERR_ORM_QUERY, `${meta.label} has no field "${k}"`);
  if (given.length === 0) return 0;
  const db = stateDb(s, true);
  return atomic(
    async () => {
      const conn = await db.connection();
      const dialect = conn.dialect.name;
      const q = compileSelect(selectSpec(s, { columns: [meta.pk], order: [] }), dialect);
      const keys = (await conn.query(q.sql, q.params)).rows.map((r) =>
        fromDb(meta.pk, r[meta.pk.column], dialect),
      );
      if (keys.length === 0) return 0;
      for (const level of levels(meta)) {
        const set: [FieldMeta, unknown][] = [];
        for (const [k, v] of given) {
          const f = (meta.byAttr.get(k) ?? meta.byName.get(k))!;
          if (!level.fields.includes(f)) continue;
          set.push([f, v instanceof Expr ? new Computed(resolve(level, v)) : v]);
        }
        if (set.length === 0) continue;
        const where = cmp(level.table, level.pk, "in", keys);
        await run(db, (d) => compileUpdate(level, where, set, d));
      }
      return keys.length;
    },
    { using: db },
  );
}
