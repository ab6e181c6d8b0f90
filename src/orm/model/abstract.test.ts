import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Database, sqliteDialect } from "../db/index.ts";
import { createModel, createModelSql, deleteModel } from "../schema/schema-editor.ts";
import { ERR_ORM_MODEL } from "./errors.ts";
import { f } from "./fields.ts";
import { model } from "./model.ts";
import { allModels, ModelRegistry } from "./registry.ts";
import { relationsOf } from "./relations.ts";

const Owner = model("abs.Owner", { name: f.string({ maxLength: 20 }) }, { table: "flg_abs_owner" });

const Stamped = model(
  "abs.Stamped",
  {
    created: f.datetime({ default: () => new Date("2024-01-01T00:00:00Z") }),
    rank: f.int({ default: 0 }),
    owner: f.foreignKey(() => Owner, {
      onDelete: "cascade",
      null: true,
      relatedName: "%(app_label)s_%(class)s_set",
    }),
  },
  {
    abstract: true,
    ordering: ["-rank"],
    indexes: [{ fields: ["rank", "created"], name: "%(class)s_rank_created_ix" }],
  },
);

const Post = model(
  "abs.Post",
  { title: f.string({ maxLength: 50 }) },
  { extends: Stamped, table: "flg_abs_post", uniqueTogether: [["title", "rank"]] },
);
const Page = model("abs.Page", { slug: f.slug() }, { extends: Stamped, table: "flg_abs_page" });

test("an abstract model has no table, no manager and is not registered", () => {
  assert.equal(Stamped.abstract, true);
  assert.equal("objects" in Stamped, false);
  assert.equal("meta" in Stamped, false);
  assert.ok(!allModels().some((m) => m.meta.label === "abs.Stamped"));
  assert.ok(allModels().includes(Post as never));
});

test("concrete models inherit fields, ordering and indexes, with names interpolated", () => {
  assert.deepEqual(
    Post.meta.fields.map((x) => x.name),
    ["id", "created", "rank", "owner", "title"],
  );
  assert.deepEqual(Post.meta.ordering, ["-rank"]);
  assert.deepEqual(
    Post.meta.indexes.map((i) => i.name),
    ["flg_abs_post_owner_id_idx", "post_rank_created_ix"],
  );
  assert.deepEqual(
    Page.meta.indexes.map((i) => i.name),
    ["flg_abs_page_owner_id_idx", "page_rank_created_ix"],
  );
  assert.equal(Post.meta.uniqueTogether.length, 1);
  assert.equal(Page.meta.uniqueTogether.length, 0);
  const names = [...relationsOf(Owner as never).keys()].sort();
  assert.deepEqual(names, ["abs_page_set", "abs_post_set"]);
  assert.match(createModelSql(Post.meta, sqliteDialect)[0]!, /"created" text not null/);
});

test("a field of the base cannot be declared again; extends takes only a model", () => {
  assert.throws(
    () => model("abs.Clash", { rank: f.int() }, { extends: Stamped }),
    (e: unknown) => (e as { code: string }).code === ERR_ORM_MODEL,
  );
  assert.throws(
    // A concrete model is a multi-table parent (inheritance.test.ts); anything else is refused.
    () => model("abs.NotBase", {}, { extends: "abs.Post" as never }),
    (e: unknown) => (e as { code: string }).code === ERR_ORM_MODEL,
  );
  assert.throws(
    () => model("abs.Tabled", {}, { abstract: true, table: "x" }),
    (e: unknown) => (e as { code: string }).code === ERR_ORM_MODEL,
  );
});

test("an abstract model may extend another", () => {
  const Titled = model(
    "abs.Titled",
    { title: f.string({ maxLength: 9 }) },
    {
      abstract: true,
      extends: Stamped,
    },
  );
  const Doc = model("abs.Doc", { body: f.text() }, { extends: Titled, table: "flg_abs_doc" });
  assert.deepEqual(
    Doc.meta.fields.map((x) => x.name),
    ["id", "created", "rank", "owner", "title", "body"],
  );
  assert.deepEqual(Doc.meta.ordering, ["-rank"]);
});

test("a model in its own registry stays out of allModels() and sees only its neighbours", () => {
  const scope = new ModelRegistry();
  const before = allModels().length;
  const HOwner = model("abs.Owner", { name: f.string({ maxLength: 20 }) }, { registry: scope });
  const HPet = model(
    "abs.Pet",
    {
      owner: f.foreignKey(() => HOwner, { onDelete: "cascade" }),
      tags: f.manyToMany(() => HOwner, { relatedName: "taggedPets" }),
    },
    { registry: scope },
  );
  assert.equal(allModels().length, before);
  assert.ok(!allModels().includes(HOwner as never));
  assert.equal(scope.all().length, 3); // with the auto-created through model
  assert.deepEqual([...relationsOf(HOwner as never).keys()].sort(), ["petSet", "taggedPets"]);
  // The real abs.Owner does not see the historical pet, nor the other way round.
  assert.ok(!relationsOf(Owner as never).has("petSet"));
  void HPet;
});

describe("inherited models on SQLite", () => {
  let db: Database;
  before(async () => {
    db = new Database("default", "sqlite::memory:");
    for (const m of [Owner, Post]) await createModel(db, m);
  });
  after(async () => {
    for (const m of [Post, Owner]) await deleteModel(db, m);
    await db.close();
  });

  test("rows carry the inherited fields and the inherited ordering", async () => {
    const o = await Owner.objects.using(db).create({ name: "ann" });
    await Post.objects.using(db).create({ title: "low", ownerId: o.id });
    await Post.objects.using(db).create({ title: "high", rank: 5 });
    const rows = await Post.objects.using(db).all();
    assert.deepEqual(
      rows.map((r) => [r.title, r.rank]),
      [
        ["high", 5],
        ["low", 0],
      ],
    );
    assert.equal(rows[1]!.created.toISOString(), "2024-01-01T00:00:00.000Z");
    assert.equal(
      await Post.objects
        .using(db)
        .filter({ owner: { name: "ann" } })
        .count(),
      1,
    );
  });
});
