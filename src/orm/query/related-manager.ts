/**
 * Related managers: `question.choices` (the rows whose foreign key points at the instance) and
 * `book.tags` / `tag.bookSet` (rows linked through a many-to-many's through model). A manager is
 * a queryset factory bound to one instance and to the database it came from; the many-to-many
 * one also writes the through rows (`add`, `remove`, `set`, `clear`). The reverse side of a
 * one-to-one gets no manager but its row (see related-object.ts).
 * @module
 */
import { atomic, type Database } from "../db/index.ts";
import { ERR_ORM_STATE, ormError } from "../model/errors.ts";
import type { FieldMap } from "../model/field.ts";
import { originOf } from "../model/instance.ts";
import type { AnyModel } from "../model/model.ts";
import type { RelationMeta } from "../model/relations.ts";
import type { CreateInput, Instance } from "../model/types.ts";
import { cmp, type Node } from "./node.ts";
import { forget, prefetched } from "./prefetch-kept.ts";
import type { QuerySet } from "./queryset.ts";
import { RelatedObject } from "./related-object.ts";
import { resolveDatabase } from "./using.ts";
import type { Where } from "./where-types.ts";

type Obj = Record<string, unknown>;
type AnyQs = QuerySet<FieldMap, any>;

/** A related row's primary key, or the row itself. */
export type RelatedRef<F extends FieldMap> = F["id"]["__row"] | { readonly id: F["id"]["__row"] };

/** The rows related to one instance through a reverse foreign key. */
export class RelatedManager<F extends FieldMap> {
  readonly #owner: Obj;
  readonly #model: AnyModel;
  readonly #rel: RelationMeta;

  /** Internal: managers come from instances (`question.choices`). */
  constructor(owner: Obj, model: AnyModel, rel: RelationMeta) {
    this.#owner = owner;
    this.#model = model;
    this.#rel = rel;
  }

  /** The owner's key; an unsaved owner has no related rows to speak of. */
  protected get ownerPk(): unknown {
    const pk = this.#owner[this.#model.meta.pk.attr];
    if (pk === null || pk === undefined)
      throw ormError(
        ERR_ORM_STATE,
        `${this.#model.meta.name}.${this.#rel.name} needs a saved instance (it has no primary key)`,
      );
    return pk;
  }

  protected get owner(): Obj {
    return this.#owner;
  }

  protected get rel(): RelationMeta {
    return this.#rel;
  }

  /** The database of the owner (where it was loaded or saved), else the routed one. */
  protected db(write: boolean): Database {
    return originOf(this.#owner) ?? resolveDatabase(undefined, this.#rel.target.meta.label, write);
  }

  /** Rows of the other model related to the owner. */
  all(): QuerySet<F, Instance<F>> {
    const { through, src, dst, target } = this.#rel;
    const own: Node = cmp(through.meta.table, src, "exact", this.ownerPk);
    const node: Node =
      dst === undefined
        ? own
        : {
            t: "rsub",
            table: target.meta.table,
            col: target.meta.pk.column,
            inner: through.meta.table,
            innerCol: dst.column,
            where: own,
          };
    const known = prefetched(this.#owner, this.#rel.name);
    return (target.objects as AnyQs).related(this.db(false), node, known) as unknown as QuerySet<
      F,
      Instance<F>
    >;
  }

  filter(...where: Where<F>[]): QuerySet<F, Instance<F>> {
    return this.all().filter(...where);
  }

  exclude(...where: Where<F>[]): QuerySet<F, Instance<F>> {
    return this.all().exclude(...where);
  }

  count(): Promise<number> {
    return this.all().count();
  }

  /** Create a related row: its foreign key to the owner is set for you. */
  async create(values: Partial<CreateInput<F>>): Promise<Instance<F>> {
    const { src, dst, target } = this.#rel;
    if (dst !== undefined) {
      const db = this.db(true);
      return atomic(
        async () => {
          const obj = await (target.objects as AnyQs).using(db).create(values as never);
          await (this as unknown as ManyRelatedManager<F>).add(obj as never);
          return obj as Instance<F>;
        },
        { using: db },
      );
    }
    const all = { ...(values as Obj), [src.attr]: this.ownerPk };
    return (target.objects as AnyQs).using(this.db(true)).create(all as never) as Promise<
      Instance<F>
    >;
  }
}

/** The rows linked to one instance through a many-to-many relation. */
export class ManyRelatedManager<F extends FieldMap> extends RelatedManager<F> {
  #keys(objs: readonly RelatedRef<F>[]): unknown[] {
    const pk = this.rel.target.meta.pk.attr;
    return objs.map((o) => (o !== null && typeof o === "object" ? (o as Obj)[pk] : o));
  }

  #links(keys?: readonly unknown[]): AnyQs {
    forget(this.owner, this.rel.name);
    const { through, src, dst } = this.rel;
    const table = through.meta.table;
    const items: Node[] = [cmp(table, src, "exact", this.ownerPk)];
    if (keys !== undefined) items.push(cmp(table, dst!, "in", keys));
    return (through.objects as AnyQs).using(this.db(true)).whereNode({ t: "and", items });
  }

  async #linked(keys?: readonly unknown[]): Promise<unknown[]> {
    const qs = this.#links(keys).valuesList(this.rel.dst!.attr as never, { flat: true });
    return (await qs) as unknown[];
  }

  /** Link these rows (already linked ones are left alone). */
  async add(...objs: RelatedRef<F>[]): Promise<void> {
    const keys = [...new Set(this.#keys(objs))];
    if (keys.length === 0) return;
    const db = this.db(true);
    const { through, src, dst } = this.rel;
    await atomic(
      async () => {
        const have = new Set(await this.#linked(keys));
        for (const k of keys) {
          if (have.has(k)) continue;
          await (through.objects as AnyQs)
            .using(db)
            .create({ [src.attr]: this.ownerPk, [dst!.attr]: k } as never);
        }
      },
      { using: db },
    );
  }

  /** Unlink these rows (the rows themselves stay). */
  async remove(...objs: RelatedRef<F>[]): Promise<void> {
    const keys = this.#keys(objs);
    if (keys.length > 0) await this.#links(keys).delete();
  }

  /** Unlink every row. */
  async clear(): Promise<void> {
    await this.#links().delete();
  }

  /** Make the linked rows exactly these: unlink the others, link the missing. */
  async set(objs: readonly RelatedRef<F>[]): Promise<void> {
    const keys = new Set(this.#keys(objs));
    const db = this.db(true);
    await atomic(
      async () => {
        const have = await this.#linked();
        const gone = have.filter((k) => !keys.has(k));
        if (gone.length > 0) await this.#links(gone).delete();
        const kept = new Set(have);
        await this.add(...([...keys].filter((k) => !kept.has(k)) as RelatedRef<F>[]));
      },
      { using: db },
    );
  }
}

/** The accessor for `rel` on `owner`: a manager, or for a one-to-one's reverse side its row. */
export function relatedManager(owner: Obj, model: AnyModel, rel: RelationMeta): unknown {
  if (rel.one) return new RelatedObject(owner, model, rel);
  return rel.dst === undefined
    ? new RelatedManager(owner, model, rel)
    : new ManyRelatedManager(owner, model, rel);
}
