/**
 * Operations on one field: add, remove, alter, rename.
 * @module
 */
import {
  addColumnSql,
  alterColumnSql,
  dropColumnSql,
  renameColumnSql,
  renameDerivedNamesSql,
} from "../orm/index.ts";
import { type ConstraintDef, renameInConstraint } from "./constraint-defs.ts";
import { ERR_MIGRATIONS_STATE, migrationsError } from "./errors.ts";
import { tsLiteral } from "./literal.ts";
import { lower, type Operation, type StepContext } from "./operation.ts";
import { type FieldDef, getField, getModel, type IndexDef, type ProjectState } from "./state.ts";

function withFields(
  state: ProjectState,
  label: string,
  change: (fields: Record<string, FieldDef>) => void,
  indexes?: (ix: IndexDef) => IndexDef,
  constraints?: (c: ConstraintDef) => ConstraintDef,
): ProjectState {
  const m = getModel(state, label);
  const fields = { ...m.fields };
  change(fields);
  const options = indexes
    ? {
        ...m.options,
        ...(m.options.indexes ? { indexes: m.options.indexes.map(indexes) } : {}),
        ...(m.options.constraints && constraints
          ? { constraints: m.options.constraints.map(constraints) }
          : {}),
      }
    : m.options;
  return new Map(state).set(label, { label, fields, options });
}

function q(s: string): string {
  return JSON.stringify(s);
}

function add(ctx: StepContext, label: string, name: string, def: FieldDef) {
  const to = ctx.toMeta(label);
  // A NOT NULL column on a table with rows needs a value for them: the field's constant default.
  const fill = def.null ? undefined : def.default;
  return addColumnSql(ctx.fromMeta(label), to, to.byName.get(name)!, ctx.dialect, fill);
}

function drop(ctx: StepContext, label: string, name: string) {
  const from = ctx.fromMeta(label);
  return dropColumnSql(from, ctx.toMeta(label), from.byName.get(name)!, ctx.dialect);
}

export function addField(label: string, name: string, def: FieldDef): Operation {
  return {
    type: "addField",
    describe: () => `Add field ${name} to ${label}`,
    fragment: () => `${lower(label)}_${name.toLowerCase()}`,
    apply: (state) =>
      withFields(state, label, (fields) => {
        if (name in fields)
          throw migrationsError(ERR_MIGRATIONS_STATE, `${label}.${name} already exists`);
        fields[name] = def;
      }),
    forwards: (ctx) => add(ctx, label, name, def),
    backwards: (ctx) => drop(ctx.reversed(), label, name),
    toCode: (i) => `op.addField(${q(label)}, ${q(name)}, ${tsLiteral(def, i)})`,
  };
}

export function removeField(label: string, name: string): Operation {
  return {
    type: "removeField",
    describe: () => `Remove field ${name} from ${label}`,
    fragment: () => `remove_${lower(label)}_${name.toLowerCase()}`,
    apply: (state) =>
      withFields(state, label, (fields) => {
        getField(getModel(state, label), name);
        delete fields[name];
      }),
    forwards: (ctx) => drop(ctx, label, name),
    backwards: (ctx) => add(ctx.reversed(), label, name, getField(getModel(ctx.from, label), name)),
    toCode: () => `op.removeField(${q(label)}, ${q(name)})`,
  };
}

export function alterField(label: string, name: string, def: FieldDef): Operation {
  const alter = (ctx: StepContext) => {
    const from = ctx.fromMeta(label);
    const to = ctx.toMeta(label);
    return alterColumnSql(from, from.byName.get(name)!, to, to.byName.get(name)!, ctx.dialect);
  };
  return {
    type: "alterField",
    describe: () => `Alter field ${name} on ${label}`,
    fragment: () => `alter_${lower(label)}_${name.toLowerCase()}`,
    apply: (state) =>
      withFields(state, label, (fields) => {
        getField(getModel(state, label), name);
        fields[name] = def;
      }),
    forwards: alter,
    backwards: (ctx) => alter(ctx.reversed()),
    toCode: (i) => `op.alterField(${q(label)}, ${q(name)}, ${tsLiteral(def, i)})`,
  };
}

/** Rename a field; its column follows when it had the default column name. */
export function renameField(label: string, from: string, to: string): Operation {
  const columns = (ctx: StepContext, a: string, b: string) => {
    const fromMeta = ctx.fromMeta(label);
    const toMeta = ctx.toMeta(label);
    const fromCol = fromMeta.byName.get(a)!.column;
    const toCol = toMeta.byName.get(b)!.column;
    if (fromCol === toCol) return [];
    return [
      renameColumnSql(fromMeta.table, fromCol, toCol, ctx.dialect),
      ...renameDerivedNamesSql(fromMeta, toMeta, ctx.dialect, new Map([[a, b]])),
    ];
  };
  return {
    type: "renameField",
    describe: () => `Rename field ${from} on ${label} to ${to}`,
    fragment: () => `rename_${from.toLowerCase()}_${lower(label)}_${to.toLowerCase()}`,
    apply(state) {
      const def = getField(getModel(state, label), from);
      return withFields(
        state,
        label,
        (fields) => {
          if (to in fields)
            throw migrationsError(ERR_MIGRATIONS_STATE, `${label}.${to} already exists`);
          delete fields[from];
          // The column follows the new name unless the field named its column explicitly.
          fields[to] = def;
        },
        (ix) => ({ ...ix, fields: ix.fields.map((n) => (n === from ? to : n)) }),
        // A constraint's fields and condition name the field too.
        (c) => renameInConstraint(c, from, to),
      );
    },
    forwards: (ctx) => columns(ctx, from, to),
    backwards: (ctx) => columns(ctx.reversed(), to, from),
    toCode: () => `op.renameField(${q(label)}, ${q(from)}, ${q(to)})`,
  };
}
