/**
 * The schema editor: per-dialect DDL for a model's table (migrations build on it).
 * @module
 */
export {
  columnSql,
  defaultSql,
  constraintName,
  createModel,
  createModelSql,
  createTableSql,
  deleteModel,
  deleteModelSql,
  foreignKeyName,
  foreignKeySql,
  indexSql,
} from "./schema-editor.ts";
export {
  addColumnSql,
  addUniqueSql,
  alterColumnSql,
  dropColumnSql,
  dropIndexSql,
  dropUniqueTogetherSql,
  literalSql,
  rebuildTableSql,
  renameColumnSql,
  renameTableSql,
  sameColumns,
} from "./alter.ts";
export { renameDerivedNamesSql } from "./rename-names.ts";
export {
  addConstraintSql,
  conditionSql,
  constraintLineSql,
  dropConstraintSql,
} from "./constraint-sql.ts";
