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
 * tables must be created and dropped with the models that own them). Each model once. Proxy
 * models are left out: they have no table.
 */
export function managedModels(models: readonly AnyModel[]): AnyModel[] {
  // A proxy has no table: its rows are its concrete model's, which migrations manage.
  const tabled = models.filter((m) => m.meta.proxyFor === undefined);
  const out = new Set<AnyModel>(tabled);
  for (const m of tabled) {
    for (const [name, spec] of m.meta.relations) {
      if (spec.kind === "manyToMany") out.add(throughOf(m, name));
    }
  }
  return [...out];
}
