/**
 * Field names given to the bulk writes (`bulkUpdate(fields)`, `bulkCreate`'s `uniqueFields` and
 * `updateFields`), resolved to columns with one message per way they can be wrong.
 * @module
 */
import { ormError } from "../model/errors.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import { modelOf } from "../model/registry.ts";
import { relationsOf } from "../model/relations.ts";

/**
 * The concrete field called `name` (row property or declared name); an error with `code` when
 * there is none, when it is a relation without a column, or (unless `pkAllowed`) the key.
 */
export function concreteField(
  meta: ModelMeta,
  name: string,
  what: string,
  code: string,
  pkAllowed: boolean,
): FieldMeta {
  const f = meta.byAttr.get(name) ?? meta.byName.get(name);
  if (f === undefined) {
    const model = modelOf(meta);
    if (meta.relations.has(name) || (model !== undefined && relationsOf(model).has(name)))
      throw ormError(
        code,
        `${what}: "${name}" of ${meta.label} is a many-to-many or reverse relation, not a column; write its links through the relation's manager`,
      );
    throw ormError(code, `${what}: ${meta.label} has no field "${name}"`);
  }
  if (f.primaryKey && !pkAllowed)
    throw ormError(code, `${what}: the primary key "${name}" cannot be written`);
  return f;
}

/** `concreteField` for each name, duplicates dropped. */
export function concreteFields(
  meta: ModelMeta,
  names: readonly string[],
  what: string,
  code: string,
  pkAllowed: boolean,
): FieldMeta[] {
  const out: FieldMeta[] = [];
  for (const name of names) {
    const f = concreteField(meta, name, what, code, pkAllowed);
    if (!out.includes(f)) out.push(f);
  }
  return out;
}

/** A `batchSize` option: a positive whole number, or the default when absent. */
export function batchSizeOf(
  size: number | undefined,
  fallback: number,
  what: string,
  code: string,
): number {
  if (size === undefined) return fallback;
  if (!Number.isSafeInteger(size) || size < 1)
    throw ormError(code, `${what}: batchSize is a positive whole number`);
  return size;
}
