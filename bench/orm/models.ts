/**
 * The models the ORM benchmark runs on: parents with a score (50 distinct values, so filtering
 * on one gives 20 of the 1,000 seeded rows) and children pointing at them, for prefetching.
 * Tables are prefixed `flg_bench_` so they cannot collide with a project's.
 * @module
 */
import { f, model, withRelated } from "../../src/orm/index.ts";

const ParentBase = model(
  "flgbench.Parent",
  { name: f.string({ maxLength: 50 }), score: f.int({ default: 0 }) },
  { table: "flg_bench_parent" },
);

export const Child = model(
  "flgbench.Child",
  {
    parent: f.foreignKey(() => ParentBase, { onDelete: "cascade", relatedName: "children" }),
    label: f.string({ maxLength: 50 }),
  },
  { table: "flg_bench_child" },
);

export const Parent = withRelated(ParentBase, { children: f.reverse(() => Child, "parent") });

/** Rows seeded before measuring. */
export const PARENTS = 1000;
export const CHILDREN_PER_PARENT = 3;
/** Distinct scores: PARENTS / SCORES rows share each one. */
export const SCORES = 50;
