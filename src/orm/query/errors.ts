/**
 * Coded errors of the query layer's bulk writes (the others are in `../model/errors.ts`).
 * @module
 */

/**
 * `bulkUpdate()` was given something it cannot write: no fields, an unknown field, the primary
 * key, a many-to-many or reverse relation, an object without a primary key (never saved) or
 * without a value for a named field (loaded with `only()`/`defer()`), or a bad `batchSize`.
 */
export const ERR_ORM_BULK_UPDATE = "FLG_ERR_ORM_BULK_UPDATE";
/**
 * `bulkCreate()` conflict options that do not fit together: `ignoreConflicts` with
 * `updateConflicts`, `updateConflicts` without `updateFields` (or, on SQLite and PostgreSQL,
 * without `uniqueFields`), a field that is not a concrete field, the primary key in
 * `updateFields`, or `uniqueFields`/`updateFields` without `updateConflicts`.
 */
export const ERR_ORM_BULK_CONFLICT = "FLG_ERR_ORM_BULK_CONFLICT";
/**
 * An `F()` that crosses a relation (`F("question.pubDate")`) where only the row's own columns
 * can be read: an `update()` value. As in Django, a filter may follow relations, an UPDATE's
 * SET may not.
 */
export const ERR_ORM_JOINED_REF = "FLG_ERR_ORM_JOINED_REF";
