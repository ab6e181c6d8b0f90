/**
 * Operations on a model's declared indexes and its named unique constraints.
 * @module
 */
import {
  addUniqueSql,
  dropIndexSql,
  dropUniqueTogetherSql,
  type IndexMeta,
  indexSql,
  type ModelMeta,
} from "../orm/index.ts";
import { ERR_MIGRATIONS_STATE, migrationsError } from "./errors.ts";
import { tsLiteral } from "./literal.ts";
import { lower, type Operation, type StepContext } from "./operation.ts";
import { getModel, type IndexDef, type ModelOptionsDef, type ProjectState } from "./state.ts";

type Slot = "indexes" | "constraints";

function change(
  state: ProjectState,
  label: string,
  slot: Slot,
  edit: (list: IndexDef[]) => IndexDef[],
): ProjectState {
  const m = getModel(state, label);
  const list = edit([...(m.options[slot] ?? [])]);
  const options: ModelOptionsDef = { ...m.options, [slot]: list };
  if (list.length === 0) delete (options as { [k in Slot]?: unknown })[slot];
  return new Map(state).set(label, { ...m, options });
}

function adder(slot: Slot, label: string, def: IndexDef) {
  return (state: ProjectState) =>
    change(state, label, slot, (list) => {
      if (list.some((x) => x.name === def.name))
        throw migrationsError(ERR_MIGRATIONS_STATE, `${label} already has "${def.name}"`);
      return [...list, def];
    });
}

function remover(slot: Slot, label: string, name: string) {
  return (state: ProjectState) =>
    change(state, label, slot, (list) => {
      if (!list.some((x) => x.name === name))
        throw migrationsError(ERR_MIGRATIONS_STATE, `${label} has no "${name}"`);
      return list.filter((x) => x.name !== name);
    });
}

/** The index `name` as the built model has it. */
function findIndex(meta: ModelMeta, name: string): IndexMeta {
  const ix = meta.indexes.find((x) => x.name === name);
  if (ix === undefined) throw migrationsError(ERR_MIGRATIONS_STATE, `No index "${name}"`);
  return ix;
}

/** A unique constraint by its fields' columns (model() names constraints from them). */
function findUnique(meta: ModelMeta, def: IndexDef): IndexMeta {
  const cols = def.fields.map((n) => meta.byName.get(n)?.column);
  const u = meta.uniqueTogether.find((x) => x.columns.join() === cols.join());
  if (u === undefined) throw migrationsError(ERR_MIGRATIONS_STATE, `No constraint "${def.name}"`);
  return u;
}

export function addIndex(label: string, def: IndexDef): Operation {
  return {
    type: "addIndex",
    describe: () => `Create index ${def.name} on ${label}`,
    fragment: () => `${lower(label)}_${def.name.toLowerCase()}`,
    apply: adder("indexes", label, def),
    forwards: (ctx) => [
      indexSql(ctx.toMeta(label), findIndex(ctx.toMeta(label), def.name), ctx.dialect),
    ],
    backwards: (ctx) => [
      dropIndexSql(ctx.toMeta(label), findIndex(ctx.toMeta(label), def.name), ctx.dialect),
    ],
    toCode: (i) => `op.addIndex(${JSON.stringify(label)}, ${tsLiteral(def, i)})`,
  };
}

export function removeIndex(label: string, name: string): Operation {
  return {
    type: "removeIndex",
    describe: () => `Remove index ${name} from ${label}`,
    fragment: () => `remove_${lower(label)}_${name.toLowerCase()}`,
    apply: remover("indexes", label, name),
    forwards: (ctx) => [
      dropIndexSql(ctx.fromMeta(label), findIndex(ctx.fromMeta(label), name), ctx.dialect),
    ],
    backwards: (ctx) => [
      indexSql(ctx.fromMeta(label), findIndex(ctx.fromMeta(label), name), ctx.dialect),
    ],
    toCode: () => `op.removeIndex(${JSON.stringify(label)}, ${JSON.stringify(name)})`,
  };
}

function constraintOf(state: ProjectState, label: string, name: string): IndexDef {
  const c = getModel(state, label).options.constraints?.find((x) => x.name === name);
  if (c === undefined) throw migrationsError(ERR_MIGRATIONS_STATE, `${label} has no "${name}"`);
  return c;
}

function addUnique(ctx: StepContext, label: string, def: IndexDef) {
  const to = ctx.toMeta(label);
  return addUniqueSql(ctx.fromMeta(label), to, findUnique(to, def), ctx.dialect);
}

function dropUnique(ctx: StepContext, label: string, def: IndexDef) {
  const from = ctx.fromMeta(label);
  return dropUniqueTogetherSql(from, ctx.toMeta(label), findUnique(from, def), ctx.dialect);
}

/** A unique constraint over `def.fields`. */
export function addConstraint(label: string, def: IndexDef): Operation {
  return {
    type: "addConstraint",
    describe: () => `Create constraint ${def.name} on ${label}`,
    fragment: () => `${lower(label)}_${def.name.toLowerCase()}`,
    apply: adder("constraints", label, { ...def, unique: true }),
    forwards: (ctx) => addUnique(ctx, label, def),
    backwards: (ctx) => dropUnique(ctx.reversed(), label, def),
    toCode: (i) => `op.addConstraint(${JSON.stringify(label)}, ${tsLiteral(def, i)})`,
  };
}

export function removeConstraint(label: string, name: string): Operation {
  return {
    type: "removeConstraint",
    describe: () => `Remove constraint ${name} from ${label}`,
    fragment: () => `remove_${lower(label)}_${name.toLowerCase()}`,
    apply: remover("constraints", label, name),
    forwards: (ctx) => dropUnique(ctx, label, constraintOf(ctx.from, label, name)),
    backwards: (ctx) => addUnique(ctx.reversed(), label, constraintOf(ctx.from, label, name)),
    toCode: () => `op.removeConstraint(${JSON.stringify(label)}, ${JSON.stringify(name)})`,
  };
}
