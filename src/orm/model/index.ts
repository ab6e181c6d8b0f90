/**
 * Model declaration: field builders, `model()`, the types derived from a declaration, and the
 * model layer's coded errors.
 * @module
 */
export {
  DoesNotExist,
  ERR_ORM_DOES_NOT_EXIST,
  ERR_ORM_MODEL,
  ERR_ORM_MULTIPLE_OBJECTS,
  ERR_ORM_PROTECTED,
  ERR_ORM_QUERY,
  ERR_ORM_RESTRICTED,
  ERR_ORM_STATE,
  ERR_ORM_VALIDATION,
  type FieldError,
  MultipleObjectsReturned,
  ProtectedError,
  ValidationError,
} from "./errors.ts";
export {
  type AnyField,
  type Choice,
  type DateLookup,
  type DateTimeLookup,
  type EqualityLookup,
  Field,
  type FieldKind,
  type FieldMap,
  type FieldOptions,
  type FieldSpec,
  type NullLookup,
  type OnDelete,
  type OrderedLookup,
  type TextLookup,
  type Validator,
} from "./field.ts";
export {
  type DecimalOptions,
  f,
  type FieldOf,
  ForeignKey,
  type ForeignKeyOptions,
  type JsonValue,
  type ManyToManyOptions,
  type OneToOneKey,
  type OneToOneOptions,
  type RelTarget,
  type StringOptions,
} from "./fields.ts";
export { allModels, ModelRegistry } from "./registry.ts";
/** For loaddata: a multi-table child's row written table by table. */
export { saveInheritedRow } from "./instance.ts";
export {
  type CheckConstraint,
  type CheckConstraintMeta,
  type ConstraintError,
  type ConstraintMeta,
  check,
  NON_FIELD_ERRORS,
  type UniqueConstraint,
  type UniqueConstraintMeta,
  unique,
} from "./constraints.ts";
export { type DbDefaultDef, defaultValue } from "./db-default.ts";
export { Duration, type DurationParts } from "./duration.ts";
export {
  postDelete,
  postSave,
  preDelete,
  preSave,
  type Receiver,
  Signal,
  type SignalArgs,
} from "./signals.ts";
export { type AnyRelation, Relation, type RelationSpec } from "./relation-field.ts";
export { type RelationMeta, relationsOf, throughOf } from "./relations.ts";
export {
  concreteMeta,
  type FieldMeta,
  type IndexMeta,
  type ModelMeta,
  type ParentLink,
  tableMeta,
} from "./meta.ts";
export {
  type AbstractModel,
  type AnyModel,
  type Constraint,
  type DeclareOptions,
  type IndexOption,
  type Model,
  type ModelOptions,
  model,
  type ProxyBase,
  type ProxyOptions,
  TABLE_ONLY,
  withRelated,
} from "./model.ts";
export type {
  CleanOptions,
  CreateInput,
  Instance,
  InstanceMethods,
  Managers,
  RowOf,
  SaveOptions,
  UpdateInput,
  ValidateMethods,
  ValidateOptions,
  WithId,
} from "./types.ts";
