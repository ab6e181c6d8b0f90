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
  ERR_ORM_QUERY,
  ERR_ORM_STATE,
  ERR_ORM_VALIDATION,
  type FieldError,
  MultipleObjectsReturned,
  ValidationError,
} from "./errors.ts";
export {
  type AnyField,
  type Choice,
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
  type StringOptions,
} from "./fields.ts";
export type { FieldMeta, IndexMeta, ModelMeta } from "./meta.ts";
export { type AnyModel, type IndexOption, type Model, type ModelOptions, model } from "./model.ts";
export type {
  CleanOptions,
  CreateInput,
  Instance,
  InstanceMethods,
  RowOf,
  SaveOptions,
  UpdateInput,
  WithId,
} from "./types.ts";
