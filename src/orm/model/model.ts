/**
 * `model(label, fields, options)`: declare a model. The result carries its run-time `meta`, the
 * `objects` manager (a queryset over every row) and, for TypeScript only, its fields and key.
 *
 * @example
 * export const Question = model("polls.Question", {
 *   text: f.string({ maxLength: 200 }),
 *   published: f.datetime({ default: () => new Date() }),
 * }, { ordering: ["-published"] });
 * @module
 */
import { QuerySet } from "../query/queryset.ts";
import { ERR_ORM_MODEL, ormError } from "./errors.ts";
import { type AnyField, Field, type FieldMap, type FieldSpec } from "./field.ts";
import { type FieldMeta, type IndexMeta, type ModelMeta, snakeCase } from "./meta.ts";
import { registerModel } from "./registry.ts";
import { type AnyRelation, Relation, type RelationSpec } from "./relation-field.ts";
import type { Instance, RowOf, WithId } from "./types.ts";

export interface IndexOption<K extends string> {
  readonly fields: readonly K[];
  readonly name?: string;
  readonly unique?: boolean;
}

export interface ModelOptions<F extends FieldMap> {
  /** The table (default: `app_model` from the label, lower case). */
  readonly table?: string;
  /** Default ordering: row properties, `-` first for descending. */
  readonly ordering?: readonly (
    | (keyof RowOf<WithId<F>> & string)
    | `-${keyof RowOf<WithId<F>> & string}`
  )[];
  /** Sets of fields whose combined values must be unique. */
  readonly uniqueTogether?: readonly (readonly (keyof F & string)[])[];
  readonly indexes?: readonly IndexOption<keyof F & string>[];
  readonly verboseName?: string;
  readonly verboseNamePlural?: string;
}

/** A declared model. */
export interface Model<F extends FieldMap> {
  /** Phantom: the fields (with `id`), for the types derived from the model. */
  readonly __fields: WithId<F>;
  /** Phantom: the primary key's value type. */
  readonly __pk: WithId<F>["id"]["__row"];
  readonly meta: ModelMeta;
  /** Every row: the root queryset. */
  readonly objects: QuerySet<WithId<F>, Instance<WithId<F>>>;
}

export type AnyModel = Model<any>;

const RESERVED = new Set(["OR", "AND", "NOT", "objects", "meta", "save", "delete", "pk"]);
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function fieldMeta(name: string, field: Field<unknown>): FieldMeta {
  const spec: FieldSpec = field.spec;
  if (!IDENT.test(name) || RESERVED.has(name))
    throw ormError(ERR_ORM_MODEL, `"${name}" cannot be a field name`);
  const fk = spec.kind === "foreignKey";
  const column = spec.column ?? (fk ? `${snakeCase(name)}_id` : snakeCase(name));
  if (column.includes(".")) throw ormError(ERR_ORM_MODEL, `Column "${column}" contains a dot`);
  const needs =
    spec.kind === "string" || spec.kind === "email" || spec.kind === "url" || spec.kind === "slug";
  if (needs && !(Number.isInteger(spec.maxLength) && (spec.maxLength ?? 0) > 0))
    throw ormError(ERR_ORM_MODEL, `Field "${name}" needs a positive integer maxLength`);
  if (spec.kind === "decimal") {
    const { maxDigits: p, decimalPlaces: s } = spec;
    if (!Number.isInteger(p) || !Number.isInteger(s) || p! < 1 || s! < 0 || s! > p!)
      throw ormError(ERR_ORM_MODEL, `Field "${name}" needs maxDigits >= decimalPlaces >= 0`);
  }
  return {
    name,
    attr: fk ? `${name}Id` : name,
    column,
    spec,
    primaryKey: spec.primaryKey === true,
  };
}

function labelParts(label: string): [string, string] {
  const m = /^([a-z][a-z0-9_]*)\.([A-Za-z][A-Za-z0-9_]*)$/.exec(label);
  if (m === null)
    throw ormError(ERR_ORM_MODEL, `A model label is "app.Model", got ${JSON.stringify(label)}`);
  return [m[1]!, m[2]!];
}

/** Build the run-time description of a model; every option is checked here, at import time. */
export function buildMeta(
  label: string,
  fields: FieldMap,
  options: ModelOptions<FieldMap>,
): ModelMeta {
  const [app, name] = labelParts(label);
  const table = options.table ?? `${app}_${name.toLowerCase()}`;
  const all: Record<string, AnyField> = {};
  const relations = new Map<string, RelationSpec>();
  for (const [n, fd] of Object.entries(fields)) {
    if (fd instanceof Relation) {
      if (!IDENT.test(n) || RESERVED.has(n))
        throw ormError(ERR_ORM_MODEL, `"${n}" cannot be a field name`);
      relations.set(n, fd.rel);
    } else all[n] = fd;
  }
  if (!("id" in all)) all.id = new Field({ kind: "bigAuto", primaryKey: true });
  const metas = Object.entries(all).map(([n, fd]) => {
    if (!(fd instanceof Field)) throw ormError(ERR_ORM_MODEL, `${label}.${n} is not a field`);
    return fieldMeta(n, fd as Field<unknown>);
  });
  const pks = metas.filter((m) => m.primaryKey);
  if (pks.length !== 1 || pks[0]!.name !== "id")
    throw ormError(ERR_ORM_MODEL, `${label}: the one primary key must be the field "id"`);
  // The primary key is listed first, so its column leads the table.
  const ordered = [pks[0]!, ...metas.filter((m) => !m.primaryKey)];
  const byName = new Map(ordered.map((m) => [m.name, m]));
  const byAttr = new Map(ordered.map((m) => [m.attr, m]));
  const columns = new Set<string>();
  for (const m of ordered) {
    if (columns.has(m.column))
      throw ormError(ERR_ORM_MODEL, `${label}: two fields use column "${m.column}"`);
    columns.add(m.column);
  }
  const col = (n: string) => {
    const m = byName.get(n);
    if (m === undefined) throw ormError(ERR_ORM_MODEL, `${label}: unknown field "${n}" in options`);
    return m.column;
  };
  for (const o of options.ordering ?? []) {
    if (!byAttr.has(o.startsWith("-") ? o.slice(1) : o))
      throw ormError(ERR_ORM_MODEL, `${label}: unknown field "${o}" in ordering`);
  }
  const uniqueTogether: IndexMeta[] = (options.uniqueTogether ?? []).map((set) => {
    const cols = set.map(col);
    return { name: `${table}_${cols.join("_")}_uniq`, columns: cols, unique: true };
  });
  const indexes: IndexMeta[] = ordered
    .filter((m) => m.spec.index && !m.spec.unique && !m.primaryKey)
    .map((m) => ({ name: `${table}_${m.column}_idx`, columns: [m.column], unique: false }));
  for (const ix of options.indexes ?? []) {
    const cols = ix.fields.map(col);
    indexes.push({
      name: ix.name ?? `${table}_${cols.join("_")}_idx`,
      columns: cols,
      unique: ix.unique === true,
    });
  }
  return Object.freeze({
    label,
    name,
    table,
    fields: ordered,
    pk: pks[0]!,
    byName,
    byAttr,
    ordering: [...(options.ordering ?? [])],
    uniqueTogether,
    indexes,
    relations,
    verboseName: options.verboseName ?? snakeCase(name).replaceAll("_", " "),
    verboseNamePlural:
      options.verboseNamePlural ??
      `${options.verboseName ?? snakeCase(name).replaceAll("_", " ")}s`,
  });
}

/** Declare a model. */
export function model<const F extends FieldMap>(
  label: string,
  fields: F,
  options: ModelOptions<F> = {},
): Model<F> {
  const meta = buildMeta(label, fields, options as ModelOptions<FieldMap>);
  const m = { meta } as { meta: ModelMeta; objects?: unknown };
  m.objects = QuerySet.root(m as unknown as AnyModel);
  Object.freeze(m);
  registerModel(m as unknown as AnyModel);
  autoThrough(m as unknown as AnyModel);
  return m as unknown as Model<F>;
}

/**
 * Give each many-to-many field without a through model one, as Django does: a model of its own
 * (`app.Model_field`, table `<table>_<field>`) with foreign keys `from` and `to`, unique together,
 * both cascading. Migrations and the schema editor treat it as any other model.
 */
function autoThrough(source: AnyModel): void {
  const { meta } = source;
  const [app, name] = labelParts(meta.label);
  for (const [field, spec] of meta.relations) {
    if (spec.kind !== "manyToMany" || spec.through !== undefined) continue;
    const through = model(
      `${app}.${name}_${field}`,
      {
        from: new Field({
          kind: "foreignKey",
          index: true,
          onDelete: "cascade",
          relatedName: "+",
          target: () => source,
        }),
        to: new Field({
          kind: "foreignKey",
          index: true,
          onDelete: "cascade",
          relatedName: "+",
          target: spec.target,
        }),
      } as FieldMap,
      { table: `${meta.table}_${snakeCase(field)}`, uniqueTogether: [["from", "to"]] },
    );
    (meta.relations as Map<string, RelationSpec>).set(field, { ...spec, through: () => through });
  }
}

/**
 * Name the reverse relations of `m` for TypeScript: `withRelated(Question, { choices:
 * f.reverse(() => Choice, "question") })` is `Question` with `question.choices` typed and
 * `{ choices: {...} }` accepted by its filters. Needed because two models whose declarations
 * name each other would make their types circular; the run-time relation exists either way,
 * and its name is checked against the foreign key's `relatedName` on first use.
 */
export function withRelated<
  F extends FieldMap,
  const R extends Readonly<Record<string, AnyRelation>>,
>(m: Model<F>, relations: R): Model<F & R> {
  const map = m.meta.relations as Map<string, RelationSpec>;
  for (const [name, r] of Object.entries(relations)) {
    if (!(r instanceof Relation) || r.rel.kind !== "reverse")
      throw ormError(ERR_ORM_MODEL, `withRelated(): "${name}" must be f.reverse(...)`);
    if (m.meta.byName.has(name) || map.has(name))
      throw ormError(ERR_ORM_MODEL, `${m.meta.label} already has a field "${name}"`);
    map.set(name, r.rel);
  }
  registerModel(m as unknown as AnyModel);
  return m as unknown as Model<F & R>;
}
