/**
 * `flagon/migrations`: Django-style migrations. State is replayed from the migration files,
 * the autodetector writes new ones (`makemigrations`), `migrate` applies and unapplies them
 * under a lock, `showmigrations` and `sqlmigrate` inspect them. Commands are functions; the
 * CLI wires them later.
 * @module
 */
export type { MigrationsApp } from "./app.ts";
export { type Detected, detectChanges } from "./autodetector.ts";
export { findConflicts, refuseConflicts } from "./conflicts.ts";
export {
  ERR_MIGRATIONS_CHANGES,
  ERR_MIGRATIONS_CONFLICT,
  ERR_MIGRATIONS_GRAPH,
  ERR_MIGRATIONS_IRREVERSIBLE,
  ERR_MIGRATIONS_LOCKED,
  ERR_MIGRATIONS_NAME,
  ERR_MIGRATIONS_QUESTION,
  ERR_MIGRATIONS_STATE,
  ERR_MIGRATIONS_TARGET,
} from "./errors.ts";
export { type MigrationGraph, type MigrationNode, replay } from "./graph.ts";
export {
  formatShowmigrations,
  type MigrationStatus,
  showmigrations,
  sqlmigrate,
} from "./inspect.ts";
export { loadGraph } from "./loader.ts";
export { acquireLock } from "./lock.ts";
export {
  type MakemigrationsOptions,
  makemigrations,
  type NewMigration,
} from "./makemigrations.ts";
export type { MergeBranch, MergeInfo } from "./merge.ts";
export { type MigrateOptions, type MigrateResult, migrate } from "./migrate.ts";
export { type Dependency, type MigrationSpec, migration, op } from "./op.ts";
/** For migration files: a constraint's condition comparing fields, `F("start")`. */
export { F } from "../orm/index.ts";
export type { CheckDef, ConstraintDef, UniqueDef } from "./constraint-defs.ts";
export type { CodeStep, Operation, RunCodeContext, Step } from "./operation.ts";
export type { MigrateTarget, PlanStep } from "./plan.ts";
export type { Ask, Questioner, RenameQuestion } from "./questioner.ts";
export { RECORDER_TABLE } from "./recorder.ts";
export {
  type FieldDef,
  fromModels,
  type IndexDef,
  type ModelOptionsDef,
  type ModelState,
  type ProjectState,
  toModels,
} from "./state.ts";
export { type SquashOptions, squashmigrations } from "./squash.ts";
export { writeMigration } from "./writer.ts";
