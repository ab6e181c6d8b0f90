/**
 * Instances: a row's values as own properties (so spreading or `JSON.stringify` gives the plain
 * row) on a per-model prototype that holds `save`, `delete`, `refreshFromDb`, `fullClean`,
 * `validateUnique` and `validate`.
 * Where an instance came from is kept off it: a loaded instance's prototype is one per (model,
 * database) that names the database under a symbol, on top of the model's prototype, so loading
 * a row costs no per-instance bookkeeping. A WeakMap records only the instances whose database
 * changed since (saved elsewhere, deleted, built then saved).
 * @module
 */
import { atomic, type Database, type DialectName, type Row } from "../db/index.ts";
import { FIELDS_PROTO } from "../../utils/index.ts";
import type { Node } from "../query/node.ts";
import { compileDelete, compileInsert, compileSelect, compileUpdate } from "../query/statements.ts";
import { resolveDatabase, run, type Using } from "../query/using.ts";
import { fromDb } from "./convert.ts";
import { compileRowFill, type RowFill } from "./row-fill.ts";
import { DoesNotExist, ERR_ORM_QUERY, ERR_ORM_STATE, ormError } from "./errors.ts";
import type { FieldMeta, ModelMeta } from "./meta.ts";
import type { CleanOptions, SaveOptions, ValidateOptions } from "./types.ts";
import { fullClean } from "./validate.ts";
import { validate, validateUnique } from "./validate-unique.ts";
import { relatedManager } from "../query/related-manager.ts";
import { deleteCollected, needsCollector } from "../query/deletion.ts";
import { modelOf, registryVersion } from "./registry.ts";
import { postSave, preSave } from "./signals.ts";
import { relationsOf } from "./relations.ts";

type Obj = Record<string, unknown>;

/** On a per-(model, database) prototype: the database its instances were loaded from. */
const ORIGIN = Symbol("flagon.origin");
/** Instances whose database is not their prototype's: another one, or none (`null`). */
const moved = new WeakMap<object, Database | null>();

interface Protos {
  readonly version: number;
  readonly model: object;
  readonly byDb: WeakMap<Database, object>;
  /** Per dialect, the generated fill of the full field list (see row-fill.ts). */
  readonly fills: Map<DialectName, RowFill | undefined>;
}
const protos = new WeakMap<ModelMeta, Protos>();

/** The database an instance was loaded from or saved to. */
function originGet(obj: object): Database | undefined {
  const m = moved.get(obj);
  if (m !== undefined) return m ?? undefined;
  return (obj as { [ORIGIN]?: Database })[ORIGIN];
}

/** Record `obj`'s database (`undefined`: none). */
function originSet(obj: object, db: Database | undefined): void {
  if ((obj as { [ORIGIN]?: Database })[ORIGIN] === db) moved.delete(obj);
  else moved.set(obj, db ?? null);
}

/**
 * Instances loaded with `only()`/`defer()`: the row properties left out. They are absent from
 * the object (a plain row cannot load on access without making every read async), `save()`
 * writes only the loaded fields, as Django's does, and `refreshFromDb()` loads them all.
 */
const deferred = new WeakMap<object, ReadonlySet<string>>();

/** The row properties `obj` was loaded without (`only`/`defer`), if any. */
export function deferredOf(obj: object): ReadonlySet<string> | undefined {
  return deferred.get(obj);
}

/** `proto` marked as holding no fields (see `FIELDS_PROTO`), with its relation managers. */
function withFieldsMark(meta: ModelMeta, proto: object): object {
  Object.defineProperty(proto, FIELDS_PROTO, { value: true });
  return withManagers(meta, proto);
}

/**
 * A getter per reverse and many-to-many relation: `question.choices` is a manager bound to the
 * instance, `place.restaurant` (a one-to-one's reverse side) the awaitable related row. Rows
 * loaded by `selectRelated`/`prefetchRelated` are own properties of the instance, which shadow
 * these getters.
 */
function withManagers(meta: ModelMeta, proto: object): object {
  const model = modelOf(meta);
  if (model === undefined) return proto;
  for (const rel of relationsOf(model).values()) {
    Object.defineProperty(proto, rel.name, {
      get(this: Obj) {
        return relatedManager(this, model, rel);
      },
      enumerable: false,
    });
  }
  return proto;
}

function pkNode(meta: ModelMeta, value: unknown): Node {
  return { t: "cmp", table: meta.table, f: meta.pk, op: "exact", v: value };
}

function isAuto(f: FieldMeta): boolean {
  return f.spec.kind === "auto" || f.spec.kind === "bigAuto";
}

function dbFor(obj: object, meta: ModelMeta, using: unknown): Database {
  if (using !== undefined) return resolveDatabase(using as Using, meta.label, true);
  return originGet(obj) ?? resolveDatabase(undefined, meta.label, true);
}

async function insert(obj: Obj, meta: ModelMeta, db: Database): Promise<void> {
  if (meta.parent !== undefined) {
    // Multi-table inheritance: the parent's row first, whose key is this table's key too.
    await insert(obj, meta.parent.meta, db);
    obj[meta.parent.link.attr] = obj[meta.parent.meta.pk.attr];
    meta = meta.local!;
  }
  const auto = isAuto(meta.pk) && (obj[meta.pk.attr] === null || obj[meta.pk.attr] === undefined);
  // A field with a database default and no value is left out, for the database to fill.
  const filled = meta.fields.filter(
    (f) => f.dbDefault !== undefined && !f.primaryKey && obj[f.attr] === undefined,
  );
  const row = meta.fields
    .filter((f) => !(auto && f.primaryKey) && !filled.includes(f))
    .map((f) => [f, obj[f.attr] ?? null] as const);
  const conn = await db.connection();
  const dialect = conn.dialect.name;
  // MariaDB's RETURNING sends a result set; for the generated key alone the OK packet's insert
  // id is enough and cheaper (measured: about 10% of an insert), as on MySQL.
  const keyFromInsertId = dialect === "mariadb" || dialect === "mysql";
  const returning =
    conn.dialect.supportsReturning && (filled.length > 0 || (auto && !keyFromInsertId));
  const { sql, params } = compileInsert(meta, row, returning, dialect, filled);
  const res = await conn.query(sql, params);
  if (auto) {
    const raw = returning ? res.rows[0]?.[meta.pk.column] : res.insertId;
    obj[meta.pk.attr] = fromDb(meta.pk, raw, dialect);
  }
  if (filled.length === 0) return;
  let back = returning ? res.rows[0] : undefined;
  if (back === undefined) {
    // No RETURNING (MySQL): read the defaults back by key.
    const spec = {
      meta,
      where: pkNode(meta, obj[meta.pk.attr]),
      order: [],
      limit: undefined,
      offset: undefined,
      columns: filled,
    };
    const q = compileSelect(spec, dialect);
    back = (await conn.query(q.sql, q.params)).rows[0];
  }
  for (const f of filled) obj[f.attr] = fromDb(f, back?.[f.column], dialect);
}

async function save(this: Obj, meta: ModelMeta, options: SaveOptions = {}): Promise<void> {
  const db = dbFor(this, meta, options.using);
  const model = modelOf(meta);
  if (model !== undefined) await preSave.send({ sender: model, instance: this, using: db });
  const pk = this[meta.pk.attr];
  let created = false;
  if (meta.parent !== undefined) {
    // A multi-table child writes two tables or more: all of them or none.
    const done = await atomic(() => saveLevels(this, meta, db, options), { using: db });
    if (done === undefined) return;
    created = done;
  } else if (
    options.forceInsert ||
    pk === null ||
    pk === undefined ||
    originGet(this) === undefined
  ) {
    // A new instance with a key given (a UUID, say) is inserted; an UPDATE would find no row.
    await insert(this, meta, db);
    created = true;
  } else {
    const only = options.updateFields;
    for (const name of only ?? []) {
      if (!meta.byAttr.has(name))
        throw ormError(ERR_ORM_QUERY, `${meta.label} has no field "${name}" in updateFields`);
    }
    const absent = deferred.get(this);
    const fields = meta.fields.filter(
      (f) =>
        !f.primaryKey &&
        (only ? only.includes(f.attr) : absent === undefined || !absent.has(f.attr)),
    );
    // As in Django, an empty updateFields saves nothing (and sends no postSave).
    if (fields.length === 0) return;
    const set = fields.map((f) => [f, this[f.attr] ?? null] as const);
    const res = await run(db, (d) => compileUpdate(meta, pkNode(meta, pk), set, d));
    // The row vanished since it was loaded: write it again, as Django does.
    if (res.rowCount === 0 && !only) {
      await insert(this, meta, db);
      created = true;
    }
  }
  originSet(this, db);
  if (model !== undefined)
    await postSave.send({ sender: model, instance: this, using: db, created });
}

/** The tables of a multi-table child, the root parent's first, each as its own meta. */
function levels(meta: ModelMeta): ModelMeta[] {
  return meta.parent === undefined ? [meta] : [...levels(meta.parent.meta), meta.local!];
}

/**
 * `save()` of a multi-table child: INSERT into every table (parents first) when new, else an
 * UPDATE per table of its own fields, inserting a table's row that has vanished, as Django
 * does. Whether it inserted; `undefined` when `updateFields` left nothing to write.
 */
async function saveLevels(
  obj: Obj,
  meta: ModelMeta,
  db: Database,
  options: SaveOptions,
): Promise<boolean | undefined> {
  const pk = obj[meta.pk.attr];
  if (options.forceInsert || pk === null || pk === undefined || originGet(obj) === undefined) {
    await insert(obj, meta, db);
    return true;
  }
  const only = options.updateFields;
  for (const name of only ?? [])
    if (!meta.byAttr.has(name))
      throw ormError(ERR_ORM_QUERY, `${meta.label} has no field "${name}" in updateFields`);
  // Every table's key is the same value: one given (a fixture's pk) keys them all.
  for (const level of levels(meta)) obj[level.pk.attr] ??= pk;
  const absent = deferred.get(obj);
  const wanted = (f: FieldMeta) =>
    !f.primaryKey && (only ? only.includes(f.attr) : absent === undefined || !absent.has(f.attr));
  if (!meta.fields.some(wanted)) return undefined;
  let created = false;
  for (const level of levels(meta)) {
    const fields = level.fields.filter(wanted);
    if (fields.length === 0) continue;
    const set = fields.map((f) => [f, obj[f.attr] ?? null] as const);
    const key = obj[level.pk.attr];
    const res = await run(db, (d) => compileUpdate(level, pkNode(level, key), set, d));
    if (res.rowCount === 0 && !only) {
      await insert(obj, level, db);
      created = true;
    }
  }
  return created;
}

async function remove(
  this: Obj,
  meta: ModelMeta,
  options: { using?: unknown; keepParents?: boolean } = {},
) {
  const pk = this[meta.pk.attr];
  if (pk === null || pk === undefined)
    throw ormError(ERR_ORM_STATE, `${meta.name} cannot be deleted: it has no primary key`);
  const db = dbFor(this, meta, options.using);
  const model = modelOf(meta);
  // Rows point here, or receivers listen: apply the onDelete rules and send the signals.
  if (model !== undefined && needsCollector(model))
    await deleteCollected(model, [this], db, { keepParents: options.keepParents === true });
  else await run(db, (d) => compileDelete(meta, pkNode(meta, pk), d));
  this[meta.pk.attr] = null;
  originSet(this, undefined);
}

async function refresh(this: Obj, meta: ModelMeta): Promise<void> {
  const pk = this[meta.pk.attr];
  if (pk === null || pk === undefined)
    throw ormError(ERR_ORM_STATE, `${meta.name} cannot be refreshed: it has no primary key`);
  const db = dbFor(this, meta, undefined);
  const conn = await db.connection();
  const spec = {
    meta,
    where: pkNode(meta, pk),
    order: [],
    limit: undefined,
    offset: undefined,
    columns: meta.fields,
  };
  const { sql, params } = compileSelect(spec, conn.dialect.name);
  const res = await conn.query(sql, params);
  const raw = res.rows[0];
  if (raw === undefined) throw new DoesNotExist(meta.label);
  for (const f of meta.fields) this[f.attr] = fromDb(f, raw[f.column], conn.dialect.name);
  deferred.delete(this);
}

/**
 * Write a multi-table child's row whose key some of its tables may hold already (loaddata: the
 * parent's row came from the parent's own record): each table's row is updated, or inserted
 * where missing. Without a key it is a plain insert into every table. No signals are sent.
 */
export async function saveInheritedRow(meta: ModelMeta, values: Obj, db: Database): Promise<Obj> {
  const obj = build(meta, values);
  const pk = obj[meta.pk.attr];
  if (pk !== null && pk !== undefined) originSet(obj, db);
  // As loaddata's other writes: no save signals (the caller runs it in a transaction).
  await saveLevels(obj, meta, db, {});
  originSet(obj, db);
  return obj;
}

/** Record that `obj` is stored in `db` (a bulk insert wrote it without `save()`). */
export function markSaved(obj: object, db: Database): void {
  originSet(obj, db);
}

/** The database `obj` was loaded from or saved to, if any. */
export function originOf(obj: object): Database | undefined {
  return originGet(obj);
}

/** `meta`'s prototypes (made again only when models were declared since). */
function protosOf(meta: ModelMeta): Protos {
  const version = registryVersion();
  let p = protos.get(meta);
  if (p === undefined || p.version !== version) {
    const model = Object.freeze(
      withFieldsMark(meta, {
        save(this: Obj, options?: SaveOptions) {
          return save.call(this, meta, options);
        },
        delete(this: Obj, options?: { using?: unknown; keepParents?: boolean }) {
          return remove.call(this, meta, options);
        },
        refreshFromDb(this: Obj) {
          return refresh.call(this, meta);
        },
        fullClean(this: Obj, options?: CleanOptions) {
          fullClean(meta, this, options);
        },
        validateUnique(this: Obj, options?: ValidateOptions) {
          return validateUnique(meta, this, options);
        },
        validate(this: Obj, options?: ValidateOptions) {
          return validate(meta, this, options);
        },
      }),
    );
    p = { version, model, byDb: new WeakMap(), fills: new Map() };
    protos.set(meta, p);
  }
  return p;
}

/** The prototype of `meta`'s unsaved instances. */
export function protoFor(meta: ModelMeta): object {
  return protosOf(meta).model;
}

/** The prototype of `meta`'s instances loaded from `db`: the model's, plus the origin. */
function loadedProto(meta: ModelMeta, db: Database): object {
  const p = protosOf(meta);
  let proto = p.byDb.get(db);
  if (proto === undefined) {
    proto = Object.freeze(
      Object.create(p.model, { [ORIGIN]: { value: db, enumerable: false } }) as object,
    );
    p.byDb.set(db, proto);
  }
  return proto;
}

/**
 * What turns one query's result rows into instances of `meta` loaded from `db`: the prototype
 * and, for the full field list, the generated fill are looked up once per query, not per row.
 */
export function hydrator(
  meta: ModelMeta,
  dialect: DialectName,
  db: Database,
  fields: readonly FieldMeta[] = meta.fields,
): (raw: Row) => Obj {
  const p = protosOf(meta);
  const proto = loadedProto(meta, db);
  if (fields === meta.fields) {
    let fill = p.fills.get(dialect);
    if (!p.fills.has(dialect)) {
      fill = compileRowFill(fields, dialect);
      p.fills.set(dialect, fill);
    }
    if (fill !== undefined) return (raw) => fill(proto, raw) as Obj;
  }
  return (raw) => fillLoop(proto, meta, raw, dialect, fields);
}

/** An instance from a result row (columns → row properties, values → JS types). */
export function hydrate(
  meta: ModelMeta,
  raw: Row,
  dialect: DialectName,
  db: Database,
  fields: readonly FieldMeta[] = meta.fields,
): Obj {
  return fillLoop(loadedProto(meta, db), meta, raw, dialect, fields);
}

/** The generic fill: any field list, remembering the fields `only()`/`defer()` left out. */
function fillLoop(
  proto: object,
  meta: ModelMeta,
  raw: Row,
  dialect: DialectName,
  fields: readonly FieldMeta[],
): Obj {
  const obj = Object.create(proto) as Obj;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    obj[f.attr] = fromDb(f, raw[f.column], dialect);
  }
  if (fields !== meta.fields && fields.length < meta.fields.length) {
    const loaded = new Set(fields);
    deferred.set(obj, new Set(meta.fields.filter((f) => !loaded.has(f)).map((f) => f.attr)));
  }
  return obj;
}

/** A new, unsaved instance: given values, else each field's default, else null. */
export function build(meta: ModelMeta, values: Obj): Obj {
  const obj = Object.create(protoFor(meta)) as Obj;
  for (const key of Object.keys(values)) {
    if (!meta.byAttr.has(key))
      throw ormError(ERR_ORM_QUERY, `${meta.label} has no field "${key}" to set`);
  }
  for (const f of meta.fields) {
    const given = values[f.attr];
    if (given !== undefined) obj[f.attr] = given;
    else {
      const d = f.spec.default;
      // Left undefined, a field with a database default is filled by the database on save().
      if (d === undefined && f.dbDefault !== undefined) obj[f.attr] = undefined;
      else obj[f.attr] = typeof d === "function" ? (d as () => unknown)() : (d ?? null);
    }
  }
  return obj;
}
