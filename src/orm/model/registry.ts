/**
 * Model registries. Declared models go into the global one, so a model can find the foreign keys
 * and many-to-many fields that point at it (its reverse relations). Migrations build historical
 * models from replayed state into registries of their own (`new ModelRegistry()`), so they never
 * appear in `allModels()` nor stand beside the real models of the same label. Models are kept by
 * identity: two test files may declare the same label, and a foreign key names its target by a
 * function returning the model itself.
 * @module
 */
import type { ModelMeta } from "./meta.ts";
import type { AnyModel } from "./model.ts";

/** A set of models that see each other's relations. */
export class ModelRegistry {
  readonly #byMeta = new Map<ModelMeta, AnyModel>();

  /** Add (or re-add, after `withRelated()`) a model. */
  register(m: AnyModel): void {
    this.#byMeta.set(m.meta, m);
    owner.set(m.meta, { registry: this, model: m });
    version++;
  }

  /** Every model in this registry, in declaration order. */
  all(): AnyModel[] {
    return [...this.#byMeta.values()];
  }
}

/** Each model's registry, by its meta (weak: historical models are dropped with their state). */
const owner = new WeakMap<ModelMeta, { registry: ModelRegistry; model: AnyModel }>();
let version = 0;

/** The registry of declared models. */
export const globalRegistry = new ModelRegistry();

export function registerModel(m: AnyModel, registry: ModelRegistry = globalRegistry): void {
  registry.register(m);
}

/** Bumped by each declaration in any registry, so caches of reverse relations know to rebuild. */
export function registryVersion(): number {
  return version;
}

/** Every declared model, in declaration order (auto-created through models included). */
export function allModels(): AnyModel[] {
  return globalRegistry.all();
}

/** The model of `meta`, whichever registry holds it. */
export function modelOf(meta: ModelMeta): AnyModel | undefined {
  return owner.get(meta)?.model;
}

/** The registry holding `model` (the global one for a model declared before registries). */
export function registryOf(model: AnyModel): ModelRegistry {
  return owner.get(model.meta)?.registry ?? globalRegistry;
}

/** The models that share `model`'s registry (itself included): where its relations are found. */
export function modelsBeside(model: AnyModel): AnyModel[] {
  return (owner.get(model.meta)?.registry ?? globalRegistry).all();
}
