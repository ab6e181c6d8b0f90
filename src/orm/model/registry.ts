/**
 * Every declared model, so a model can find the foreign keys and many-to-many fields that point
 * at it (its reverse relations). Models are kept by identity: two test files may declare the
 * same label, and a foreign key names its target by a function returning the model itself.
 * @module
 */
import type { ModelMeta } from "./meta.ts";
import type { AnyModel } from "./model.ts";

const byMeta = new Map<ModelMeta, AnyModel>();
let version = 0;

export function registerModel(m: AnyModel): void {
  byMeta.set(m.meta, m);
  version++;
}

/** Bumped by each declaration, so caches of reverse relations know when to rebuild. */
export function registryVersion(): number {
  return version;
}

/** Every declared model, in declaration order (auto-created through models included). */
export function allModels(): AnyModel[] {
  return [...byMeta.values()];
}

export function modelOf(meta: ModelMeta): AnyModel | undefined {
  return byMeta.get(meta);
}
