/**
 * `getOrCreate` and `updateOrCreate`: a lookup that falls back to an INSERT made from the
 * lookup's exact values plus `defaults`.
 * @module
 */
import { atomic, type Database, IntegrityError } from "../db/index.ts";
import { DoesNotExist } from "../model/errors.ts";
import type { ModelMeta } from "../model/meta.ts";
import { isPlainObject } from "./node.ts";

type Obj = Record<string, unknown>;

/** The queryset methods these use (structural, to keep queryset.ts out of the imports). */
export interface Lookup<T> {
  get(where: never): Promise<T>;
  create(values: never): Promise<T>;
}

/** The exact (non-lookup) values of a filter, as row properties, plus `defaults`. */
function createValues(meta: ModelMeta, where: Obj, defaults: Obj): Obj {
  const values: Obj = {};
  for (const [k, v] of Object.entries(where)) {
    if (k === "OR" || k === "AND" || k === "NOT" || isPlainObject(v)) continue;
    const f = meta.byName.get(k) ?? meta.byAttr.get(k);
    if (f !== undefined) values[f.attr] = v;
  }
  return { ...values, ...defaults };
}

/** The row matching `where`, or a new one; a lost race to insert reads the winner's row. */
export async function getOrCreate<T>(
  qs: Lookup<T>,
  meta: ModelMeta,
  db: Database,
  where: Obj,
  defaults: Obj,
): Promise<[T, boolean]> {
  try {
    return [await qs.get(where as never), false];
  } catch (err) {
    if (!(err instanceof DoesNotExist)) throw err;
  }
  try {
    // A savepoint, so a lost race (a unique violation) leaves an enclosing transaction usable.
    const values = createValues(meta, where, defaults);
    const created = await atomic(() => qs.create(values as never), { using: db });
    return [created, true];
  } catch (err) {
    if (!(err instanceof IntegrityError)) throw err;
    return [await qs.get(where as never), false];
  }
}

/** Update the row matching `where` with `defaults`, or create it; in one transaction. */
export function updateOrCreate<T extends { save(): Promise<void> }>(
  qs: Lookup<T>,
  meta: ModelMeta,
  db: Database,
  where: Obj,
  defaults: Obj,
): Promise<[T, boolean]> {
  return atomic(
    async (): Promise<[T, boolean]> => {
      let obj: T;
      try {
        obj = await qs.get(where as never);
      } catch (err) {
        if (!(err instanceof DoesNotExist)) throw err;
        return [await qs.create(createValues(meta, where, defaults) as never), true];
      }
      Object.assign(obj, defaults);
      await obj.save();
      return [obj, false];
    },
    { using: db },
  );
}
