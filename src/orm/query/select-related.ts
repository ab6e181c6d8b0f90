/**
 * `selectRelated`: follow forward foreign keys (and one-to-ones) in the same query with a LEFT
 * JOIN per key, nested along dotted paths (`"book.author"`). Each joined table gets an alias from
 * its path and its columns come back as `<alias>__<column>`, so two joins of one table never
 * clash. The related instance is attached to its parent under the field's name, not enumerable,
 * so the parent's own properties remain exactly its row.
 * @module
 */
import type { Database, DialectName, Row } from "../db/index.ts";
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import { hydrate } from "../model/instance.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import type { AnyModel } from "../model/model.ts";

export interface Join {
  /** `sr_book__author`: the alias of the joined table. */
  readonly alias: string;
  /** The alias (or table) the foreign key's column is on. */
  readonly from: string;
  /** Index of the parent join in the list, or -1 for the queryset's own rows. */
  readonly parent: number;
  readonly fk: FieldMeta;
  readonly meta: ModelMeta;
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
      const f = owner.byName.get(name);
      if (f === undefined || f.spec.kind !== "foreignKey")
        throw ormError(
          ERR_ORM_QUERY,
          `${owner.label} has no foreign key "${name}" to select (in "${path}")`,
        );
      const target = (f.spec.target!() as AnyModel).meta;
      let at = index.get(sofar);
      if (at === undefined) {
        at = joins.length;
        joins.push({
          alias: `sr_${sofar.replaceAll(".", "__")}`,
          from: parent < 0 ? meta.table : joins[parent]!.alias,
          parent,
          fk: f,
          meta: target,
        });
        index.set(sofar, at);
      }
      owner = target;
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
      Object.defineProperty(parent, j.fk.name, {
        value: obj,
        enumerable: false,
        configurable: true,
        writable: true,
      });
  }
}
