/**
 * Paths of `annotate()`: `"books.chapters.pages"` from a model, any number of steps over forward
 * foreign keys (one-to-ones too), reverse foreign keys and many-to-many fields (either side),
 * ending on a field or, for `Count`, on a relation (its rows are counted). Each step is a LEFT
 * JOIN (two for a many-to-many: the through table, then the target), made once per path prefix
 * of one planner, so `Sum("books.pages")` and `Max("books.chapters.pages")` share the `books`
 * join. A planner starts from an alias (the query's table, or a subquery's own alias of it) and
 * names its joins `<prefix><n>`.
 * @module
 */
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMeta } from "../model/meta.ts";
import type { AnyModel } from "../model/model.ts";
import { relationsOf } from "../model/relations.ts";

/** `left join <table> as <alias> on <alias>.<col> = <from>.<fromCol>`. */
export interface PathJoin {
  readonly alias: string;
  readonly table: string;
  readonly col: string;
  readonly from: string;
  readonly fromCol: string;
}

/** Where a path lands. */
export interface PathEnd {
  /** `alias.column` read. */
  readonly column: string;
  /** The field read (a relation's end: the target's primary key). */
  readonly field: FieldMeta;
  /** Whether a step may match several rows (a reverse foreign key or a many-to-many). */
  readonly many: boolean;
  /** Whether the path ends on a relation rather than a field. */
  readonly relation: boolean;
}

interface Reached {
  readonly alias: string;
  readonly model: AnyModel;
  readonly many: boolean;
}

export class PathPlanner {
  readonly joins: PathJoin[] = [];
  readonly #model: AnyModel;
  readonly #root: string;
  readonly #prefix: string;
  readonly #seen = new Map<string, Reached>();

  constructor(model: AnyModel, root: string, prefix: string) {
    this.#model = model;
    this.#root = root;
    this.#prefix = prefix;
  }

  #alias(): string {
    return `${this.#prefix}${this.joins.length + 1}`;
  }

  /** Resolve `path`; `what` starts the error message (`Sum("books.x")`). */
  resolve(path: string, what: string): PathEnd {
    const parts = path.split(".");
    let at: Reached = { alias: this.#root, model: this.#model, many: false };
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i]!;
      const meta = at.model.meta;
      const last = i === parts.length - 1;
      const f = name === "" ? undefined : (meta.byName.get(name) ?? meta.byAttr.get(name));
      if (f !== undefined && (last || f.spec.kind !== "foreignKey")) {
        if (!last)
          throw ormError(
            ERR_ORM_QUERY,
            `${what}: "${name}" is a field of ${meta.label}, not a relation (in "${path}")`,
          );
        return { column: `${at.alias}.${f.column}`, field: f, many: at.many, relation: false };
      }
      const key = parts.slice(0, i + 1).join(".");
      at = this.#seen.get(key) ?? this.#step(at, name, f, key, what, path);
      if (last) {
        const pk = at.model.meta.pk;
        return { column: `${at.alias}.${pk.column}`, field: pk, many: at.many, relation: true };
      }
    }
    throw ormError(ERR_ORM_QUERY, `${what}: an empty path`);
  }

  #step(
    at: Reached,
    name: string,
    fk: FieldMeta | undefined,
    key: string,
    what: string,
    path: string,
  ): Reached {
    const meta = at.model.meta;
    let reached: Reached;
    if (fk !== undefined) {
      const t = fk.spec.target!() as AnyModel;
      const alias = this.#alias();
      this.joins.push({
        alias,
        table: t.meta.table,
        col: t.meta.pk.column,
        from: at.alias,
        fromCol: fk.column,
      });
      reached = { alias, model: t, many: at.many };
    } else {
      const rel = name === "" ? undefined : relationsOf(at.model).get(name);
      if (rel === undefined)
        throw ormError(
          ERR_ORM_QUERY,
          `${what}: ${meta.label} has no field or relation "${name}" (in "${path}")`,
        );
      const link = this.#alias();
      this.joins.push({
        alias: link,
        table: rel.through.meta.table,
        col: rel.src.column,
        from: at.alias,
        fromCol: meta.pk.column,
      });
      const many = at.many || !rel.one;
      if (rel.dst === undefined) reached = { alias: link, model: rel.target, many };
      else {
        const alias = this.#alias();
        const t = rel.target.meta;
        this.joins.push({
          alias,
          table: t.table,
          col: t.pk.column,
          from: link,
          fromCol: rel.dst.column,
        });
        reached = { alias, model: rel.target, many };
      }
    }
    this.#seen.set(key, reached);
    return reached;
  }
}
