/**
 * `prefetchRelated`: load a relation for many instances at once. For each relation name, one
 * query fetches the related rows of every instance (`... where fk in (keys)`), and a many-to-many
 * first fetches its links from the through table. The rows are kept on each instance under a
 * non-enumerable symbol (so its enumerable properties stay its row, and a spread copy does not
 * carry them) for its related manager to return. A symbol rather than a WeakMap: a WeakMap entry
 * per loaded instance made the garbage collector's ephemeron work a quarter of a prefetch's time.
 * @module
 */
import type { Database } from "../db/index.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMap } from "../model/field.ts";
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

/** Load `paths` for `objs` (instances of `model`) from `db`. */
export async function prefetch(
  model: AnyModel,
  objs: readonly Obj[],
  paths: readonly string[],
  db: Database,
): Promise<void> {
  const pk = model.meta.pk.attr;
  const keys = [...new Set(objs.map((o) => o[pk]))];
  for (const [name, rest] of byHead(paths)) {
    const rel = relationsOf(model).get(name);
    if (rel === undefined)
      throw ormError(
        ERR_ORM_QUERY,
        `${model.meta.label} has no reverse or many-to-many relation "${name}" to prefetch`,
      );
    const { through, src, dst, target } = rel;
    const tpk = target.meta.pk.attr;
    const related = (ks: readonly unknown[], on: typeof src) => {
      const qs = (target.objects as AnyQs)
        .using(db)
        .whereNode(cmp(target.meta.table, on, "in", ks));
      return (rest.length > 0 ? qs.prefetchRelated(...(rest as never[])) : qs) as AnyQs;
    };
    const groups = new Map<unknown, unknown[]>();
    if (keys.length > 0 && dst === undefined) {
      for (const row of (await related(keys, src)) as Obj[]) push(groups, row[src.attr], row);
    } else if (keys.length > 0 && dst !== undefined) {
      const links = (await (through.objects as AnyQs)
        .using(db)
        .whereNode(cmp(through.meta.table, src, "in", keys))
        .valuesList(src.attr as never, dst.attr as never)) as unknown as [unknown, unknown][];
      const wanted = [...new Set(links.map(([, b]) => b))];
      const rows = wanted.length > 0 ? ((await related(wanted, target.meta.pk)) as Obj[]) : [];
      // Walk the related rows in their own order, so each owner's list keeps that order.
      const owners = new Map<unknown, unknown[]>();
      for (const [a, b] of links) push(owners, b, a);
      for (const row of rows) for (const a of owners.get(row[tpk]) ?? []) push(groups, a, row);
    }
    for (const o of objs) keep(o, name, groups.get(o[pk]) ?? []);
  }
}
