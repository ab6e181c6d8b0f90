/**
 * Operations on whole models: create, delete, rename.
 * @module
 */
import { createModelSql, deleteModelSql } from "../orm/index.ts";
import { ERR_MIGRATIONS_STATE, migrationsError } from "./errors.ts";
import { tsLiteral } from "./literal.ts";
import { lower, type Operation } from "./operation.ts";
import {
  appOf,
  type FieldDef,
  getModel,
  type ModelOptionsDef,
  type ModelState,
  type ProjectState,
} from "./state.ts";
import { moveSteps, retabled, throughsOf, throughTable } from "./table-moves.ts";

export function createModel(
  label: string,
  fields: Readonly<Record<string, FieldDef>>,
  options: ModelOptionsDef,
): Operation {
  return {
    type: "createModel",
    describe: () => `Create model ${label}`,
    fragment: () => lower(label),
    apply(state) {
      if (state.has(label))
        throw migrationsError(ERR_MIGRATIONS_STATE, `Model "${label}" already exists`);
      return new Map(state).set(label, { label, fields, options });
    },
    forwards: (ctx) => createModelSql(ctx.toMeta(label), ctx.dialect),
    backwards: (ctx) => [deleteModelSql(ctx.toMeta(label), ctx.dialect)],
    toCode: (i) =>
      `op.createModel(${JSON.stringify(label)}, ${tsLiteral(fields, i)}, ${tsLiteral(options, i)})`,
  };
}

export function deleteModel(label: string): Operation {
  return {
    type: "deleteModel",
    describe: () => `Delete model ${label}`,
    fragment: () => `delete_${lower(label)}`,
    apply(state) {
      getModel(state, label);
      const next = new Map(state);
      next.delete(label);
      return next;
    },
    forwards: (ctx) => [deleteModelSql(ctx.fromMeta(label), ctx.dialect)],
    backwards: (ctx) => createModelSql(ctx.fromMeta(label), ctx.dialect),
    toCode: () => `op.deleteModel(${JSON.stringify(label)})`,
  };
}

function defaultTable(label: string): string {
  return `${appOf(label)}_${lower(label)}`;
}

/** `a` renamed to `b` with its auto-created through models (`a_field` becomes `b_field`). */
function renames(state: ProjectState, a: string, b: string): Map<string, string> {
  return new Map([
    [a, b],
    ...throughsOf(state, a).map((t) => [t.label, `${b}_${t.field}`] as const),
  ]);
}

/**
 * Rename a model within its app. As Django's RenameModel, a table that had the default name
 * follows the new name, the auto-created through models of its many-to-many fields follow
 * (label, and table when it was derived), and so do the constraint and index names derived
 * from the tables, in the state and in the database.
 */
export function renameModel(from: string, to: string): Operation {
  if (appOf(from) !== appOf(to))
    throw migrationsError(ERR_MIGRATIONS_STATE, `renameModel cannot move ${from} to another app`);
  return {
    type: "renameModel",
    describe: () => `Rename model ${from} to ${to}`,
    fragment: () => `rename_${lower(from)}_${lower(to)}`,
    apply(state: ProjectState) {
      const m = getModel(state, from);
      const labels = renames(state, from, to);
      for (const l of labels.values())
        if (state.has(l) && !labels.has(l))
          throw migrationsError(ERR_MIGRATIONS_STATE, `Model "${l}" already exists`);
      const table = m.options.table === defaultTable(from) ? defaultTable(to) : m.options.table;
      const throughs = new Map(throughsOf(state, from).map((t) => [t.label, t]));
      const next = new Map<string, ModelState>();
      for (const [label, ms] of state) {
        const fields: Record<string, FieldDef> = {};
        for (const [n, f] of Object.entries(ms.fields)) {
          const target = f.to === undefined ? undefined : labels.get(f.to);
          fields[n] = target === undefined ? f : { ...f, to: target };
        }
        const now = labels.get(label) ?? label;
        const t = throughs.get(label);
        const newTable =
          label === from
            ? table
            : t?.derivedTable
              ? throughTable(table, t.field)
              : ms.options.table;
        next.set(
          now,
          now === label ? { ...ms, fields } : retabled({ ...ms, fields }, newTable, now),
        );
      }
      return next;
    },
    forwards: (ctx) => moveSteps(ctx, renames(ctx.from, from, to)),
    backwards: (ctx) => {
      const back = ctx.reversed();
      return moveSteps(back, renames(back.from, to, from));
    },
    toCode: () => `op.renameModel(${JSON.stringify(from)}, ${JSON.stringify(to)})`,
  };
}

/**
 * Change a model's table (its `table` option). As Django's AlterModelTable, the tables of its
 * auto-created many-to-many through models follow; derived constraint and index names, and
 * the names of foreign keys pointing at the renamed tables, are kept in step.
 */
export function alterModelTable(label: string, table: string): Operation {
  const same = (state: ProjectState) =>
    new Map([[label, label], ...throughsOf(state, label).map((t) => [t.label, t.label] as const)]);
  return {
    type: "alterModelTable",
    describe: () => `Rename table for ${label} to ${table}`,
    fragment: () => `alter_${lower(label)}_table`,
    apply(state: ProjectState) {
      const next = new Map(state).set(label, retabled(getModel(state, label), table));
      for (const t of throughsOf(state, label))
        if (t.derivedTable)
          next.set(t.label, retabled(getModel(state, t.label), throughTable(table, t.field)));
      return next;
    },
    forwards: (ctx) => moveSteps(ctx, same(ctx.from)),
    backwards: (ctx) => moveSteps(ctx.reversed(), same(ctx.to)),
    toCode: () => `op.alterModelTable(${JSON.stringify(label)}, ${JSON.stringify(table)})`,
  };
}
