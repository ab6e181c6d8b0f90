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
import { interned } from "../../utils/index.ts";
import { registerChildTable } from "../query/inherited-tables.ts";
import { QuerySet } from "../query/queryset.ts";
import {
  type AnyConstraint,
  buildConstraints,
  type CheckConstraint,
  type UniqueConstraint,
} from "./constraints.ts";
import { ERR_ORM_MODEL, ormError } from "./errors.ts";
import { type AnyField, Field, type FieldMap, type FieldSpec } from "./field.ts";
import { type FieldMeta, type IndexMeta, type ModelMeta, snakeCase } from "./meta.ts";
import { normalizeDbDefault } from "./db-default.ts";
import { globalRegistry, type ModelRegistry, registryOf } from "./registry.ts";
import { type AnyRelation, Relation, type RelationSpec } from "./relation-field.ts";
import type { Instance, RowOf, WithId } from "./types.ts";
import type { Where } from "../query/where-types.ts";

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
  /**
   * Named check and unique constraints, as Django's `Meta.constraints`: `check({ name,
   * condition })` and `unique({ name, fields, condition? })`, conditions written as `filter()`
   * arguments on the model's own fields.
   */
  readonly constraints?: readonly Constraint<NoInfer<F>>[];
  readonly verboseName?: string;
  readonly verboseNamePlural?: string;
  /**
   * The registry the model joins (default: the global one, read by `allModels()`). Migrations
   * build historical models into registries of their own.
   */
  readonly registry?: ModelRegistry;
}

/** The keys a condition on `F` may have at its top level. */
type ConditionKey<F extends FieldMap> = (keyof F & string) | "OR" | "AND" | "NOT";

/** A constraint of a model with fields `F`: its condition is checked as a filter on `F`. */
export type Constraint<F extends FieldMap> =
  | CheckConstraint<Where<F>, ConditionKey<F>>
  | UniqueConstraint<keyof F & string, Where<F>, ConditionKey<F>>;

/** Options of a model that may inherit from an abstract one. */
// NoInfer: the fields and the base are inferred from `fields` and `extends` only. Without it,
// a key set such as `uniqueTogether` made TypeScript infer the base as the whole FieldMap,
// whose string index then emptied `only()`'s result type.
export type DeclareOptions<F extends FieldMap, B extends FieldMap> = NoInfer<ModelOptions<F & B>> &
  (
    | {
        /**
         * An abstract model whose fields and options (ordering, indexes, unique sets,
         * constraints) this one takes; or a concrete model, for multi-table inheritance: a
         * table of this model's own fields, linked to the parent's row by `<parent>Ptr` (or by
         * its own one-to-one declared `parentLink: true`).
         */
        readonly extends?: AbstractModel<B> | ProxyBase<B>;
        readonly proxy?: false;
      }
    // A proxy declares no fields: with any, `proxy: true` does not type-check.
    | ([keyof F] extends [never]
        ? {
            /** The concrete model (or proxy) this proxy model shows the rows of. */
            readonly extends: ProxyBase<B>;
            /** A proxy model: the rows of `extends`, with options of its own (ProxyOptions). */
            readonly proxy: true;
          }
        : never)
  );

/** What a proxy may extend: a concrete model, or another proxy (with fields `B`, `id` included). */
export interface ProxyBase<B extends FieldMap> {
  readonly __fields: B;
  readonly meta: ModelMeta;
}

/**
 * Options of a proxy model (`proxy: true`): another view of a concrete model's rows, with its
 * own default ordering, names and signals, but the base's table and fields.
 */
export interface ProxyOptions<B extends FieldMap> {
  readonly proxy: true;
  /** The concrete model (or another proxy) whose table and fields this one shares. */
  readonly extends: ProxyBase<B>;
  readonly ordering?: ModelOptions<B>["ordering"];
  readonly verboseName?: string;
  readonly verboseNamePlural?: string;
}

/**
 * An abstract model: fields and options for concrete models to inherit (`extends: Base`). It
 * has no table and no manager, is not registered, and migrations never see it.
 */
export interface AbstractModel<F extends FieldMap> {
  /** Phantom: the fields, inherited ones included. */
  readonly __fields: F;
  readonly abstract: true;
  readonly label: string;
  readonly fields: F;
  readonly options: ModelOptions<FieldMap>;
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

const RESERVED = new Set([
  "OR",
  "AND",
  "NOT",
  "objects",
  "meta",
  "save",
  "delete",
  "pk",
  // Instance methods a field would hide.
  "validate",
  "validateUnique",
]);
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `%(app_label)s` and `%(class)s` (the model name, lower case) in names inherited from a base. */
function interpolate(text: string, app: string, name: string): string {
  return text.replaceAll("%(app_label)s", app).replaceAll("%(class)s", name.toLowerCase());
}

function fieldMeta(name: string, field: Field<unknown>, label: string): FieldMeta {
  let spec: FieldSpec = field.spec;
  if (spec.relatedName?.includes("%(")) {
    const [app, model] = labelParts(label);
    spec = Object.freeze({ ...spec, relatedName: interpolate(spec.relatedName, app, model) });
  }
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
  if (spec.onDelete === "setDefault" && spec.default === undefined && spec.dbDefault === undefined)
    throw ormError(
      ERR_ORM_MODEL,
      `${label}.${name}: onDelete "setDefault" needs a default or dbDefault`,
    );
  const dbDefault = normalizeDbDefault(`${label}.${name}`, spec);
  if (spec.onDelete === "setDefault" && spec.default === undefined && typeof dbDefault === "object")
    throw ormError(
      ERR_ORM_MODEL,
      `${label}.${name}: onDelete "setDefault" needs a constant default, not a SQL expression`,
    );
  // Interned: row reads and writes use these as computed keys on hot paths (see utils/intern).
  return {
    name: interned(name),
    attr: interned(fk ? `${name}Id` : name),
    column: interned(column),
    spec,
    primaryKey: spec.primaryKey === true,
    ...(dbDefault !== undefined ? { dbDefault } : {}),
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
      const rel = fd.rel;
      relations.set(
        n,
        rel.relatedName?.includes("%(")
          ? { ...rel, relatedName: interpolate(rel.relatedName, app, name) }
          : rel,
      );
    } else all[n] = fd;
  }
  // A multi-table child's table is keyed by its link to the parent (`placePtr`), not an `id`.
  const linked = Object.values(all).some((fd) => (fd as Field<unknown>).spec?.parentLink === true);
  if (!("id" in all) && !linked) all.id = new Field({ kind: "bigAuto", primaryKey: true });
  const metas = Object.entries(all).map(([n, fd]) => {
    if (!(fd instanceof Field)) throw ormError(ERR_ORM_MODEL, `${label}.${n} is not a field`);
    return fieldMeta(n, fd as Field<unknown>, label);
  });
  const pks = metas.filter((m) => m.primaryKey);
  const linkKey = pks[0]?.spec.parentLink === true && pks[0].spec.kind === "foreignKey";
  if (pks.length !== 1 || (pks[0]!.name !== "id" && !linkKey))
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
      name: ix.name ? interpolate(ix.name, app, name) : `${table}_${cols.join("_")}_idx`,
      columns: cols,
      unique: ix.unique === true,
    });
  }
  const constraints = buildConstraints(
    { label, byName, byAttr },
    (options.constraints ?? []) as readonly AnyConstraint[],
    (text) => interpolate(text, app, name),
  );
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
    constraints,
    relations,
    verboseName: options.verboseName ?? snakeCase(name).replaceAll("_", " "),
    verboseNamePlural:
      options.verboseNamePlural ??
      `${options.verboseName ?? snakeCase(name).replaceAll("_", " ")}s`,
  });
}

/** Fields and options of `base` and of the declaration, merged (a base's field cannot be redeclared). */
function inherit(
  label: string,
  fields: FieldMap,
  options: DeclareOptions<FieldMap, FieldMap>,
): [FieldMap, ModelOptions<FieldMap>] {
  const given = options.extends;
  if (given === undefined) return [fields, options];
  if ((given as AbstractModel<FieldMap>).abstract !== true)
    throw ormError(ERR_ORM_MODEL, `${label}: extends must name a model`);
  const base = given as AbstractModel<FieldMap>;
  for (const n of Object.keys(fields))
    if (n in base.fields)
      throw ormError(ERR_ORM_MODEL, `${label}: field "${n}" is already declared by ${base.label}`);
  const b = base.options;
  const merged: ModelOptions<FieldMap> = {
    ...options,
    ordering: options.ordering ?? b.ordering,
    indexes: [...(b.indexes ?? []), ...(options.indexes ?? [])],
    uniqueTogether: [...(b.uniqueTogether ?? []), ...(options.uniqueTogether ?? [])],
    constraints: [...(b.constraints ?? []), ...(options.constraints ?? [])],
  };
  return [{ ...base.fields, ...fields }, merged];
}

/** Declare an abstract model: a base for others, with no table. */
export function model<const F extends FieldMap, B extends FieldMap = {}>(
  label: string,
  fields: F,
  options: DeclareOptions<F, B> & { readonly abstract: true },
): AbstractModel<F & B>;
/** Declare a model. */
export function model<const F extends FieldMap, B extends FieldMap = {}>(
  label: string,
  fields: F,
  options?: DeclareOptions<F, B> & { readonly abstract?: false },
): Model<F & B>;
export function model(
  label: string,
  declared: FieldMap,
  // `any`: a constraint's condition type depends on the fields, which FieldMap leaves open.
  declaredOptions: DeclareOptions<any, any> & { readonly abstract?: boolean } = {},
): Model<FieldMap> | AbstractModel<FieldMap> {
  if ((declaredOptions as { readonly proxy?: boolean }).proxy === true)
    return proxyModel(label, declared, declaredOptions as unknown as ProxyOptions<FieldMap>);
  const ext: unknown = declaredOptions.extends;
  if (Array.isArray(ext))
    throw ormError(
      ERR_ORM_MODEL,
      `${label}: extends takes one model; a model with several parents is not supported`,
    );
  if (typeof ext === "object" && ext !== null && "meta" in ext) {
    if (declaredOptions.abstract === true)
      throw ormError(ERR_ORM_MODEL, `${label}: an abstract model cannot extend a concrete model`);
    return childModel(label, declared, declaredOptions, ext as AnyModel);
  }
  const [fields, options] = inherit(label, declared, declaredOptions);
  const stray = parentLinks(fields)[0];
  if (stray !== undefined && (declaredOptions as { [TABLE_ONLY]?: boolean })[TABLE_ONLY] !== true)
    throw ormError(
      ERR_ORM_MODEL,
      `${label}.${stray[0]}: parentLink links a multi-table child to its parent, but ${label} extends no concrete model`,
    );
  if (declaredOptions.abstract === true) {
    labelParts(label);
    if (options.table !== undefined || options.registry !== undefined)
      throw ormError(ERR_ORM_MODEL, `${label}: an abstract model has no table or registry`);
    const {
      extends: _,
      abstract: __,
      ...own
    } = options as DeclareOptions<FieldMap, FieldMap> & {
      abstract?: boolean;
    };
    return Object.freeze({
      abstract: true,
      label,
      fields,
      options: own,
    }) as AbstractModel<FieldMap>;
  }
  const meta = buildMeta(label, fields, options);
  const m = modelObject(meta);
  const registry = options.registry ?? globalRegistry;
  registry.register(m);
  autoThrough(m, registry);
  return m as unknown as Model<FieldMap>;
}

/**
 * For migrations' historical models only (an option key, not for declarations): the model is a
 * multi-table child's table alone, so its parent link stands without `extends`.
 */
export const TABLE_ONLY: unique symbol = Symbol("flagon.tableOnly");

/** The fields declared `parentLink: true`, by name. */
function parentLinks(fields: FieldMap): [string, Field<unknown>][] {
  return Object.entries(fields).filter(
    (e): e is [string, Field<unknown>] => e[1] instanceof Field && e[1].spec.parentLink === true,
  );
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/**
 * Multi-table inheritance: `extends` a concrete model. The child's own table holds its declared
 * fields and `<parent>Ptr`, a one-to-one primary key to the parent's row (column
 * `<parent>_ptr_id`); its meta lists the parent's fields first, then the link and its own, and
 * `local` describes its table alone. Reads join the parent's table (query/inherited-tables.ts);
 * writes go to both tables, the parent's first (instance.ts, deletion.ts).
 */
function childModel(
  label: string,
  declared: FieldMap,
  options: DeclareOptions<FieldMap, FieldMap>,
  base: AnyModel,
): Model<FieldMap> {
  labelParts(label);
  const parent = base.meta;
  if (parent.proxyFor !== undefined)
    throw ormError(
      ERR_ORM_MODEL,
      `${label}: extends names the proxy model ${parent.label}; extend ${parent.proxyFor.label}, the concrete model`,
    );
  const custom = declaredLink(label, declared, parent);
  const link = custom?.[0] ?? `${lowerFirst(parent.name)}Ptr`;
  for (const n of Object.keys(declared)) {
    if (
      (n === link && custom === undefined) ||
      n === "id" ||
      parent.byName.has(n) ||
      parent.byAttr.has(n)
    )
      throw ormError(
        ERR_ORM_MODEL,
        `${label}: field "${n}" is already a field of ${parent.label} (or its link "${link}")`,
      );
    if (parent.relations.has(n))
      throw ormError(ERR_ORM_MODEL, `${label}: "${n}" is already a relation of ${parent.label}`);
  }
  const ptr =
    custom?.[1] ??
    new Field({
      kind: "foreignKey",
      oneToOne: true,
      primaryKey: true,
      parentLink: true,
      onDelete: "cascade",
      target: () => base,
    });
  const { [link]: ___, ...rest } = declared;
  const { extends: _, proxy: __, ordering, ...own } = options;
  const local = buildMeta(label, { [link]: ptr, ...rest }, own);
  for (const f of local.fields) {
    const clash = parent.fields.find((p) => p.column === f.column);
    if (clash !== undefined)
      throw ormError(
        ERR_ORM_MODEL,
        `${label}.${f.name}: column "${f.column}" is also ${parent.label}.${clash.name}'s; the joined row has one of each name`,
      );
  }
  const byAttr = new Map([...parent.byAttr, ...local.byAttr]);
  for (const o of ordering ?? []) {
    if (!byAttr.has(o.startsWith("-") ? o.slice(1) : o))
      throw ormError(ERR_ORM_MODEL, `${label}: unknown field "${o}" in ordering`);
  }
  const meta: ModelMeta = Object.freeze({
    ...local,
    fields: [...parent.fields, ...local.fields],
    byName: new Map([...parent.byName, ...local.byName]),
    byAttr,
    // As in Django, a child without an ordering of its own takes its parent's.
    ordering: [...(ordering ?? parent.ordering)],
    parent: { meta: parent, link: local.pk },
    local,
  });
  registerChildTable(meta);
  const m = modelObject(meta);
  const registry = options.registry ?? globalRegistry;
  registry.register(m);
  autoThrough(m, registry);
  return m as unknown as Model<FieldMap>;
}

/**
 * A child's own parent link (Django's `parent_link=True`): a one-to-one to the model it extends,
 * declared `parentLink: true`, used instead of `<parent>Ptr`. It becomes the table's primary key
 * (never null); the one-to-one's unique flag and index are the key's own.
 */
function declaredLink(
  label: string,
  declared: FieldMap,
  parent: ModelMeta,
): [string, Field<unknown>] | undefined {
  const links = parentLinks(declared);
  if (links.length > 1)
    throw ormError(
      ERR_ORM_MODEL,
      `${label}: two parent links (${links.map((l) => l[0]).join(", ")}); a child has one link to ${parent.label}`,
    );
  const found = links[0];
  if (found === undefined) return undefined;
  const [name, field] = found;
  const spec = field.spec;
  if (spec.kind !== "foreignKey" || spec.oneToOne !== true)
    throw ormError(ERR_ORM_MODEL, `${label}.${name}: a parent link is a one-to-one (f.oneToOne)`);
  let target: unknown;
  try {
    target = spec.target!();
  } catch {
    // A target not declared yet cannot be the parent, which `extends` already names.
  }
  if ((target as AnyModel | undefined)?.meta !== parent)
    throw ormError(
      ERR_ORM_MODEL,
      `${label}.${name}: a parent link points at ${parent.label}, the concrete model ${label} extends`,
    );
  if (spec.null === true)
    throw ormError(ERR_ORM_MODEL, `${label}.${name}: a parent link is the primary key, never null`);
  const { unique: _, index: __, ...keep } = spec;
  return [name, new Field({ ...keep, primaryKey: true, parentLink: true })];
}

/** Options a proxy cannot set: they describe a table, and a proxy has none of its own. */
const PROXY_REFUSED = ["table", "indexes", "uniqueTogether", "constraints", "abstract", "registry"];

/**
 * A proxy model: a meta of its own (label, ordering, names) over the base's table and fields,
 * registered beside the base so its instances get the base's relation accessors. Its rows are
 * the concrete model's rows; `proxyFor` names that model for migrations, reverse relations and
 * deletes.
 */
function proxyModel(
  label: string,
  fields: FieldMap,
  options: ProxyOptions<FieldMap>,
): Model<FieldMap> {
  const [, name] = labelParts(label);
  const base = options.extends as ProxyBase<FieldMap> | AbstractModel<FieldMap> | undefined;
  if (base === undefined || base === null || typeof base !== "object")
    throw ormError(ERR_ORM_MODEL, `${label}: a proxy model needs extends: the model it proxies`);
  if ((base as AbstractModel<FieldMap>).abstract === true)
    throw ormError(
      ERR_ORM_MODEL,
      `${label}: a proxy cannot extend the abstract model ${(base as AbstractModel<FieldMap>).label} (it has no table); proxy a concrete model`,
    );
  if (!("meta" in base)) throw ormError(ERR_ORM_MODEL, `${label}: extends must name a model`);
  const parent = base.meta;
  const own = Object.keys(fields);
  if (own.length > 0)
    throw ormError(
      ERR_ORM_MODEL,
      `${label}: a proxy model cannot declare fields (${own.join(", ")}); declare them on ${parent.label}`,
    );
  for (const k of PROXY_REFUSED) {
    const given = (options as unknown as Record<string, unknown>)[k];
    if (given !== undefined && given !== false)
      throw ormError(
        ERR_ORM_MODEL,
        `${label}: a proxy model shares the table of ${parent.label}, so it cannot set "${k}"`,
      );
  }
  for (const o of options.ordering ?? []) {
    if (!parent.byAttr.has(o.startsWith("-") ? o.slice(1) : o))
      throw ormError(ERR_ORM_MODEL, `${label}: unknown field "${o}" in ordering`);
  }
  const verboseName = options.verboseName ?? snakeCase(name).replaceAll("_", " ");
  const meta: ModelMeta = Object.freeze({
    ...parent,
    label,
    name,
    ordering: [...(options.ordering ?? parent.ordering)],
    // Its own map: withRelated() on the proxy must not name relations on the base.
    relations: new Map(parent.relations),
    verboseName,
    verboseNamePlural: options.verboseNamePlural ?? `${verboseName}s`,
    proxyFor: parent.proxyFor ?? parent,
  });
  const m = modelObject(meta);
  registryOf(base as unknown as AnyModel).register(m);
  return m as unknown as Model<FieldMap>;
}

/** The frozen model object for `meta`, with its `objects` queryset (not registered yet). */
function modelObject(meta: ModelMeta): AnyModel {
  const m = { meta } as { meta: ModelMeta; objects?: unknown };
  m.objects = QuerySet.root(m as unknown as AnyModel);
  return Object.freeze(m) as unknown as AnyModel;
}

/**
 * Give each many-to-many field without a through model one, as Django does: a model of its own
 * (`app.Model_field`, table `<table>_<field>`) with foreign keys `from` and `to`, unique together,
 * both cascading. Migrations and the schema editor treat it as any other model.
 */
function autoThrough(source: AnyModel, registry: ModelRegistry): void {
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
      { table: `${meta.table}_${snakeCase(field)}`, uniqueTogether: [["from", "to"]], registry },
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
  // Registered again where it lives, so caches of relations see the new names.
  registryOf(m as unknown as AnyModel).register(m as unknown as AnyModel);
  return m as unknown as Model<F & R>;
}
