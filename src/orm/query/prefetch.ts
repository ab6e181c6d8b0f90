/**
 * `prefetchRelated`: load a relation for many instances at once. For each relation name, one
 * query fetches the related rows of every instance (`... where fk in (keys)`), and a many-to-many
 * first fetches its links from the through table. A single-valued relation (a forward foreign
 * key or one-to-one, or a one-to-one's reverse side) puts the related instance, or `null`, on
 * each instance under its name, as `selectRelated` does, so `book.author.name` reads the same
 * after either. A multi-valued relation's rows are kept on each instance for its related
 * manager to return (prefetch-kept.ts).
 *
 * `Prefetch(path, { queryset, toAttr })` (Django's `Prefetch` object, prefetch-lookup.ts) loads
 * the last relation of its path with its own queryset, and with `toAttr` puts the list (or the
 * instance, or `null`) on each instance under that name, non-enumerable as `selectRelated`'s,
 * leaving the relation's own place alone.
 * @module
 */
import type { Database } from "../db/index.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMap } from "../model/field.ts";
import { protoFor } from "../model/instance.ts";
import { concreteMeta, type FieldMeta } from "../model/meta.ts";
import type { AnyModel } from "../model/model.ts";
import { relationsOf } from "../model/relations.ts";
import { cmp } from "./node.ts";
import { keepPrefetched } from "./prefetch-kept.ts";
import { type Lookup, type PrefetchLookup, querysetOf } from "./prefetch-lookup.ts";
import type { QuerySet } from "./queryset.ts";

type Obj = Record<string, unknown>;
type AnyQs = QuerySet<FieldMap, any>;

/** Append `row` to the list under `key`, making the list on first use. */
function push(groups: Map<unknown, unknown[]>, key: unknown, row: unknown): void {
  const list = groups.get(key);
  if (list === undefined) groups.set(key, [row]);
  else list.push(row);
}

/**
 * One relation to load for the instances of a level: where its result goes, the lookup that
 * ends there (its queryset, if any, fetches the rows) and the lookups that go on from the rows.
 */
interface Branch {
  /** The relation's name on the owners' model. */
  readonly name: string;
  /** `toAttr`, or undefined for the relation's own place. */
  readonly to: string | undefined;
  /** The model the relation leads to. */
  readonly target: AnyModel;
  own: PrefetchLookup | undefined;
  readonly rest: PrefetchLookup[];
}

/** The model `name` leads to from `model`, if it names a relation of any kind. */
function stepModel(model: AnyModel, name: string): AnyModel | undefined {
  const f = model.meta.byName.get(name);
  if (f !== undefined)
    return f.spec.kind === "foreignKey" ? (f.spec.target!() as AnyModel) : undefined;
  return relationsOf(model).get(name)?.target;
}

/** The model relation `name` of `model` leads to; a coded error naming `path` if none. */
function relationTarget(model: AnyModel, name: string, path: string): AnyModel {
  const next = stepModel(model, name);
  if (next === undefined)
    throw ormError(
      ERR_ORM_QUERY,
      `${model.meta.label} has no relation "${name}" to prefetch (in "${path}"): a foreign key, one-to-one, reverse or many-to-many relation`,
    );
  return next;
}

/** Refuse a `toAttr` that would hide what instances of `model` already have under that name. */
function checkToAttr(model: AnyModel, to: string, path: string): void {
  const meta = model.meta;
  if (
    meta.byName.has(to) ||
    meta.byAttr.has(to) ||
    relationsOf(model).has(to) ||
    to in protoFor(meta)
  )
    throw ormError(
      ERR_ORM_QUERY,
      `Prefetch("${path}"): toAttr "${to}" clashes with ${meta.label}'s own "${to}" (a field, relation or method)`,
    );
}

/**
 * The relations to load for instances of `model`, one branch per destination, from `lookups`;
 * `pre` is the path that led here, for messages. Every segment of every lookup, and every
 * `Prefetch` queryset's model, is checked here, down to the last level, before anything is
 * loaded: a wrong one fails naming itself whether or not rows reach it. When the queryset runs,
 * not when it is made, as in Django: a reverse relation exists once the model declaring its
 * foreign key is imported. Typed code cannot get here with a segment the types see to be wrong.
 *
 * Two lookups with one destination combine as in Django: the same path again, or the same
 * `Prefetch` queryset again, is one; a different queryset (a plain path counts as the default
 * one) is refused. A path going on past a destination (`"books.tags"`, or through a `toAttr`
 * name) loads from the rows that destination got, whatever the order of the lookups.
 */
function plan(
  model: AnyModel,
  lookups: readonly PrefetchLookup[],
  pre: string,
): Map<string, Branch> {
  const out = new Map<string, Branch>();
  for (const l of lookups) {
    const path = typeof l === "string" ? l : l.path;
    if (path.includes(".")) continue;
    const to = typeof l === "string" ? undefined : l.toAttr;
    const target = relationTarget(model, path, pre + path);
    if (to !== undefined) checkToAttr(model, to, pre + path);
    const b = out.get(to ?? path);
    if (b === undefined) out.set(to ?? path, { name: path, to, target, own: l, rest: [] });
    else if (b.name !== path)
      throw ormError(
        ERR_ORM_QUERY,
        `"${pre}${b.name}" and "${pre}${path}" are both prefetched to "${to}": give them different toAttr names`,
      );
    else if (b.own === undefined) b.own = l;
    else if (querysetOf(b.own) !== querysetOf(l))
      throw ormError(
        ERR_ORM_QUERY,
        `"${pre}${to ?? path}" lookup was already seen with a different queryset`,
      );
  }
  for (const l of lookups) {
    const path = typeof l === "string" ? l : l.path;
    const dot = path.indexOf(".");
    if (dot < 0) continue;
    const head = path.slice(0, dot);
    const tail = path.slice(dot + 1);
    let b = out.get(head);
    if (b === undefined) {
      b = {
        name: head,
        to: undefined,
        target: relationTarget(model, head, pre + path),
        own: undefined,
        rest: [],
      };
      out.set(head, b);
    }
    b.rest.push(typeof l === "string" ? tail : l.after(tail));
  }
  for (const b of out.values()) {
    const m = typeof b.own === "object" ? b.own.model : undefined;
    if (m !== undefined && concreteMeta(m.meta) !== concreteMeta(b.target.meta))
      throw ormError(
        ERR_ORM_QUERY,
        `Prefetch("${pre}${b.name}"): the queryset is over ${m.meta.label}, but "${b.name}" leads to ${b.target.meta.label}`,
      );
    const nested = typeof b.own === "object" ? b.own.nested : [];
    const below = nested.length === 0 ? b.rest : [...nested, ...b.rest];
    if (below.length > 0) plan(b.target, below, `${pre}${b.to ?? b.name}.`);
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
 * `b.target`'s rows whose `on` is in `keys`, prefetching `b.rest` from them in turn: from the
 * `Prefetch` queryset of the branch if it has one (on `db` unless it names its own, with `on`
 * loaded even if `only()`/`defer()` left it out: the rows are matched to their owners by it),
 * else from the model's. An `annotate()`d query adds the condition itself (annotate.ts), before
 * its annotations, and its instances carry them. `unordered` for single-valued relations
 * without a queryset, whose rows are looked up by key (the order would only cost a sort).
 */
function relatedRows(
  b: Branch,
  on: FieldMeta,
  keys: readonly unknown[],
  db: Database,
  unordered = false,
): Promise<Obj[]> {
  const target = b.target;
  const ann = typeof b.own === "object" ? b.own.annotated : undefined;
  if (ann !== undefined) return ann.rows(on, keys, db, b.rest);
  const s = typeof b.own === "object" ? b.own.state : undefined;
  let qs: AnyQs;
  if (s === undefined) {
    qs = (target.objects as AnyQs).using(db);
    if (unordered) qs = qs.orderBy();
  } else {
    qs = (b.own as Lookup).qs as AnyQs;
    if (s.using === undefined) qs = qs.using(db);
    const cols = s.columns;
    if (cols !== undefined && !cols.some((c) => c.attr === on.attr))
      qs = qs.only(...(cols.map((c) => c.attr) as never[]), on.attr as never);
  }
  qs = qs.whereNode(cmp(target.meta.table, on, "in", keys));
  return (b.rest.length > 0 ? qs.prefetchRelated(...(b.rest as never[])) : qs) as PromiseLike<
    Obj[]
  > as Promise<Obj[]>;
}

/**
 * A single-valued step: a forward foreign key (`book.author`), or the reverse side of a
 * one-to-one (`place.restaurant`). One query for every distinct key; each owner gets the
 * instance, or `null`, under the branch's destination. Owners that `selectRelated` already
 * joined are not queried again (unless a `Prefetch` brings its own queryset): the nested paths
 * go on from the joined instances.
 */
async function prefetchOne(
  objs: readonly Obj[],
  b: Branch,
  own: FieldMeta,
  on: FieldMeta,
  db: Database,
): Promise<void> {
  const { name, to, rest } = b;
  if (querysetOf(b.own) === undefined && objs.every((o) => Object.hasOwn(o, name))) {
    if (to !== undefined) for (const o of objs) attach(o, to, o[name]);
    const joined = objs.map((o) => o[name]).filter((o): o is Obj => o !== null && o !== undefined);
    if (rest.length > 0 && joined.length > 0) await prefetch(b.target, joined, rest, db);
    return;
  }
  const keys = new Set<unknown>();
  for (const o of objs) {
    const k = o[own.attr];
    if (k !== null && k !== undefined) keys.add(k);
  }
  const found = new Map<unknown, Obj>();
  if (keys.size > 0)
    for (const row of await relatedRows(b, on, [...keys], db, true)) found.set(row[on.attr], row);
  const dest = to ?? name;
  for (const o of objs) attach(o, dest, found.get(o[own.attr]) ?? null);
}

/**
 * Load `lookups` for `objs` (instances of `model`) from `db`: plain paths, and `Prefetch`
 * lookups with their querysets and target names (see `plan`).
 */
export async function prefetch(
  model: AnyModel,
  objs: readonly Obj[],
  lookups: readonly PrefetchLookup[],
  db: Database,
): Promise<void> {
  const branches = plan(model, lookups, "");
  const meta = model.meta;
  const pk = meta.pk.attr;
  let keys: unknown[] | undefined;
  for (const b of branches.values()) {
    const name = b.name;
    const fk = meta.byName.get(name);
    if (fk !== undefined && fk.spec.kind === "foreignKey") {
      await prefetchOne(objs, b, fk, b.target.meta.pk, db);
      continue;
    }
    // `plan` checked the name.
    const rel = relationsOf(model).get(name)!;
    const { through, src, dst, target } = rel;
    if (rel.one) {
      await prefetchOne(objs, b, meta.pk, src, db);
      continue;
    }
    keys ??= distinct(objs, pk);
    const tpk = target.meta.pk.attr;
    const groups = new Map<unknown, unknown[]>();
    if (keys.length > 0 && dst === undefined) {
      // Indexed loops here and below: this async function often runs unoptimized, where
      // `for...of` allocates an iterator result per row.
      const rows = await relatedRows(b, src, keys, db);
      const on = src.attr;
      for (let i = 0; i < rows.length; i++) push(groups, rows[i]![on], rows[i]);
    } else if (keys.length > 0 && dst !== undefined) {
      const links = (await (through.objects as AnyQs)
        .using(db)
        .whereNode(cmp(through.meta.table, src, "in", keys))
        .valuesList(src.attr as never, dst.attr as never)) as unknown as [unknown, unknown][];
      const wanted = [...new Set(links.map(([, t]) => t))];
      const rows = wanted.length > 0 ? await relatedRows(b, target.meta.pk, wanted, db) : [];
      // Walk the related rows in their own order, so each owner's list keeps that order.
      const owners = new Map<unknown, unknown[]>();
      for (const [a, t] of links) push(owners, t, a);
      for (const row of rows) for (const a of owners.get(row[tpk]) ?? []) push(groups, a, row);
    }
    const to = b.to;
    for (let i = 0; i < objs.length; i++) {
      const o = objs[i]!;
      if (to === undefined) keepPrefetched(o, name, groups.get(o[pk]) ?? []);
      else attach(o, to, groups.get(o[pk]) ?? []);
    }
  }
}

/** The distinct values of `attr` over `objs`, in first-seen order. */
function distinct(objs: readonly Obj[], attr: string): unknown[] {
  const seen = new Set<unknown>();
  for (let i = 0; i < objs.length; i++) seen.add(objs[i]![attr]);
  return Array.from(seen);
}
