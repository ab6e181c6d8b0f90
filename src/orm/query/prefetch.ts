/**
 * `prefetchRelated`: load a relation for many instances at once. For each relation name, one
 * query fetches the related rows of every instance (`... where fk in (keys)`), and a many-to-many
 * first fetches its links from the through table. A single-valued relation (a forward foreign
 * key or one-to-one, or a one-to-one's reverse side) puts the related instance, or `null`, on
 * each instance under its name, as `selectRelated` does, so `book.author.name` reads the same
 * after either. A multi-valued relation's rows are kept on each instance under a
 * non-enumerable symbol (so its enumerable properties stay its row, and a spread copy does not
 * carry them) for its related manager to return. A symbol rather than a WeakMap: a WeakMap entry
 * per loaded instance made the garbage collector's ephemeron work a quarter of a prefetch's time.
 * @module
 */
import type { Database } from "../db/index.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMap } from "../model/field.ts";
import type { FieldMeta } from "../model/meta.ts";
import type { AnyModel } from "../model/model.ts";
import { relationsOf } from "../model/relations.ts";
import { cmp } from "./node.ts";
import type { QuerySet } from "./queryset.ts";

type Obj = Record<string, unknown>;
type AnyQs = QuerySet<FieldMap, any>;

const LOADED = Symbol("flagon.prefetched");

type Loaded = Map<string, readonly unknown[]>;
type Holder = { [LOADED]?: Loaded };

/** The rows prefetched for `owner`'s relation `name`, if any. */
export function prefetched(owner: object, name: string): readonly unknown[] | undefined {
  return (owner as Holder)[LOADED]?.get(name);
}

/** Drop what was prefetched for `owner`'s relation (its links just changed). */
export function forget(owner: object, name: string): void {
  (owner as Holder)[LOADED]?.delete(name);
}

function keep(owner: object, name: string, rows: readonly unknown[]): void {
  let m = (owner as Holder)[LOADED];
  if (m === undefined) {
    m = new Map();
    Object.defineProperty(owner, LOADED, { value: m, enumerable: false });
  }
  m.set(name, rows);
}

/** Append `row` to the list under `key`, making the list on first use. */
function push(groups: Map<unknown, unknown[]>, key: unknown, row: unknown): void {
  const list = groups.get(key);
  if (list === undefined) groups.set(key, [row]);
  else list.push(row);
}

/** Group paths by their first name: `["a.b", "a.c", "d"]` → a: [b, c], d: []. */
function byHead(paths: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of paths) {
    const dot = p.indexOf(".");
    const head = dot < 0 ? p : p.slice(0, dot);
    const list = out.get(head) ?? [];
    if (dot >= 0) list.push(p.slice(dot + 1));
    out.set(head, list);
  }
  return out;
}

/** Put `value` on `owner` under `name` as `selectRelated` does: not enumerable, replaceable. */
function attach(owner: object, name: string, value: unknown): void {
  Object.defineProperty(owner, name, {
    value,
    enumerable: false,
    configurable: true,
    writable: true,
  });
}

/**
 * `target`'s rows whose `on` is in `keys`, prefetching `rest` from them in turn; `unordered`
 * for single-valued relations, whose rows are looked up by key (the order would only cost a sort).
 */
function relatedRows(
  target: AnyModel,
  on: FieldMeta,
  keys: readonly unknown[],
  rest: readonly string[],
  db: Database,
  unordered = false,
): Promise<Obj[]> {
  let qs = (target.objects as AnyQs).using(db).whereNode(cmp(target.meta.table, on, "in", keys));
  if (unordered) qs = qs.orderBy();
  return (rest.length > 0 ? qs.prefetchRelated(...(rest as never[])) : qs) as PromiseLike<
    Obj[]
  > as Promise<Obj[]>;
}

/**
 * A single-valued step: a forward foreign key (`book.author`), or the reverse side of a
 * one-to-one (`place.restaurant`). One query for every distinct key; each owner gets the
 * instance, or `null`, under `name`. Owners that `selectRelated` already joined are not
 * queried again: the nested paths go on from the joined instances.
 */
async function prefetchOne(
  objs: readonly Obj[],
  name: string,
  target: AnyModel,
  own: FieldMeta,
  on: FieldMeta,
  rest: readonly string[],
  db: Database,
): Promise<void> {
  if (objs.every((o) => Object.hasOwn(o, name))) {
    const joined = objs.map((o) => o[name]).filter((o): o is Obj => o !== null && o !== undefined);
    if (rest.length > 0 && joined.length > 0) await prefetch(target, joined, rest, db);
    return;
  }
  const keys = new Set<unknown>();
  for (const o of objs) {
    const k = o[own.attr];
    if (k !== null && k !== undefined) keys.add(k);
  }
  const found = new Map<unknown, Obj>();
  if (keys.size > 0)
    for (const row of await relatedRows(target, on, [...keys], rest, db, true))
      found.set(row[on.attr], row);
  for (const o of objs) attach(o, name, found.get(o[own.attr]) ?? null);
}

/** The model `name` leads to from `model`, if it names a relation of any kind. */
function stepModel(model: AnyModel, name: string): AnyModel | undefined {
  const f = model.meta.byName.get(name);
  if (f !== undefined)
    return f.spec.kind === "foreignKey" ? (f.spec.target!() as AnyModel) : undefined;
  return relationsOf(model).get(name)?.target;
}

/**
 * Check every segment of `paths` from `model` before loading anything, so a wrong one fails
 * naming itself whether or not rows reach it (a nested segment is otherwise only looked at when
 * there are related rows to go on from). When the queryset runs, not when it is made, as in
 * Django: a reverse relation exists once the model declaring its foreign key is imported.
 * Typed code cannot get here with a segment the types see to be wrong.
 */
function checkPrefetch(model: AnyModel, paths: readonly string[]): void {
  for (const path of paths) {
    let at = model;
    for (const name of path.split(".")) {
      const next = stepModel(at, name);
      if (next === undefined)
        throw ormError(
          ERR_ORM_QUERY,
          `${at.meta.label} has no relation "${name}" to prefetch (in "${path}"): a foreign key, one-to-one, reverse or many-to-many relation`,
        );
      at = next;
    }
  }
}

/** Load `paths` for `objs` (instances of `model`) from `db`. */
export async function prefetch(
  model: AnyModel,
  objs: readonly Obj[],
  paths: readonly string[],
  db: Database,
): Promise<void> {
  checkPrefetch(model, paths);
  const meta = model.meta;
  const pk = meta.pk.attr;
  let keys: unknown[] | undefined;
  for (const [name, rest] of byHead(paths)) {
    const fk = meta.byName.get(name);
    if (fk !== undefined && fk.spec.kind === "foreignKey") {
      const target = fk.spec.target!() as AnyModel;
      await prefetchOne(objs, name, target, fk, target.meta.pk, rest, db);
      continue;
    }
    const rel = fk === undefined ? relationsOf(model).get(name) : undefined;
    if (rel === undefined)
      throw ormError(
        ERR_ORM_QUERY,
        `${meta.label} has no relation "${name}" to prefetch (a foreign key, one-to-one, reverse or many-to-many relation)`,
      );
    const { through, src, dst, target } = rel;
    if (rel.one) {
      await prefetchOne(objs, name, target, meta.pk, src, rest, db);
      continue;
    }
    keys ??= [...new Set(objs.map((o) => o[pk]))];
    const tpk = target.meta.pk.attr;
    const groups = new Map<unknown, unknown[]>();
    if (keys.length > 0 && dst === undefined) {
      for (const row of await relatedRows(target, src, keys, rest, db))
        push(groups, row[src.attr], row);
    } else if (keys.length > 0 && dst !== undefined) {
      const links = (await (through.objects as AnyQs)
        .using(db)
        .whereNode(cmp(through.meta.table, src, "in", keys))
        .valuesList(src.attr as never, dst.attr as never)) as unknown as [unknown, unknown][];
      const wanted = [...new Set(links.map(([, b]) => b))];
      const rows =
        wanted.length > 0 ? await relatedRows(target, target.meta.pk, wanted, rest, db) : [];
      // Walk the related rows in their own order, so each owner's list keeps that order.
      const owners = new Map<unknown, unknown[]>();
      for (const [a, b] of links) push(owners, b, a);
      for (const row of rows) for (const a of owners.get(row[tpk]) ?? []) push(groups, a, row);
    }
    for (const o of objs) keep(o, name, groups.get(o[pk]) ?? []);
  }
}
