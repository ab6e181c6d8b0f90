/**
 * What renameModel and alterModelTable share: moving models to new tables (and labels) with
 * everything named after them. model() names unique-together constraints, unnamed indexes,
 * per-field indexes and foreign keys after the table, and later operations find them by name;
 * so the state renames the generated names it holds, and the database gets statements that
 * rename what it stores: PostgreSQL and MySQL rename in place (MySQL drops and re-adds a foreign
 * key, which it cannot rename); SQLite keeps constraint names only in the table's CREATE text,
 * so each table involved is rebuilt from the new state, as every other SQLite alteration is.
 * @module
 */
import { isDeclared } from "./constraint-defs.ts";
import {
  constraintName,
  type Dialect,
  type ModelMeta,
  rebuildTableSql,
  renameDerivedNamesSql,
  renameTableSql,
  sameColumns,
} from "../orm/index.ts";
import type { Step, StepContext } from "./operation.ts";
import {
  defaultColumn,
  getModel,
  type IndexDef,
  type ModelState,
  type ProjectState,
} from "./state.ts";

function snakeName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** An auto-created through model of a many-to-many field: `app.Model_field`. */
export interface Through {
  readonly label: string;
  /** The many-to-many field's name (`tags`). */
  readonly field: string;
  /** Whether its table is the generated `<model table>_<field>` (and so follows the model's). */
  readonly derivedTable: boolean;
}

/** The auto-created through models of `label`'s many-to-many fields. */
export function throughsOf(state: ProjectState, label: string): Through[] {
  const m = getModel(state, label);
  const out: Through[] = [];
  for (const [l, ms] of state) {
    // model() gives an auto-created through model the label `<label>_<field>` and a key `from`.
    if (!l.startsWith(`${label}_`) || ms.fields.from?.to !== label) continue;
    const field = l.slice(label.length + 1);
    const derivedTable = ms.options.table === `${m.options.table}_${snakeName(field)}`;
    out.push({ label: l, field, derivedTable });
  }
  return out;
}

/** The table a through model of a model at `table` gets for `field`. */
export function throughTable(table: string, field: string): string {
  return `${table}_${snakeName(field)}`;
}

/**
 * `ms` moved to `label` and `table`: unique constraints and indexes named after the old table
 * (model() names them `<table>_<columns>_uniq` and `<table>_<columns>_idx`) take the new
 * table's name; names given by hand stay.
 */
export function retabled(ms: ModelState, table: string, label = ms.label): ModelState {
  const old = ms.options.table;
  const col = (n: string) => {
    const def = ms.fields[n];
    return def === undefined ? n : (def.column ?? defaultColumn(n, def));
  };
  const rename = (suffix: string) => (x: IndexDef) => {
    const cols = x.fields.map(col).join("_");
    return x.name === `${old}_${cols}_${suffix}` ? { ...x, name: `${table}_${cols}_${suffix}` } : x;
  };
  const indexes = ms.options.indexes?.map(rename("idx"));
  // Declared constraints keep the names they were given.
  const constraints = ms.options.constraints?.map((c) => (isDeclared(c) ? c : rename("uniq")(c)));
  return {
    ...ms,
    label,
    options: {
      ...ms.options,
      table,
      ...(indexes ? { indexes } : {}),
      ...(constraints ? { constraints } : {}),
    },
  };
}

/**
 * Indexes renameDerivedNamesSql leaves alone: those not named like a single column's
 * (`<table>_<column>_idx`), e.g. an unnamed index over several fields. Paired by position, as
 * `retabled` keeps the order.
 */
function otherIndexRenames(from: ModelMeta, to: ModelMeta, dialect: Dialect): string[] {
  if (from.indexes.length !== to.indexes.length || dialect.name === "sqlite") return [];
  const q = (s: string) => dialect.quoteIdentifier(s);
  const perColumn = (m: ModelMeta, name: string) =>
    m.fields.some((f) => name === `${m.table}_${f.column}_idx`);
  const out: string[] = [];
  from.indexes.forEach((a, i) => {
    const b = to.indexes[i]!;
    const an = constraintName(a.name);
    const bn = constraintName(b.name);
    if (an === bn || perColumn(from, a.name)) return;
    out.push(
      dialect.name === "postgres"
        ? `alter index ${q(an)} rename to ${q(bn)}`
        : `alter table ${q(to.table)} rename index ${q(an)} to ${q(bn)}`,
    );
  });
  return out;
}

/**
 * The statements that move each model of `moved` (its label before, its label after) to its
 * new table with its derived names, and rename the foreign keys of other models pointing at
 * the moved ones (named after the target's table).
 */
export function moveSteps(ctx: StepContext, moved: ReadonlyMap<string, string>): Step[] {
  const d = ctx.dialect;
  const out: Step[] = [];
  const pairs: Array<[ModelMeta, ModelMeta]> = [];
  const after = new Set<string>();
  for (const [a, b] of moved) {
    const from = ctx.fromMeta(a);
    const to = ctx.toMeta(b);
    // A model keeping its table (one named by hand) keeps every name too.
    if (from.table === to.table) continue;
    out.push(renameTableSql(from.table, to.table, d));
    pairs.push([from, to]);
    after.add(b);
  }
  const before = new Map([...moved].map(([a, b]) => [b, a]));
  for (const [label, m] of ctx.to) {
    if (after.has(label) || !Object.values(m.fields).some((f) => after.has(f.to ?? ""))) continue;
    pairs.push([ctx.fromMeta(before.get(label) ?? label), ctx.toMeta(label)]);
  }
  for (const [from, to] of pairs) {
    if (d.name === "sqlite") out.push(...rebuildTableSql(to, sameColumns(from, to, d), d));
    else out.push(...renameDerivedNamesSql(from, to, d), ...otherIndexRenames(from, to, d));
  }
  return out;
}
