/**
 * The schema editor: per-dialect DDL for a model's table (migrations build on it).
 * @module
 */
export {
  constraintName,
  createModel,
  createModelSql,
  deleteModel,
  deleteModelSql,
} from "./schema-editor.ts";
