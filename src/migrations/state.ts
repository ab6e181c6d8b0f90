/**
 * The project state: every model as plain data (no functions), as the migration files describe
 * it. Replaying the files' operations builds it; `fromModels` reads it off declared models; the
 * autodetector compares the two. `toModels` turns it back into real (historical) models for the
 * schema editor and for data migrations.
 * @module
 */
import {
  type AnyModel,
  concreteMeta,
  type DbDefaultDef,
  Duration,
  Field,
  type FieldKind,
  type FieldMeta,
  type FieldSpec,
  model,
  ModelRegistry,
  type OnDelete,
  TABLE_ONLY,
  tableMeta,
} from "../orm/index.ts";
import { type ConstraintDef, constraintDef, declared, isDeclared } from "./constraint-defs.ts";
import { ERR_MIGRATIONS_STATE, migrationsError } from "./errors.ts";

/** A field as a migration file spells it: serializable, comparable with JSON. */
export interface FieldDef {
  readonly kind: FieldKind;
  readonly primaryKey?: boolean;
  readonly null?: boolean;
  readonly unique?: boolean;
  readonly index?: boolean;
  readonly maxLength?: number;
  readonly maxDigits?: number;
  readonly decimalPlaces?: number;
  /** Only when it differs from the name's default column. */
  readonly column?: string;
  /** A foreign key's target, as `"app.Model"`. */
  readonly to?: string;
  readonly onDelete?: OnDelete;
  readonly oneToOne?: boolean;
  /** The link of a multi-table child's table to its parent's row (its primary key). */
  readonly parentLink?: boolean;
  /**
   * A constant default (string, number, boolean; a duration as its microseconds): used to fill
   * existing rows when adding.
   */
  readonly default?: string | number | boolean;
  /** The column's database default: a constant, or `{ sql: "..." }` for an expression. */
  readonly dbDefault?: DbDefaultDef;
}

export interface IndexDef {
  readonly name: string;
  readonly fields: readonly string[];
  readonly unique?: boolean;
}

export interface ModelOptionsDef {
  readonly table: string;
  readonly indexes?: readonly IndexDef[];
  /**
   * Named unique constraints over several fields (unique-together sets, untagged), and the
   * declared check and unique constraints (`kind: "check" | "unique"`).
   */
  readonly constraints?: readonly ConstraintDef[];
}

export interface ModelState {
  readonly label: string;
  readonly fields: Readonly<Record<string, FieldDef>>;
  readonly options: ModelOptionsDef;
}

export type ProjectState = ReadonlyMap<string, ModelState>;

export function appOf(label: string): string {
  return label.slice(0, label.indexOf("."));
}

export function getModel(state: ProjectState, label: string): ModelState {
  const m = state.get(label);
  if (m === undefined) throw migrationsError(ERR_MIGRATIONS_STATE, `No model "${label}" in state`);
  return m;
}

export function getField(m: ModelState, name: string): FieldDef {
  const f = m.fields[name];
  if (f === undefined)
    throw migrationsError(ERR_MIGRATIONS_STATE, `No field "${name}" on "${m.label}" in state`);
  return f;
}

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** The column a field gets when it names none (mirrors model()). */
export function defaultColumn(name: string, def: FieldDef): string {
  return def.kind === "foreignKey" ? `${snake(name)}_id` : snake(name);
}

function fieldDef(f: FieldMeta): FieldDef {
  const s = f.spec;
  const out: Record<string, unknown> = { kind: s.kind };
  for (const k of ["primaryKey", "null", "unique", "index"] as const) if (s[k]) out[k] = true;
  // One-to-one is a unique foreign key; the flag is kept so the historical model is one too.
  if ((s as { oneToOne?: boolean }).oneToOne) out.oneToOne = true;
  // A multi-table child's link to its parent: the primary key of its table.
  if (s.parentLink) out.parentLink = true;
  for (const k of ["maxLength", "maxDigits", "decimalPlaces"] as const)
    if (s[k] !== undefined) out[k] = s[k];
  const plain = { kind: s.kind } as FieldDef;
  if (f.column !== defaultColumn(f.name, plain)) out.column = f.column;
  if (s.kind === "foreignKey") {
    // A key to a proxy is a key to its concrete model's table.
    out.to = concreteMeta((s.target!() as AnyModel).meta).label;
    out.onDelete = s.onDelete ?? "cascade";
  }
  const d = s.default;
  if (typeof d === "string" || typeof d === "number" || typeof d === "boolean") out.default = d;
  else if (d instanceof Duration) out.default = d.microseconds;
  if (f.dbDefault !== undefined) out.dbDefault = f.dbDefault;
  return out as unknown as FieldDef;
}

/** The state of declared models. */
export function fromModels(models: readonly AnyModel[]): ProjectState {
  const state = new Map<string, ModelState>();
  for (const m of models) {
    // A multi-table child's table: its own fields and the link to its parent's row.
    const meta = tableMeta(m.meta);
    const fields: Record<string, FieldDef> = {};
    for (const f of meta.fields) fields[f.name] = fieldDef(f);
    const nameOf = new Map(meta.fields.map((f) => [f.column, f.name]));
    const names = (cols: readonly string[]) => cols.map((c) => nameOf.get(c)!);
    const indexes: IndexDef[] = meta.indexes
      .filter((ix) => {
        // Per-field indexes come from the field's `index` flag; keep only declared ones here.
        const f = ix.columns.length === 1 ? meta.byName.get(nameOf.get(ix.columns[0]!)!) : null;
        return !(f?.spec.index && ix.name === `${meta.table}_${f.column}_idx`);
      })
      .map((ix) => ({
        name: ix.name,
        fields: names(ix.columns),
        ...(ix.unique ? { unique: true } : {}),
      }));
    const constraints: ConstraintDef[] = [
      ...meta.uniqueTogether.map((u) => ({ name: u.name, fields: names(u.columns), unique: true })),
      ...meta.constraints.map(constraintDef),
    ];
    state.set(meta.label, {
      label: meta.label,
      fields,
      options: {
        table: meta.table,
        ...(indexes.length ? { indexes } : {}),
        ...(constraints.length ? { constraints } : {}),
      },
    });
  }
  return state;
}

function fieldOf(def: FieldDef, registry: Map<string, AnyModel>): Field<unknown> {
  const { to, ...rest } = def;
  const spec: FieldSpec = { ...rest };
  // A duration's default is written as microseconds; the historical model uses the value type.
  if (def.kind === "duration" && typeof def.default === "number")
    (spec as { default?: unknown }).default = Duration.fromMicroseconds(def.default);
  // A function default is not written to migration files: a historical SET_DEFAULT key gets null.
  if (def.onDelete === "setDefault" && def.default === undefined && def.dbDefault === undefined)
    (spec as { default?: unknown }).default = null;
  if (to !== undefined)
    return new Field({
      ...spec,
      target: () => {
        const t = registry.get(to);
        if (t === undefined)
          throw migrationsError(ERR_MIGRATIONS_STATE, `Foreign key to unknown model "${to}"`);
        return t;
      },
    });
  return new Field(spec);
}

/**
 * Build one model from state; foreign keys resolve through `registry`. The model joins `scope`,
 * a registry apart from the declared models, so it never shows in `allModels()`.
 */
export function buildModel(
  m: ModelState,
  registry: Map<string, AnyModel>,
  table = m.options.table,
  scope: ModelRegistry = new ModelRegistry(),
): AnyModel {
  const fields: Record<string, Field<unknown>> = {};
  for (const [name, def] of Object.entries(m.fields)) fields[name] = fieldOf(def, registry);
  // The names of unique-together sets in state are the model's own generated ones; model()
  // regenerates them from the same columns, so only the field lists are passed.
  const built: unknown = model(
    m.label,
    fields as never,
    {
      table,
      indexes: (m.options.indexes ?? []).map((ix) => ({
        name: ix.name,
        fields: ix.fields,
        unique: ix.unique === true,
      })),
      uniqueTogether: (m.options.constraints ?? [])
        .filter((c) => !isDeclared(c))
        .map((c) => (c as IndexDef).fields),
      // Declared constraints keep the names they were given.
      constraints: (m.options.constraints ?? []).filter(isDeclared).map(declared),
      registry: scope,
      // A child's table alone: its parent link stands without `extends`.
      [TABLE_ONLY]: true,
    } as never,
  );
  return built as AnyModel;
}

/** Historical models: every model in `state`, as real models whose relations resolve among them. */
export function toModels(state: ProjectState): Map<string, AnyModel> {
  const registry = new Map<string, AnyModel>();
  // One registry per state: its models see each other's relations, and nothing else's.
  const scope = new ModelRegistry();
  for (const m of state.values())
    registry.set(m.label, buildModel(m, registry, m.options.table, scope));
  return registry;
}
