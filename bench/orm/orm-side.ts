/**
 * The ORM side of each operation, written as an application would write it.
 * @module
 */
import type { Database } from "../../src/orm/index.ts";
import { PARENTS, Parent, SCORES } from "./models.ts";
import type { Op } from "./ops.ts";

/** The ORM implementations, keyed by operation name, on `db`. */
export function ormOps(db: Database): Record<string, Op> {
  const parents = Parent.objects.using(db);
  return {
    "get by key": (i) => parents.get({ id: (i % PARENTS) + 1 }),
    "filter 20 rows": async (i) => await parents.filter({ score: i % SCORES }),
    "insert one": (i) => parents.create({ name: `new ${i}`, score: i % SCORES }),
    "update one": (i) => parents.filter({ id: (i % PARENTS) + 1 }).update({ score: i % SCORES }),
    "100 parents + prefetched children": async () => {
      const list = await parents.filter({ id: { lte: 100 } }).prefetchRelated("children");
      let n = 0;
      for (const p of list) n += (await p.children.all()).length;
      return n;
    },
  };
}
