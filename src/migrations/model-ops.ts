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
  defaultColumn,
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

function snakeName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/**
 * The auto-created through models of `label`'s many-to-many fields (`app.Model_field`, a
 * foreign key `from` to it, table `<table>_<field>`), with the table each gets under `table`.
 */
function throughTables(state: ProjectState, label: string, table: string): Map<string, string> {
  const m = getModel(state, label);
  const out = new Map<string, string>();
  for (const [l, ms] of state) {
    if (!l.startsWith(`${label}_`) || ms.fields.from?.to !== label) continue;
    const field = snakeName(l.slice(label.length + 1));
    if (ms.options.table === `${m.options.table}_${field}`) out.set(l, `${table}_${field}`);
  }
  return out;
}

/**
 * `ms` under table `table`: unique constraints named after the old table (model() names them
 * `<table>_<columns>_uniq`, and the migration renames them in the database) take the new name.
 */
function retabled(ms: ModelState, table: string): ModelState {
  const old = ms.options.table;
  const col = (n: string) => {
    const def = ms.fields[n];
    return def === undefined ? n : (def.column ?? defaultColumn(n, def));
  };
  const constraints = ms.options.constraints?.map((c) =>
    c.name === `${old}_${c.fields.map(col).join("_")}_uniq`
      ? { ...c, name: `${table}_${c.fields.map(col).join("_")}_uniq` }
      : c,
  );
  return { ...ms, options: { ...ms.options, table, ...(constraints ? { constraints } : {}) } };
}

/**
 * Change a model's table (its `table` option). As Django's AlterModelTable, the tables of its
 * auto-created many-to-many through models follow; derived constraint and index names, and
 * the names of foreign keys pointing at the renamed tables, are kept in step.
 */
export function alterModelTable(label: string, table: string): Operation {
  const steps = (ctx: StepContext): Step[] => {
    const from = ctx.fromMeta(label);
    const to = ctx.toMeta(label);
    if (from.table === to.table) return [];
    const moved = [label, ...throughTables(ctx.from, label, to.table).keys()];
    const out: Step[] = [];
    for (const l of moved) {
      const a = ctx.fromMeta(l);
      const b = ctx.toMeta(l);
      if (a.table !== b.table) out.push(renameTableSql(a.table, b.table, ctx.dialect));
      out.push(...renameDerivedNamesSql(a, b, ctx.dialect));
    }
    // Foreign keys elsewhere are named after the renamed tables too.
    for (const [l, m] of ctx.to) {
      if (moved.includes(l) || !Object.values(m.fields).some((f) => moved.includes(f.to ?? "")))
        continue;
      out.push(...renameDerivedNamesSql(ctx.fromMeta(l), ctx.toMeta(l), ctx.dialect));
    }
    return out;
  };
  return {
    type: "alterModelTable",
    describe: () => `Rename table for ${label} to ${table}`,
    fragment: () => `alter_${lower(label)}_table`,
    apply(state: ProjectState) {
      const throughs = throughTables(state, label, table);
      const next = new Map(state).set(label, retabled(getModel(state, label), table));
      for (const [l, t] of throughs) next.set(l, retabled(getModel(state, l), t));
      return next;
    },
    forwards: steps,
    backwards: (ctx) => steps(ctx.reversed()),
    toCode: () => `op.alterModelTable(${JSON.stringify(label)}, ${JSON.stringify(table)})`,
  };
}
