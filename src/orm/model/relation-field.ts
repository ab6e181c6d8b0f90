/**
 * Relation fields without a column of their own: `manyToMany` (rows linked through a third
 * table, the "through" model) and `reverse` (a typed name for the rows whose foreign key points
 * here). They never reach `meta.fields`, so the schema editor and migrations see only the through
 * model, an ordinary model. Their phantom types keep them out of rows and inputs, give filters
 * the target's fields, and give instances a related manager.
 * @module
 */

export interface RelationSpec {
  readonly kind: "manyToMany" | "reverse";
  readonly target: () => unknown;
  /** Many-to-many: an explicit through model. */
  readonly through?: () => unknown;
  /** Many-to-many through an explicit model: its foreign keys to the source and the target. */
  readonly throughFields?: readonly [string, string];
  /** Many-to-many: the reverse accessor on the target (`"+"`: none). */
  readonly relatedName?: string;
  /** Reverse: the foreign key (or many-to-many field) on the target that points here. */
  readonly field?: string;
}

/** `M` is the other model; `Mgr` the manager an instance exposes under the field's name. */
export class Relation<M, Mgr = unknown> {
  declare readonly __row: never;
  declare readonly __in: never;
  declare readonly __ops: never;
  declare readonly __opt: true;
  declare readonly __many: M;
  declare readonly __mgr: Mgr;
  readonly rel: RelationSpec;
  constructor(rel: RelationSpec) {
    this.rel = Object.freeze({ ...rel });
  }
}

export type AnyRelation = Relation<any, any>;
