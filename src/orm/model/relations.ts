/**
 * The multi-valued relations of a model, resolved from every declared model on first use (all
 * models are declared by then): reverse foreign keys (`question.choices`), many-to-many fields
 * (`book.tags`) and their reverse side (`tag.bookSet`). Each is described the same way, as a
 * path through a table holding a foreign key back here (`src`) and, for many-to-many, one to
 * the other side (`dst`), so filters and managers need one code path for all three. The reverse
 * side of a one-to-one is a reverse foreign key marked `one` (its accessor is a row, not a
 * manager).
 * @module
 */
import { ERR_ORM_MODEL, ormError } from "./errors.ts";
import { type FieldMeta, type ModelMeta, tableMeta } from "./meta.ts";
import type { AnyModel } from "./model.ts";
import { modelOf, modelsBeside, registryVersion } from "./registry.ts";
import type { RelationSpec } from "./relation-field.ts";

export interface RelationMeta {
  readonly name: string;
  readonly many: boolean;
  /** The reverse side of a one-to-one: at most one related row (`place.restaurant`). */
  readonly one: boolean;
  /** The model at the other end. */
  readonly target: AnyModel;
  /** The table joined through: the child (reverse FK) or the through model (many-to-many). */
  readonly through: AnyModel;
  /** The foreign key on `through` that points at this model. */
  readonly src: FieldMeta;
  /** Many-to-many: the foreign key on `through` that points at `target`. */
  readonly dst: FieldMeta | undefined;
}

const cache = new WeakMap<ModelMeta, { version: number; map: Map<string, RelationMeta> }>();

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function fkTarget(f: FieldMeta): unknown {
  return f.spec.kind === "foreignKey" ? concrete(f.spec.target!() as AnyModel) : undefined;
}

/** The model whose table holds `m`'s rows: a proxy's concrete model, else `m` itself. */
function concrete(m: AnyModel): AnyModel {
  return m.meta.proxyFor === undefined ? m : (modelOf(m.meta.proxyFor) ?? m);
}

/** The foreign keys of a many-to-many field's through model: to the source, to the target. */
export function throughKeys(
  source: AnyModel,
  spec: RelationSpec,
): [AnyModel, FieldMeta, FieldMeta] {
  const through = spec.through!() as AnyModel;
  const tm = through.meta;
  const target = spec.target();
  if (spec.throughFields !== undefined) {
    const [a, b] = spec.throughFields.map((n) => tm.byName.get(n));
    if (a === undefined || b === undefined)
      throw ormError(ERR_ORM_MODEL, `${tm.label} lacks a field named in throughFields`);
    return [through, a, b];
  }
  if (tm.byName.has("from") && tm.byName.get("from")!.spec.relatedName === "+")
    return [through, tm.byName.get("from")!, tm.byName.get("to")!];
  const to = (m: unknown) => tm.fields.filter((f) => fkTarget(f) === concrete(m as AnyModel));
  const a = to(source);
  const b = to(target);
  if (a.length !== 1 || b.length !== 1 || a[0] === b[0])
    throw ormError(
      ERR_ORM_MODEL,
      `${tm.label} needs throughFields: it has no single foreign key to each side`,
    );
  return [through, a[0]!, b[0]!];
}

/**
 * Two relations under one default name (`childSet` from two foreign keys of `Child`) leave the
 * name to neither, rather than break models that never use it (Django refuses such models at
 * check time; set `relatedName` to reach them). An explicit name that clashes is an error.
 */
function add(
  map: Map<string, RelationMeta>,
  ambiguous: Set<string>,
  explicitNames: Set<string>,
  owner: ModelMeta,
  r: RelationMeta,
  explicit: boolean,
): void {
  const field = owner.byName.has(r.name) || owner.byAttr.has(r.name);
  if (explicit) {
    if (field || explicitNames.has(r.name))
      throw ormError(
        ERR_ORM_MODEL,
        `${owner.label}: the relation name "${r.name}" is taken; choose another relatedName`,
      );
    explicitNames.add(r.name);
    map.set(r.name, r);
    return;
  }
  if (explicitNames.has(r.name)) return;
  if (field || ambiguous.has(r.name) || map.has(r.name)) {
    map.delete(r.name);
    ambiguous.add(r.name);
    return;
  }
  map.set(r.name, r);
}

function resolve(declared: AnyModel): Map<string, RelationMeta> {
  const meta = declared.meta;
  // A proxy has the relations of its concrete model: the foreign keys point at that one.
  const model = concrete(declared);
  const map = new Map<string, RelationMeta>();
  const ambiguous = new Set<string>();
  const explicitNames = new Set<string>();
  for (const [name, spec] of meta.relations) {
    if (spec.kind !== "manyToMany") continue;
    const [through, src, dst] = throughKeys(model, spec);
    const target = spec.target() as AnyModel;
    map.set(name, { name, many: true, one: false, target, through, src, dst });
    explicitNames.add(name);
  }
  for (const other of modelsBeside(model)) {
    // A proxy's fields are its concrete model's: counted once, there.
    if (other.meta.proxyFor !== undefined) continue;
    // A multi-table child's inherited keys are its parent's: counted once, there.
    for (const f of tableMeta(other.meta).fields) {
      if (fkTarget(f) !== model || f.spec.relatedName === "+") continue;
      const one = f.spec.oneToOne === true;
      // As in Django, a one-to-one's reverse side is named after the model alone: one row.
      const name = f.spec.relatedName ?? `${lowerFirst(other.meta.name)}${one ? "" : "Set"}`;
      const r = { name, many: false, one, target: other, through: other, src: f, dst: undefined };
      add(map, ambiguous, explicitNames, meta, r, f.spec.relatedName !== undefined);
    }
    for (const [field, spec] of other.meta.relations) {
      if (
        spec.kind !== "manyToMany" ||
        concrete(spec.target() as AnyModel) !== model ||
        spec.relatedName === "+"
      )
        continue;
      const [through, a, b] = throughKeys(other, spec);
      const name = spec.relatedName ?? `${lowerFirst(other.meta.name)}Set`;
      if (other === model && name === field) continue;
      const r = { name, many: true, one: false, target: other, through, src: b, dst: a };
      add(map, ambiguous, explicitNames, meta, r, spec.relatedName !== undefined);
    }
  }
  // A multi-table child has its parent's relations too (`restaurant.reviews`): its key is the
  // parent's. The parent's links to its own children are left out.
  const parent = meta.parent === undefined ? undefined : modelOf(meta.parent.meta);
  for (const [name, r] of parent === undefined ? [] : relationsOf(parent)) {
    if (map.has(name) || ambiguous.has(name) || meta.byName.has(name) || meta.byAttr.has(name))
      continue;
    if (r.src.spec.parentLink !== true) map.set(name, r);
  }
  // A name declared with withRelated() must be one of the relations found.
  for (const [name, spec] of meta.relations) {
    if (spec.kind !== "reverse") continue;
    const r = map.get(name);
    if (r === undefined || r.target !== spec.target())
      throw ormError(
        ERR_ORM_MODEL,
        `${meta.label}.${name}: no relation of that name points here from the model given; set relatedName: "${name}" on ${spec.field ?? "the child's link"}`,
      );
    // f.child(): the reverse side of a multi-table child's link, whatever its name.
    const linked =
      spec.field === undefined
        ? r.src.spec.parentLink === true
        : r.src.name === spec.field || r.many;
    if (!linked)
      throw ormError(
        ERR_ORM_MODEL,
        `${meta.label}.${name} is not the reverse of ${spec.field ?? "a multi-table child's link"}`,
      );
  }
  return map;
}

/** The relations of `model` by name (rebuilt when a model was declared since the last call). */
export function relationsOf(model: AnyModel): ReadonlyMap<string, RelationMeta> {
  const version = registryVersion();
  const hit = cache.get(model.meta);
  if (hit !== undefined && hit.version === version) return hit.map;
  const map = resolve(model);
  cache.set(model.meta, { version, map });
  return map;
}

/** The through model of `model`'s many-to-many field `field` (auto-created or explicit). */
export function throughOf(model: AnyModel, field: string): AnyModel {
  const spec = model.meta.relations.get(field);
  if (spec?.kind !== "manyToMany" || spec.through === undefined)
    throw ormError(ERR_ORM_MODEL, `${model.meta.label}.${field} is not a many-to-many field`);
  return spec.through() as AnyModel;
}
