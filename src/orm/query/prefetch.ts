/**
 * `prefetchRelated`: load a relation for many instances at once. For each relation name, one
 * query fetches the related rows of every instance (`... where fk in (keys)`), and a many-to-many
 * first fetches its links from the through table. A single-valued relation (a forward foreign
 * key or one-to-one, or a one-to-one's reverse side) puts the related instance, or `null`, on
 * each instance under its name, as `selectRelated` does, so `book.author.name` reads the same
 * after either. A multi-valued relation's rows are kept on each instance, for its related
 * manager to return, in a private class field stamped onto it (see `Kept`): its enumerable
 * properties stay its row, and a spread copy, JSON or `deepEqual` never sees them. Not a
 * WeakMap: an entry per loaded instance made the garbage collector's ephemeron work a quarter of
 * a prefetch's time. Not a non-enumerable symbol property: `Object.defineProperty` per instance
 * cost three times the stamp.
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

type Rows = readonly unknown[];

/** A base whose constructor returns the object it is given, so a subclass can stamp fields on it. */
class Returning {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the point: fields land on `target`
    return target;
  }
}

/**
 * The prefetched lists of an instance, in private fields that `new Kept(owner)` adds to the
 * owner itself (a class's fields are defined on whatever its base constructor returned). A
 * private field is invisible to keys, spread, JSON and structural equality, and adding one is an
 * ordinary inline-cached store. The first relation's list sits in two fields, the rest in a map:
 * most owners have one, and a map per owner was a tenth of a prefetch's allocations.
 */
class Kept extends Returning {
  #name: string | undefined;
  #rows: Rows | undefined;
  #more: Map<string, Rows> | undefined;

  static rows(owner: object, name: string): Rows | undefined {
    if (!(#name in owner)) return undefined;
    const o = owner as Kept;
    return o.#name === name ? o.#rows : o.#more?.get(name);
  }

  static keep(owner: object, name: string, rows: Rows): void {
    if (!(#name in owner)) new Kept(owner);
    const o = owner as Kept;
    if (o.#name === undefined || o.#name === name) {
      o.#name = name;
      o.#rows = rows;
      o.#more?.delete(name);
    } else {
      o.#more ??= new Map();
      o.#more.set(name, rows);
    }
  }

  static forget(owner: object, name: string): void {
    if (!(#name in owner)) return;
    const o = owner as Kept;
    if (o.#name === name) {
      o.#name = undefined;
      o.#rows = undefined;
    }
    o.#more?.delete(name);
  }
}

/** The rows prefetched for `owner`'s relation `name`, if any. */
export function prefetched(owner: object, name: string): Rows | undefined {
  return Kept.rows(owner, name);
}

/** Drop what was prefetched for `owner`'s relation (its links just changed). */
export function forget(owner: object, name: string): void {
  Kept.forget(owner, name);
}

/** Keep `rows` as what was prefetched for `owner`'s relation `name`. */
export function keepPrefetched(owner: object, name: string, rows: readonly unknown[]): void {
  Kept.keep(owner, name, rows);
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
    keys ??= distinct(objs, pk);
    const tpk = target.meta.pk.attr;
    const groups = new Map<unknown, unknown[]>();
    if (keys.length > 0 && dst === undefined) {
      // Indexed loops here and below: this async function often runs unoptimized, where
      // `for...of` allocates an iterator result per row.
      const rows = await relatedRows(target, src, keys, rest, db);
      const on = src.attr;
      for (let i = 0; i < rows.length; i++) push(groups, rows[i]![on], rows[i]);
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
    for (let i = 0; i < objs.length; i++) {
      const o = objs[i]!;
      keepPrefetched(o, name, groups.get(o[pk]) ?? []);
    }
  }
}

/** The distinct values of `attr` over `objs`, in first-seen order. */
function distinct(objs: readonly Obj[], attr: string): unknown[] {
  const seen = new Set<unknown>();
  for (let i = 0; i < objs.length; i++) seen.add(objs[i]![attr]);
  return Array.from(seen);
}
