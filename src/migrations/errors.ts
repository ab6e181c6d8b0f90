/**
 * Coded errors of the migrations layer (documented in docs/reference/errors.md, section
 * `flagon/migrations`).
 * @module
 */
import { FlagonError } from "../utils/index.ts";

/** An operation cannot apply to the state it meets (unknown model or field, duplicate name). */
export const ERR_MIGRATIONS_STATE = "FLG_ERR_MIGRATIONS_STATE";
/** A migration file is unreadable, or the graph has a missing dependency or a cycle. */
export const ERR_MIGRATIONS_GRAPH = "FLG_ERR_MIGRATIONS_GRAPH";
/** `makemigrations({ check: true })`: the models have changes no migration records. */
export const ERR_MIGRATIONS_CHANGES = "FLG_ERR_MIGRATIONS_CHANGES";
/** The autodetector needs an answer (a rename?) and neither `answers` nor `ask` gave one. */
export const ERR_MIGRATIONS_QUESTION = "FLG_ERR_MIGRATIONS_QUESTION";
/** Another process holds the migration lock on this database. */
export const ERR_MIGRATIONS_LOCKED = "FLG_ERR_MIGRATIONS_LOCKED";
/** An operation cannot be reversed (RunSQL/RunCode without a reverse) or run on this backend. */
export const ERR_MIGRATIONS_IRREVERSIBLE = "FLG_ERR_MIGRATIONS_IRREVERSIBLE";
/**
 * An app's graph has several latest migrations (branches made apart): `makemigrations` and
 * `migrate` refuse it until `makemigrations --merge` writes a migration joining them.
 */
export const ERR_MIGRATIONS_CONFLICT = "FLG_ERR_MIGRATIONS_CONFLICT";
/** `makemigrations({ name })`: the name is not an identifier (letters, digits, `_`). */
export const ERR_MIGRATIONS_NAME = "FLG_ERR_MIGRATIONS_NAME";
/** `migrate({ target })` names an unknown migration. */
export const ERR_MIGRATIONS_TARGET = "FLG_ERR_MIGRATIONS_TARGET";

export function migrationsError(code: string, message: string, cause?: unknown): FlagonError {
  return new FlagonError(code, message, 500, cause === undefined ? undefined : { cause });
}
