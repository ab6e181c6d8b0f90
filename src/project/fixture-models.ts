/**
 * The models fixtures read and write: those of the installed apps (auto-created many-to-many
 * through models are not among them: their rows travel as key lists on the owning model), found
 * by label without regard to case (`polls.question` as Django writes it), ordered so that the
 * target of every foreign key comes before the models pointing at it.
 * @module
 */
import { type AnyModel, relationsOf, type RelationMeta } from "../orm/index.ts";
import type { Project } from "./create-project.ts";
import { ERR_FIXTURE_MODEL, FixtureError } from "./errors.ts";

/** Models by lower-case label. */
export function modelsByLabel(project: Project): Map<string, AnyModel> {
  return new Map(project.models().map((m) => [m.meta.label.toLowerCase(), m]));
}

/** `models` with foreign key targets first, otherwise in the given order. */
export function dependencyOrder(models: readonly AnyModel[]): AnyModel[] {
  const inSet = new Set(models);
  const out: AnyModel[] = [];
  const state = new Map<AnyModel, "visiting" | "done">();
  const visit = (m: AnyModel) => {
    if (state.has(m)) return; // done, or a cycle: keep the declared order
    state.set(m, "visiting");
    for (const f of m.meta.fields) {
      if (f.spec.kind !== "foreignKey") continue;
      const target = f.spec.target!() as AnyModel;
      if (target !== m && inSet.has(target)) visit(target);
    }
    state.set(m, "done");
    out.push(m);
  };
  for (const m of models) visit(m);
  return out;
}

/** The many-to-many fields whose links a fixture carries: those with an auto-created through. */
export function fixtureManyToMany(m: AnyModel): RelationMeta[] {
  const out: RelationMeta[] = [];
  for (const [name, spec] of m.meta.relations) {
    if (spec.kind !== "manyToMany") continue;
    const rel = relationsOf(m).get(name);
    if (rel !== undefined && rel.through.meta.label === `${m.meta.label}_${name}`) out.push(rel);
  }
  return out;
}

/**
 * The models `labels` name (`app` or `app.Model`; all installed models when empty), minus those
 * `exclude` names, in dependency order. Proxy models are left out.
 */
export function selectModels(
  project: Project,
  labels: readonly string[] = [],
  exclude: readonly string[] = [],
): AnyModel[] {
  const all = project.models();
  const byLabel = modelsByLabel(project);
  const pick = (label: string): AnyModel[] => {
    if (label.includes(".")) {
      const m = byLabel.get(label.toLowerCase());
      if (m === undefined)
        throw new FixtureError(ERR_FIXTURE_MODEL, `no installed model "${label}"`);
      return [m];
    }
    const app = project.getApp(label);
    if (app === undefined)
      throw new FixtureError(ERR_FIXTURE_MODEL, `no installed app with the label "${label}"`);
    return [...app.models];
  };
  const chosen = labels.length === 0 ? all : [...new Set(labels.flatMap(pick))];
  const out = new Set(exclude.flatMap(pick));
  // A proxy's rows are its concrete model's: dumped once, there (as Django's dumpdata does).
  return dependencyOrder(chosen.filter((m) => !out.has(m) && m.meta.proxyFor === undefined));
}
