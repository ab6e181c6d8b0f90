/**
 * Operations on whole models: create, delete, rename.
 * @module
 */
import {
  createModelSql,
  deleteModelSql,
  renameDerivedNamesSql,
  renameTableSql,
} from "../orm/index.ts";
import { ERR_MIGRATIONS_STATE, migrationsError } from "./errors.ts";
import { tsLiteral } from "./literal.ts";
import { lower, type Operation, type Step, type StepContext } from "./operation.ts";
import {
  appOf,
  type FieldDef,
  getModel,
  type ModelOptionsDef,
  type ModelState,
  type ProjectState,
} from "./state.ts";

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

/** Rename a model within its app; a table that had the default name follows the new name. */
export function renameModel(from: string, to: string): Operation {
  if (appOf(from) !== appOf(to))
    throw migrationsError(ERR_MIGRATIONS_STATE, `renameModel cannot move ${from} to another app`);
  // `a`/`b`: the model's label before and after this direction of the rename.
  const steps = (ctx: StepContext, a: string, b: string): Step[] => {
    const from = ctx.fromMeta(a);
    const to = ctx.toMeta(b);
    const out: Step[] =
      from.table === to.table ? [] : [renameTableSql(from.table, to.table, ctx.dialect)];
    out.push(...renameDerivedNamesSql(from, to, ctx.dialect));
    // Foreign keys elsewhere are named after this table too.
    for (const [label, m] of ctx.to) {
      if (label === b || !Object.values(m.fields).some((f) => f.to === b)) continue;
      out.push(...renameDerivedNamesSql(ctx.fromMeta(label), ctx.toMeta(label), ctx.dialect));
    }
    return out;
  };
  return {
    type: "renameModel",
    describe: () => `Rename model ${from} to ${to}`,
    fragment: () => `rename_${lower(from)}_${lower(to)}`,
    apply(state: ProjectState) {
      const m = getModel(state, from);
      if (state.has(to))
        throw migrationsError(ERR_MIGRATIONS_STATE, `Model "${to}" already exists`);
      const table = m.options.table === defaultTable(from) ? defaultTable(to) : m.options.table;
      const next = new Map<string, ModelState>();
      for (const [label, ms] of state) {
        const fields: Record<string, FieldDef> = {};
        for (const [n, f] of Object.entries(ms.fields))
          fields[n] = f.to === from ? { ...f, to } : f;
        if (label === from) next.set(to, { label: to, fields, options: { ...m.options, table } });
        else next.set(label, { ...ms, fields });
      }
      return next;
    },
    forwards: (ctx) => steps(ctx, from, to),
    backwards: (ctx) => steps(ctx.reversed(), to, from),
    toCode: () => `op.renameModel(${JSON.stringify(from)}, ${JSON.stringify(to)})`,
  };
}
