import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import { type Database, ERR_DB_UNIQUE, IntegrityError } from "../db/index.ts";
import { ERR_ORM_MODEL, ERR_ORM_STATE } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { model, withRelated } from "../model/model.ts";
import { throughOf } from "../model/relations.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

// Reverse foreign keys, a many-to-many with an automatic through model, one with an explicit
// through model, and a one-to-one; table names unique to this file.
const QuestionBase = model(
  "rm.Question",
  { text: f.string({ maxLength: 50 }) },
  { table: "flg_rm_question" },
);
const Choice = model(
  "rm.Choice",
  {
    question: f.foreignKey(() => QuestionBase, { onDelete: "cascade", relatedName: "choices" }),
    label: f.string({ maxLength: 50 }),
    votes: f.int({ default: 0 }),
  },
  { table: "flg_rm_choice" },
);
const Question = withRelated(QuestionBase, { choices: f.reverse(() => Choice, "question") });
const TagBase = model("rm.Tag", { name: f.string({ maxLength: 30 }) }, { table: "flg_rm_tag" });
const Post = model(
  "rm.Post",
  {
    title: f.string({ maxLength: 50 }),
    tags: f.manyToMany(() => TagBase, { relatedName: "posts" }),
  },
  { table: "flg_rm_post" },
);
const Tag = withRelated(TagBase, { posts: f.reverse(() => Post, "tags") });
const Person = model(
  "rm.Person",
  { name: f.string({ maxLength: 30 }) },
  { table: "flg_rm_person" },
);
const Group = model(
  "rm.Group",
  {
    name: f.string({ maxLength: 30 }),
    // The annotation keeps Group's type from depending on Membership's, which depends on Group's.
    members: f.manyToMany(() => Person, { through: (): unknown => Membership }),
  },
  { table: "flg_rm_group" },
);
const Membership = model(
  "rm.Membership",
  {
    person: f.foreignKey(() => Person, { onDelete: "cascade" }),
    group: f.foreignKey(() => Group, { onDelete: "cascade" }),
    role: f.string({ maxLength: 10, default: "member" }),
  },
  { table: "flg_rm_membership" },
);
const Place = model("rm.Place", { city: f.string({ maxLength: 30 }) }, { table: "flg_rm_place" });
const Restaurant = model(
  "rm.Restaurant",
  {
    place: f.oneToOne(() => Place, { onDelete: "cascade", relatedName: "restaurant" }),
    stars: f.int(),
  },
  { table: "flg_rm_restaurant" },
);
const PostTags = throughOf(Post, "tags");
const models = [
  QuestionBase,
  Choice,
  Tag,
  Post,
  PostTags,
  Person,
  Group,
  Membership,
  Place,
  Restaurant,
];

test("an automatic through model is an ordinary model with two cascading foreign keys", () => {
  const m = PostTags.meta;
  assert.equal(m.label, "rm.Post_tags");
  assert.equal(m.table, "flg_rm_post_tags");
  assert.deepEqual(
    m.fields.map((x) => [x.name, x.column, x.spec.onDelete]),
    [
      ["id", "id", undefined],
      ["from", "from_id", "cascade"],
      ["to", "to_id", "cascade"],
    ],
  );
  assert.deepEqual(m.uniqueTogether[0]?.columns, ["from_id", "to_id"]);
  // The relation itself has no column.
  assert.equal(Post.meta.byName.has("tags"), false);
});

test("a reverse name that no foreign key gives is refused on first use", async () => {
  const A = model("rmx.A", { n: f.int() }, { table: "flg_rmx_a" });
  const B = model(
    "rmx.B",
    { a: f.foreignKey(() => A, { onDelete: "cascade" }) },
    { table: "flg_rmx_b" },
  );
  const Typed = withRelated(A, { bees: f.reverse(() => B, "a") });
  assert.throws(
    () => Typed.objects.filter({ bees: { id: 1 } }),
    (e: Error & { code?: string }) => e.code === ERR_ORM_MODEL && /bSet|bees/.test(e.message),
  );
});

for (const backend of backends()) {
  describe(`relations (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, models);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      const q1 = await Question.objects.using(db).create({ text: "Colour?" });
      const q2 = await Question.objects.using(db).create({ text: "Size?" });
      await Choice.objects.using(db).create({ questionId: q1.id, label: "red", votes: 3 });
      await Choice.objects.using(db).create({ questionId: q1.id, label: "blue", votes: 0 });
      await Choice.objects.using(db).create({ questionId: q2.id, label: "big", votes: 1 });
    });

    test("a reverse related manager lists, filters, counts and creates", async () => {
      const q = await Question.objects.using(db).get({ text: "Colour?" });
      const labels = await q.choices.all().orderBy("label").valuesList("label", { flat: true });
      assert.deepEqual(labels, ["blue", "red"]);
      assert.equal(await q.choices.filter({ votes: { gt: 0 } }).count(), 1);
      assert.equal(await q.choices.exclude({ label: "red" }).count(), 1);
      const c = await q.choices.create({ label: "green" });
      assert.equal(c.questionId, q.id);
      assert.equal(await q.choices.count(), 3);
      await c.delete();
    });

    test("filters reach across a reverse foreign key", async () => {
      const texts = async (w: Parameters<typeof Question.objects.filter>[0]) =>
        Question.objects.using(db).filter(w).orderBy("text").valuesList("text", { flat: true });
      assert.deepEqual(await texts({ choices: { votes: { gte: 1 } } }), ["Colour?", "Size?"]);
      assert.deepEqual(await texts({ choices: { label: "big" } }), ["Size?"]);
      // Both conditions must hold for the same choice.
      assert.deepEqual(await texts({ choices: { label: "blue", votes: { gte: 1 } } }), []);
      const notBig = await Question.objects.using(db).exclude({ choices: { label: "big" } });
      assert.deepEqual(
        notBig.map((q) => q.text),
        ["Colour?"],
      );
      // And forward again: choices whose question has a choice named "big".
      const n = await Choice.objects
        .using(db)
        // Choice's key points at QuestionBase, whose type has no `choices`: the run time does.
        .filter({ question: { choices: { label: "big" } } as never })
        .count();
      assert.equal(n, 1);
    });

    test("many-to-many: add, remove, set, clear, from either side", async () => {
      const post = await Post.objects.using(db).create({ title: "Hello" });
      const [a, b, c] = [
        await Tag.objects.using(db).create({ name: "a" }),
        await Tag.objects.using(db).create({ name: "b" }),
        await Tag.objects.using(db).create({ name: "c" }),
      ];
      const names = async () => post.tags.all().orderBy("name").valuesList("name", { flat: true });
      await post.tags.add(a, b.id);
      await post.tags.add(a); // already linked: nothing happens, no duplicate
      assert.deepEqual(await names(), ["a", "b"]);
      await post.tags.remove(a);
      assert.deepEqual(await names(), ["b"]);
      await post.tags.set([a, c]);
      assert.deepEqual(await names(), ["a", "c"]);
      assert.equal(await PostTags.objects.using(db).count(), 2);
      const onA = await a.posts.all().valuesList("title", { flat: true });
      assert.deepEqual(onA, ["Hello"]);
      await c.posts.clear();
      assert.deepEqual(await names(), ["a"]);
      const d = await post.tags.create({ name: "d" });
      assert.deepEqual(await names(), ["a", "d"]);
      assert.equal(typeof d.id, "number");
      await post.tags.clear();
      assert.deepEqual(await names(), []);
      assert.equal(await Tag.objects.using(db).count(), 4);
    });

    test("filters across a many-to-many, both directions; deleting a row drops its links", async () => {
      const p1 = await Post.objects.using(db).create({ title: "One" });
      const p2 = await Post.objects.using(db).create({ title: "Two" });
      const x = await Tag.objects.using(db).create({ name: "x" });
      const y = await Tag.objects.using(db).create({ name: "y" });
      await p1.tags.set([x, y]);
      await p2.tags.set([y]);
      const titles = (w: Parameters<typeof Post.objects.filter>[0]) =>
        Post.objects.using(db).filter(w).orderBy("title").valuesList("title", { flat: true });
      assert.deepEqual(await titles({ tags: { name: "x" } }), ["One"]);
      assert.deepEqual(await titles({ tags: { name: { in: ["x", "y"] } } }), ["One", "Two"]);
      assert.deepEqual(await titles({ tags: y.id }), ["One", "Two"]);
      const tagNames = await Tag.objects
        .using(db)
        .filter({ posts: { title: "Two" } })
        .valuesList("name", { flat: true });
      assert.deepEqual(tagNames, ["y"]);
      await y.delete();
      assert.equal(await p2.tags.count(), 0);
      assert.equal(await p1.tags.count(), 1);
    });

    test("an explicit through model carries extra fields", async () => {
      const g = await Group.objects.using(db).create({ name: "Band" });
      const ann = await Person.objects.using(db).create({ name: "Ann" });
      const bob = await Person.objects.using(db).create({ name: "Bob" });
      await g.members.add(ann);
      await Membership.objects.using(db).create({ groupId: g.id, personId: bob.id, role: "lead" });
      const names = await g.members.all().orderBy("name").valuesList("name", { flat: true });
      assert.deepEqual(names, ["Ann", "Bob"]);
      const m = await Membership.objects.using(db).get({ person: ann.id });
      assert.equal(m.role, "member");
      const leads = await Group.objects
        .using(db)
        .filter({ members: { name: "Bob" } })
        .count();
      assert.equal(leads, 1);
      // The reverse side gets Django's default name: <model>Set.
      const groups = await (
        bob as unknown as { groupSet: { count(): Promise<number> } }
      ).groupSet.count();
      assert.equal(groups, 1);
      await g.members.remove(bob);
      assert.equal(await Membership.objects.using(db).count(), 1);
    });

    test("one-to-one: unique, and filterable from both sides", async () => {
      const p = await Place.objects.using(db).create({ city: "Lyon" });
      await Restaurant.objects.using(db).create({ placeId: p.id, stars: 3 });
      await assert.rejects(
        Restaurant.objects.using(db).create({ placeId: p.id, stars: 1 }),
        (e: unknown) => e instanceof IntegrityError && e.code === ERR_DB_UNIQUE,
      );
      assert.equal(
        await Place.objects
          .using(db)
          .filter({ restaurant: { stars: 3 } } as never)
          .count(),
        1,
      );
      assert.equal(
        await Restaurant.objects
          .using(db)
          .filter({ place: { city: "Lyon" } })
          .count(),
        1,
      );
    });

    test("a manager of an unsaved instance refuses to run", async () => {
      const q = Question.objects.using(db);
      const fresh = await q.create({ text: "tmp" });
      await fresh.delete();
      assert.throws(
        () => fresh.choices.all(),
        (e: Error & { code?: string }) => e.code === ERR_ORM_STATE,
      );
    });
  });
}
