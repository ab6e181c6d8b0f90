/**
 * The reverse side of a one-to-one: `place.restaurant`. There is at most one related row, so
 * the accessor is that row, not a manager, as in Django. Reading it needs a query, and reads
 * are async here, so the accessor is awaitable: `await place.restaurant` gives the restaurant
 * or throws the target's `DoesNotExist` (`FLG_ERR_ORM_DOES_NOT_EXIST`). After `selectRelated`
 * or `prefetchRelated` the instance itself (or `null`) sits on the owner under the same name,
 * as a forward foreign key's does, shadowing this accessor; awaiting it then costs nothing.
 * @module
 */
import { ERR_ORM_STATE, ormError } from "../model/errors.ts";
import type { FieldMap } from "../model/field.ts";
import { originOf } from "../model/instance.ts";
import type { AnyModel } from "../model/model.ts";
import type { RelationMeta } from "../model/relations.ts";
import type { Instance } from "../model/types.ts";
import { cmp } from "./node.ts";
import type { QuerySet } from "./queryset.ts";
import { resolveDatabase } from "./using.ts";

type Obj = Record<string, unknown>;
type AnyQs = QuerySet<FieldMap, any>;

/** `await place.restaurant`: the one row whose one-to-one points at the owner. */
export class RelatedObject<F extends FieldMap> implements PromiseLike<Instance<F>> {
  readonly #owner: Obj;
  readonly #model: AnyModel;
  readonly #rel: RelationMeta;

  /** Internal: accessors come from instances (`place.restaurant`). */
  constructor(owner: Obj, model: AnyModel, rel: RelationMeta) {
    this.#owner = owner;
    this.#model = model;
    this.#rel = rel;
  }

  async #get(): Promise<Instance<F>> {
    const { src, target } = this.#rel;
    const pk = this.#owner[this.#model.meta.pk.attr];
    if (pk === null || pk === undefined)
      throw ormError(
        ERR_ORM_STATE,
        `${this.#model.meta.name}.${this.#rel.name} needs a saved instance (it has no primary key)`,
      );
    const db = originOf(this.#owner) ?? resolveDatabase(undefined, target.meta.label, false);
    const node = cmp(target.meta.table, src, "exact", pk);
    return (await (target.objects as AnyQs).related(db, node, undefined).get()) as Instance<F>;
  }

  /** Awaiting the accessor runs the query. */
  // biome-ignore lint/suspicious/noThenProperty: the accessor is awaited to read the row, by design
  then<A = Instance<F>, B = never>(
    onfulfilled?: ((value: Instance<F>) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#get().then(onfulfilled, onrejected);
  }
}
