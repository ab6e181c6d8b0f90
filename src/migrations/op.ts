/**
 * `op`: the operation builders migration files call (`op.createModel(...)`, `op.addField(...)`),
 * and `migration()`, the shape of a migration file's default export.
 * @module
 */
import { noop, runCode, runSql } from "./code-ops.ts";
import { addField, alterField, removeField, renameField } from "./field-ops.ts";
import { addConstraint, addIndex, removeConstraint, removeIndex } from "./index-ops.ts";
import { alterModelTable, createModel, deleteModel, renameModel } from "./model-ops.ts";
import type { Operation } from "./operation.ts";

export const op = Object.freeze({
  createModel,
  deleteModel,
  renameModel,
  alterModelTable,
  addField,
  removeField,
  alterField,
  renameField,
  addIndex,
  removeIndex,
  addConstraint,
  removeConstraint,
  runSql,
  runCode,
  noop,
});

/** A dependency: `[app, migrationName]`. */
export type Dependency = readonly [string, string];

export interface MigrationSpec {
  readonly dependencies?: readonly Dependency[];
  readonly operations: readonly Operation[];
  /** Run in one transaction where the backend can roll DDL back (default true). */
  readonly atomic?: boolean;
  /** For a squashed migration: the migrations it stands for. */
  readonly replaces?: readonly Dependency[];
}

/** A migration file's default export. */
export function migration(spec: MigrationSpec): MigrationSpec {
  return Object.freeze({ ...spec });
}
