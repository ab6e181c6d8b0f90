/**
 * `only()` and `defer()`: which columns an instance query loads. The primary key is always
 * loaded (an instance without one could not be saved or refreshed), as in Django. What is left
 * out is absent from the instances; see `deferredOf` in model/instance.ts for `save()` and
 * `refreshFromDb()`.
 * @module
 */
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";

function fieldsOf(meta: ModelMeta, what: string, keys: readonly string[]): Set<FieldMeta> {
  return new Set(
    keys.map((k) => {
      const f = meta.byAttr.get(k) ?? meta.byName.get(k);
      if (f === undefined)
        throw ormError(ERR_ORM_QUERY, `${what}(): ${meta.label} has no field "${k}"`);
      return f;
    }),
  );
}

/** The columns `only(...keys)` loads, in declaration order. */
export function onlyColumns(meta: ModelMeta, keys: readonly string[]): readonly FieldMeta[] {
  const keep = fieldsOf(meta, "only", keys);
  return meta.fields.filter((f) => f.primaryKey || keep.has(f));
}

/** The columns left after `defer(...keys)` from `current` (deferring again adds to the set). */
export function deferColumns(
  meta: ModelMeta,
  current: readonly FieldMeta[],
  keys: readonly string[],
): readonly FieldMeta[] {
  const drop = fieldsOf(meta, "defer", keys);
  if (drop.has(meta.pk)) throw ormError(ERR_ORM_QUERY, `defer(): the primary key is always loaded`);
  return current.filter((f) => !drop.has(f));
}
