/**
 * The run-time description of a model, built once by `model()`: columns, table, ordering,
 * constraints. The query compiler and the schema editor read only this, never the declaration.
 * @module
 */
import type { ConstraintMeta } from "./constraints.ts";
import type { DbDefaultDef } from "./db-default.ts";
import type { FieldSpec } from "./field.ts";
import type { RelationSpec } from "./relation-field.ts";

export interface FieldMeta {
  /** The declared name (`author`). */
  readonly name: string;
  /** The property on a row (`author`, or `authorId` for a foreign key). */
  readonly attr: string;
  /** The column (`author_id`). */
  readonly column: string;
  readonly spec: FieldSpec;
  readonly primaryKey: boolean;
  /** The database default in plain form (see `dbDefault`), if any. */
  readonly dbDefault?: DbDefaultDef;
}

export interface IndexMeta {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

export interface ModelMeta {
  /** `"app.Model"`. */
  readonly label: string;
  /** The model's name without the app (`"Book"`), used in messages. */
  readonly name: string;
  readonly table: string;
  readonly fields: readonly FieldMeta[];
  readonly pk: FieldMeta;
  /** Fields by declared name and by row property. */
  readonly byName: ReadonlyMap<string, FieldMeta>;
  readonly byAttr: ReadonlyMap<string, FieldMeta>;
  /** Default ordering as row properties, `-` for descending. */
  readonly ordering: readonly string[];
  /** Unique constraints over several columns, and indexes (including per-field ones). */
  readonly uniqueTogether: readonly IndexMeta[];
  readonly indexes: readonly IndexMeta[];
  /** Declared check and unique constraints (`constraints: [check(...), unique(...)]`), named. */
  readonly constraints: readonly ConstraintMeta[];
  readonly verboseName: string;
  readonly verboseNamePlural: string;
  /** Column-less relations declared on the model (many-to-many, typed reverse names). */
  readonly relations: ReadonlyMap<string, RelationSpec>;
  /**
   * A proxy model (`proxy: true`): the concrete model whose table, fields and rows it shares.
   * Migrations, reverse relations and the delete collector read that model instead.
   */
  readonly proxyFor?: ModelMeta;
  /**
   * Multi-table inheritance (`extends` a concrete model): the parent's meta and the one-to-one
   * primary key (`placePtr`, or a declared `parentLink`) of this model's table that points at the parent's row. `fields`,
   * `byName` and `byAttr` then hold the parent's fields too; `local` describes this model's own
   * table alone (the link and the declared fields), for the schema, migrations and writes.
   */
  readonly parent?: ParentLink;
  readonly local?: ModelMeta;
}

export interface ParentLink {
  readonly meta: ModelMeta;
  readonly link: FieldMeta;
}

/** The meta of `meta`'s own table: a multi-table child's `local`, else `meta` itself. */
export function tableMeta(meta: ModelMeta): ModelMeta {
  return meta.local ?? meta;
}

/** The meta of the model whose table holds `meta`'s rows: itself, or a proxy's concrete model. */
export function concreteMeta(meta: ModelMeta): ModelMeta {
  return meta.proxyFor ?? meta;
}

/** `createdAt` → `created_at`. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}
