/**
 * `validateUnique()` and `validate()`: the uniqueness half of Django's `full_clean()`. Unlike
 * the checks of `fullClean()` it needs the stored rows, so it is async and runs one EXISTS
 * query per unique set on the database the instance belongs to (the one `save()` would write
 * to). The sets are every `unique` field (and the primary key of an unsaved instance), every
 * `uniqueTogether` set and unique index, and every `unique()` constraint. As in SQL, a set
 * holding a NULL never collides, so it is not queried; a conditional constraint is queried
 * only when the instance meets its condition, and then among the rows that meet it too.
 * @module
 */
import type { Database } from "../db/index.ts";
import type { Node } from "../query/node.ts";
import { resolveDatabase, type Using } from "../query/using.ts";
import { evaluate, fieldsOf } from "./constraint-eval.ts";
import {
  type ConstraintError,
  NON_FIELD_ERRORS,
  type UniqueConstraintMeta,
} from "./constraints.ts";
import {
  ERR_ORM_QUERY,
  ERR_ORM_STATE,
  type FieldError,
  ormError,
  ValidationError,
} from "./errors.ts";
import { deferredOf, originOf } from "./instance.ts";
import { type FieldMeta, type ModelMeta, snakeCase } from "./meta.ts";
import { modelOf } from "./registry.ts";
import type { ValidateOptions } from "./types.ts";
import { fullClean } from "./validate.ts";

type Obj = Record<string, unknown>;
type Failures = Record<string, FieldError[]>;

/** One set of fields whose combined values are unique; from a `unique()` when `constraint`. */
interface UniqueSet {
  readonly fields: readonly FieldMeta[];
  readonly constraint?: UniqueConstraintMeta;
}

const setsByMeta = new WeakMap<ModelMeta, readonly UniqueSet[]>();

/**
 * The model's unique sets, in declaration order. A set declared twice (a `unique` field also
 * listed as a unique index) is checked once; `unique()` constraints are kept apart, as each has
 * its name and may have its message or condition.
 */
function uniqueSets(meta: ModelMeta): readonly UniqueSet[] {
  let sets = setsByMeta.get(meta);
  if (sets !== undefined) return sets;
  const byColumn = new Map(meta.fields.map((f) => [f.column, f]));
  const seen = new Set<string>();
  const out: UniqueSet[] = [];
  const add = (fields: readonly FieldMeta[]) => {
    const key = fields
      .map((f) => f.attr)
      .sort()
      .join("\0");
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ fields });
  };
  for (const f of meta.fields) if (f.primaryKey || f.spec.unique === true) add([f]);
  const columns = (cols: readonly string[]) => cols.map((c) => byColumn.get(c)!);
  for (const u of meta.uniqueTogether) add(columns(u.columns));
  for (const ix of meta.indexes) if (ix.unique) add(columns(ix.columns));
  for (const c of meta.constraints)
    if (c.kind === "unique")
      out.push({ fields: c.fields.map((n) => meta.byName.get(n)!), constraint: c });
  sets = out;
  setsByMeta.set(meta, sets);
  return sets;
}

/** `exclude` as row properties; a field name (`author` for `authorId`) is accepted too. */
function excluded(meta: ModelMeta, names: readonly string[] | undefined): Set<string> {
  const out = new Set<string>();
  if (names === undefined) return out;
  if (!Array.isArray(names))
    throw ormError(ERR_ORM_QUERY, `${meta.label}: exclude takes an array of field names`);
  for (const n of names) {
    const f = typeof n === "string" ? (meta.byAttr.get(n) ?? meta.byName.get(n)) : undefined;
    if (f === undefined)
      throw ormError(ERR_ORM_QUERY, `${meta.label} has no field ${JSON.stringify(n)} in exclude`);
    out.add(f.attr);
  }
  return out;
}

/** The database `save()` would use: the given one, else the instance's own, else the routed one. */
function databaseOf(meta: ModelMeta, obj: object, using: unknown): Database {
  if (using !== undefined) return resolveDatabase(using as Using, meta.label, true);
  return originOf(obj) ?? resolveDatabase(undefined, meta.label, true);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A field's label: its `verboseName`, else its name in words (`id` is "ID", as in Django). */
function label(f: FieldMeta): string {
  if (f.spec.verboseName !== undefined) return capitalize(f.spec.verboseName);
  if (f.primaryKey && f.name === "id") return "ID";
  return capitalize(snakeCase(f.name).replaceAll("_", " "));
}

/** "A", "A and B", "A, B and C". */
function listed(items: readonly string[]): string {
  if (items.length < 2) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** Where a collision of `set` is reported, and how. */
function failure(meta: ModelMeta, set: UniqueSet): [string, FieldError] {
  const c = set.constraint;
  const single = set.fields.length === 1;
  const named = c !== undefined ? { constraint: c.name } : {};
  // A condition or a message of its own makes it a constraint's failure, as Django reports it.
  if (c !== undefined && (c.cond !== undefined || c.violationErrorMessage !== undefined)) {
    const message = c.violationErrorMessage ?? `Constraint "${c.name}" is violated`;
    const e: ConstraintError = { code: "constraint", message, constraint: c.name };
    return [NON_FIELD_ERRORS, e];
  }
  const message = `${capitalize(meta.verboseName)} with this ${listed(set.fields.map(label))} already exists.`;
  if (single) return [set.fields[0]!.attr, { code: "unique", message, ...named }];
  return [NON_FIELD_ERRORS, { code: "unique_together", message, ...named }];
}

function exact(meta: ModelMeta, f: FieldMeta, v: unknown): Node {
  return { t: "cmp", table: meta.table, f, op: "exact", v };
}

/**
 * The query that finds another row holding `set`'s values, or `undefined` when the set is not
 * to be checked: a field excluded, not loaded (`only`/`defer`) or NULL; the primary key of a
 * stored instance; a condition the instance does not meet (or that cannot be decided in JS).
 */
function probe(
  meta: ModelMeta,
  obj: Obj,
  set: UniqueSet,
  skip: ReadonlySet<string>,
  stored: boolean,
): Node[] | undefined {
  const absent = deferredOf(obj);
  const items: Node[] = [];
  for (const f of set.fields) {
    if (skip.has(f.attr) || absent?.has(f.attr)) return undefined;
    if (f.primaryKey && stored) return undefined;
    const v = obj[f.attr];
    if (v === null || v === undefined) return undefined;
    items.push(exact(meta, f, v));
  }
  const cond = set.constraint?.cond;
  if (cond !== undefined) {
    for (const attr of fieldsOf(cond)) if (skip.has(attr) || absent?.has(attr)) return undefined;
    // Outside the condition (false or unknown) the row is in no partial index; SKIP: leave it
    // to the database rather than report a collision that may not be one.
    if (evaluate(cond, obj) !== true) return undefined;
  }
  return items;
}

/** The failures of `obj`'s unique sets, by row property (and `NON_FIELD_ERRORS`). */
async function uniqueFailures(
  meta: ModelMeta,
  obj: Obj,
  skip: ReadonlySet<string>,
  using: unknown,
): Promise<Failures> {
  const model = modelOf(meta);
  if (model === undefined)
    throw ormError(ERR_ORM_STATE, `${meta.label} is not a registered model: no rows to query`);
  const db = databaseOf(meta, obj, using);
  const pk = obj[meta.pk.attr];
  // As Django: only a loaded or saved instance is itself a row to leave out.
  const stored = originOf(obj) !== undefined && pk !== null && pk !== undefined;
  const failures: Failures = {};
  // One query at a time: inside atomic() they share the block's connection.
  for (const set of uniqueSets(meta)) {
    const items = probe(meta, obj, set, skip, stored);
    if (items === undefined) continue;
    let qs = model.objects.using(db).whereNode({ t: "and", items });
    const c = set.constraint;
    if (c?.condition !== undefined) qs = qs.filter(c.condition);
    if (stored) qs = qs.whereNode({ t: "not", item: exact(meta, meta.pk, pk) });
    if (!(await qs.exists())) continue;
    const [key, error] = failure(meta, set);
    (failures[key] ??= []).push(error);
  }
  return failures;
}

/** Every failure list of `a` and `b`, fields in the model's order, `NON_FIELD_ERRORS` last. */
function merged(meta: ModelMeta, a: Failures, b: Failures): Failures {
  const out: Failures = {};
  for (const key of [...meta.fields.map((f) => f.attr), NON_FIELD_ERRORS]) {
    const errors = [...(a[key] ?? []), ...(b[key] ?? [])];
    if (errors.length > 0) out[key] = errors;
  }
  return out;
}

/** Throw a `ValidationError` listing every unique set of `obj` another stored row holds. */
export async function validateUnique(
  meta: ModelMeta,
  obj: Obj,
  options: ValidateOptions = {},
): Promise<void> {
  const failures = await uniqueFailures(meta, obj, excluded(meta, options.exclude), options.using);
  if (Object.keys(failures).length > 0) throw new ValidationError(meta.label, failures);
}

/**
 * `fullClean()` then the unique sets, as Django's `full_clean()`: one `ValidationError` with
 * both kinds of failure. A field that already failed is not queried for (its value is wrong).
 */
export async function validate(
  meta: ModelMeta,
  obj: Obj,
  options: ValidateOptions = {},
): Promise<void> {
  const skip = excluded(meta, options.exclude);
  let clean: Failures = {};
  try {
    fullClean(meta, obj, { exclude: [...skip] });
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    clean = Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k, [...v]]));
  }
  for (const key of Object.keys(clean)) if (key !== NON_FIELD_ERRORS) skip.add(key);
  const failures = merged(meta, clean, await uniqueFailures(meta, obj, skip, options.using));
  if (Object.keys(failures).length > 0) throw new ValidationError(meta.label, failures);
}
