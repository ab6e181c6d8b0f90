/**
 * An app as migrations see it. `defineApp` (a later issue) will produce these; until then a
 * plain list is passed to every command.
 * @module
 */
import { type AnyModel, throughOf } from "../orm/index.ts";

export interface MigrationsApp {
  /** The app part of the models' labels (`"shop"` for `model("shop.Book", ...)`). */
  readonly label: string;
  readonly models: readonly AnyModel[];
  /** The folder holding `0001_initial.ts`, ... (created by makemigrations when missing). */
  readonly migrationsDir: string;
}

/**
 * The models whose tables migrations manage: the ones listed, plus the through model of each
 * many-to-many field among them (auto-created ones are never listed by hand, and their link
 * tables must be created and dropped with the models that own them). Each model once.
 */
export function managedModels(models: readonly AnyModel[]): AnyModel[] {
  const out = new Set<AnyModel>(models);
  for (const m of models) {
    for (const [name, spec] of m.meta.relations) {
      if (spec.kind === "manyToMany") out.add(throughOf(m, name));
    }
  }
  return [...out];
}
