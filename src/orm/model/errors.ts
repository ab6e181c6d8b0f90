/**
 * Coded errors of the model and query layer. `DoesNotExist` and `MultipleObjectsReturned` name
 * the model so a handler can tell whose lookup failed; `ValidationError` lists every failing
 * field at once, so a form can show all problems in one round trip.
 * @module
 */
import { FlagonError } from "../../utils/index.ts";

/** `get()` (or `refreshFromDb()`) found no row. */
export const ERR_ORM_DOES_NOT_EXIST = "FLG_ERR_ORM_DOES_NOT_EXIST";
/** `get()` found more than one row. */
export const ERR_ORM_MULTIPLE_OBJECTS = "FLG_ERR_ORM_MULTIPLE_OBJECTS";
/** `fullClean()` found invalid values; `fields` holds the messages by field. */
export const ERR_ORM_VALIDATION = "FLG_ERR_ORM_VALIDATION";
/** A model declaration is unusable (bad option, duplicate column, unknown field in an option). */
export const ERR_ORM_MODEL = "FLG_ERR_ORM_MODEL";
/** A query names an unknown field or lookup, or gives a value of the wrong kind. */
export const ERR_ORM_QUERY = "FLG_ERR_ORM_QUERY";
/** An instance operation that needs a saved row (delete, refresh) on an unsaved one. */
export const ERR_ORM_STATE = "FLG_ERR_ORM_STATE";

/** No row matched. Status 404: an uncaught one in a view is a "not found". */
export class DoesNotExist extends FlagonError {
  readonly model: string;
  constructor(model: string, message = `${model} matching query does not exist`) {
    super(ERR_ORM_DOES_NOT_EXIST, message, 404);
    this.name = "DoesNotExist";
    this.model = model;
  }
}

/** More than one row matched a lookup that expects one. */
export class MultipleObjectsReturned extends FlagonError {
  readonly model: string;
  constructor(model: string, count: number) {
    super(ERR_ORM_MULTIPLE_OBJECTS, `get() returned more than one ${model} (${count})`, 500);
    this.name = "MultipleObjectsReturned";
    this.model = model;
  }
}

/** One failure of one field: a stable code (`required`, `max_length` ...) and a message. */
export interface FieldError {
  readonly code: string;
  readonly message: string;
}

/** Every failing field of an instance; status 400, as the values came from input. */
export class ValidationError extends FlagonError {
  readonly fields: Readonly<Record<string, readonly FieldError[]>>;
  constructor(model: string, fields: Record<string, FieldError[]>) {
    const names = Object.keys(fields);
    super(ERR_ORM_VALIDATION, `Invalid ${model}: ${names.join(", ")}`, 400);
    this.name = "ValidationError";
    this.fields = fields;
  }
}

/** Shorthand for the codes without a class of their own. */
export function ormError(code: string, message: string): FlagonError {
  return new FlagonError(code, message, 500);
}

/** A delete would remove rows that a PROTECT foreign key still points at. */
export const ERR_ORM_PROTECTED = "FLG_ERR_ORM_PROTECTED";
/** A delete would remove rows that a RESTRICT foreign key points at, outside the cascade. */
export const ERR_ORM_RESTRICTED = "FLG_ERR_ORM_RESTRICTED";

/**
 * The rows an onDelete rule protects, named in the message (up to five) and all in `objects`,
 * so a view can show what to delete first. Status 409: the request conflicts with stored data.
 */
export class ProtectedError extends FlagonError {
  readonly objects: readonly object[];
  constructor(code: string, message: string, objects: readonly object[]) {
    super(code, message, 409);
    this.name = code === ERR_ORM_PROTECTED ? "ProtectedError" : "RestrictedError";
    this.objects = objects;
  }
}
