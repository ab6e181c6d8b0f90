/**
 * Operations on a model's declared indexes and its named constraints: unique-together sets, and
 * declared check and unique constraints (see constraint-defs.ts).
 * @module
 */
import {
  addConstraintSql,
  addUniqueSql,
  type ConstraintMeta,
  dropConstraintSql,
  dropIndexSql,
  dropUniqueTogetherSql,
  type IndexMeta,
  indexSql,
  type ModelMeta,
  rebuildTableSql,
  sameColumns,
} from "../orm/index.ts";
import { type ConstraintDef, isDeclared } from "./constraint-defs.ts";
import { ERR_MIGRATIONS_STATE, migrationsError } from "./errors.ts";
import { tsLiteral } from "./literal.ts";
import { lower, type Operation, type StepContext } from "./operation.ts";
import { getModel, type IndexDef, type ModelOptionsDef, type ProjectState } from "./state.ts";

type Slot = "indexes" | "constraints";

type Entry = IndexDef | ConstraintDef;

function change(
  state: ProjectState,
  label: string,
  slot: Slot,
  edit: (list: Entry[]) => Entry[],
): ProjectState {
  const m = getModel(state, label);
  const list = edit([...(m.options[slot] ?? [])]);
  const options: ModelOptionsDef = { ...m.options, [slot]: list };
  if (list.length === 0) delete (options as { [k in Slot]?: unknown })[slot];
  return new Map(state).set(label, { ...m, options });
}

function adder(slot: Slot, label: string, def: Entry) {
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

function constraintOf(state: ProjectState, label: string, name: string): ConstraintDef {
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

/** A declared constraint `name` as the built model has it. */
function findDeclared(meta: ModelMeta, name: string): ConstraintMeta {
  const c = meta.constraints.find((x) => x.name === name);
  if (c === undefined) throw migrationsError(ERR_MIGRATIONS_STATE, `No constraint "${name}"`);
  return c;
}

/** SQLite's rebuild of the table from `ctx`'s before-state to its after-state. */
function rebuild(ctx: StepContext, label: string): () => string[] {
  return () => {
    const to = ctx.toMeta(label);
    return rebuildTableSql(to, sameColumns(ctx.fromMeta(label), to, ctx.dialect), ctx.dialect);
  };
}

function add(ctx: StepContext, label: string, def: ConstraintDef) {
  if (!isDeclared(def)) return addUnique(ctx, label, def);
  const to = ctx.toMeta(label);
  return addConstraintSql(to, findDeclared(to, def.name), ctx.dialect, rebuild(ctx, label));
}

function drop(ctx: StepContext, label: string, def: ConstraintDef) {
  if (!isDeclared(def)) return dropUnique(ctx, label, def);
  const from = ctx.fromMeta(label);
  return dropConstraintSql(from, findDeclared(from, def.name), ctx.dialect, rebuild(ctx, label));
}

/**
 * Add a constraint: a unique-together set (`{ name, fields }`), or a declared check or unique
 * constraint (`{ kind: "check", name, condition }`, `{ kind: "unique", name, fields, condition? }`).
 */
export function addConstraint(label: string, def: ConstraintDef): Operation {
  return {
    type: "addConstraint",
    describe: () => `Create constraint ${def.name} on ${label}`,
    fragment: () => `${lower(label)}_${def.name.toLowerCase()}`,
    apply: adder("constraints", label, isDeclared(def) ? def : { ...def, unique: true }),
    forwards: (ctx) => add(ctx, label, def),
    backwards: (ctx) => drop(ctx.reversed(), label, def),
    toCode: (i) => `op.addConstraint(${JSON.stringify(label)}, ${tsLiteral(def, i)})`,
  };
}

export function removeConstraint(label: string, name: string): Operation {
  return {
    type: "removeConstraint",
    describe: () => `Remove constraint ${name} from ${label}`,
    fragment: () => `remove_${lower(label)}_${name.toLowerCase()}`,
    apply: remover("constraints", label, name),
    forwards: (ctx) => drop(ctx, label, constraintOf(ctx.from, label, name)),
    backwards: (ctx) => add(ctx.reversed(), label, constraintOf(ctx.from, label, name)),
    toCode: () => `op.removeConstraint(${JSON.stringify(label)}, ${JSON.stringify(name)})`,
  };
}
