/**
 * `selectRelated`: follow forward foreign keys (and one-to-ones, both ways: `restaurant.place`,
 * `place.restaurant`, as Django does) in the same query with a LEFT JOIN per step, nested along
 * dotted paths (`"book.author"`). Each joined table gets an alias from its path and its columns
 * come back as `<alias>__<column>`, so two joins of one table never clash. The related instance
 * (or `null`) is attached to its parent under the field's or relation's name, not enumerable, so
 * the parent's own properties remain exactly its row. A reverse foreign key or a many-to-many is
 * refused: it would repeat rows (that is `prefetchRelated`'s job).
 * @module
 */
import type { Database, DialectName, Row } from "../db/index.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import { hydrate } from "../model/instance.ts";
import type { ModelMeta } from "../model/meta.ts";
import type { AnyModel } from "../model/model.ts";
import { modelOf } from "../model/registry.ts";
import { relationsOf } from "../model/relations.ts";

export interface Join {
  /** `sr_book__author`: the alias of the joined table. */
  readonly alias: string;
  /** The alias (or table) joined from. */
  readonly from: string;
  /** The column of `from` the join matches: the foreign key, or for a reverse one-to-one the key. */
  readonly fromCol: string;
  /** The column of the joined table it matches: the key, or the one-to-one pointing back. */
  readonly col: string;
  /** Index of the parent join in the list, or -1 for the queryset's own rows. */
  readonly parent: number;
  /** The property the related instance is attached under (the field or relation name). */
  readonly name: string;
  readonly meta: ModelMeta;
}

/** One step of a path: a forward foreign key, or the reverse side of a one-to-one. */
function step(owner: ModelMeta, name: string): Omit<Join, "alias" | "from" | "parent"> | undefined {
  const f = owner.byName.get(name);
  if (f !== undefined && f.spec.kind === "foreignKey") {
    const meta = (f.spec.target!() as AnyModel).meta;
    return { fromCol: f.column, col: meta.pk.column, name, meta };
  }
  if (f !== undefined) return undefined;
  const model = modelOf(owner);
  const rel = model === undefined ? undefined : relationsOf(model).get(name);
  if (rel === undefined || !rel.one) return undefined;
  return { fromCol: owner.pk.column, col: rel.src.column, name, meta: rel.target.meta };
}

/**
 * PostgreSQL cuts identifiers at 63 bytes, so a longer column alias would come back under
 * another name and the joined row would read as missing (MySQL allows 256 for a column alias,
 * 64 for a table's). A path's readable alias is used when every column alias it makes fits.
 */
const MAX_IDENT = 63;

/**
 * `sr_book__publisher` for the path `book.publisher`, or `sr<n>` (the join's index) when a deep
 * path with long names would make a column alias (`<alias>__<column>`) past `MAX_IDENT`. The two
 * forms never meet: one has `_` after `sr`, the other a digit.
 */
function aliasFor(path: string, index: number, meta: ModelMeta): string {
  const alias = `sr_${path.replaceAll(".", "__")}`;
  const longest = Math.max(...meta.fields.map((f) => f.column.length));
  return alias.length + 2 + longest <= MAX_IDENT ? alias : `sr${index}`;
}

/** Resolve paths into joins, parents first; each prefix of a path is joined once. */
export function planJoins(meta: ModelMeta, paths: readonly string[]): Join[] {
  const joins: Join[] = [];
  const index = new Map<string, number>();
  for (const path of paths) {
    let owner = meta;
    let parent = -1;
    let sofar = "";
    for (const name of path.split(".")) {
      sofar = sofar === "" ? name : `${sofar}.${name}`;
      const s = step(owner, name);
      if (s === undefined)
        throw ormError(
          ERR_ORM_QUERY,
          `${owner.label} has no foreign key or one-to-one "${name}" to select (in "${path}")`,
        );
      let at = index.get(sofar);
      if (at === undefined) {
        at = joins.length;
        const alias = aliasFor(sofar, at, s.meta);
        joins.push({ ...s, alias, from: parent < 0 ? meta.table : joins[parent]!.alias, parent });
        index.set(sofar, at);
      }
      owner = s.meta;
      parent = at;
    }
  }
  return joins;
}

/** The joined instances of one result row, attached to `root` and to each other. */
export function attachJoined(
  root: object,
  raw: Row,
  joins: readonly Join[],
  dialect: DialectName,
  db: Database,
): void {
  const objs: (object | null)[] = [];
  for (const j of joins) {
    const parent = j.parent < 0 ? root : objs[j.parent];
    let obj: object | null = null;
    if (parent !== null && parent !== undefined && raw[`${j.alias}__${j.meta.pk.column}`] != null) {
      const sub: Row = {};
      for (const f of j.meta.fields) sub[f.column] = raw[`${j.alias}__${f.column}`];
      obj = hydrate(j.meta, sub, dialect, db);
    }
    objs.push(obj);
    if (parent !== null && parent !== undefined)
      Object.defineProperty(parent, j.name, {
        value: obj,
        enumerable: false,
        configurable: true,
        writable: true,
      });
  }
}
