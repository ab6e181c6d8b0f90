/**
 * Relation type tests: one-to-one, many-to-many (automatic and explicit through), reverse names
 * declared with `withRelated`, related managers, filters across relations. Checked by
 * `tsc --noEmit`; each `@ts-expect-error` fails the check if its line ever compiles. The test at
 * the end runs the positive calls on SQLite.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  Count,
  createModel,
  Database,
  F,
  f,
  Max,
  Sum,
  type Instance,
  model,
  type RowOf,
  throughOf,
  withRelated,
} from "flagon/orm";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

const QuestionBase = model("trel.Question", { text: f.string({ maxLength: 50 }) });
const Choice = model("trel.Choice", {
  question: f.foreignKey(() => QuestionBase, { onDelete: "cascade", relatedName: "choices" }),
  votes: f.int({ default: 0 }),
});
const Question = withRelated(QuestionBase, { choices: f.reverse(() => Choice, "question") });
const TagBase = model("trel.Tag", { name: f.string({ maxLength: 20 }) });
const Post = model("trel.Post", {
  title: f.string({ maxLength: 50 }),
  tags: f.manyToMany(() => TagBase, { relatedName: "posts" }),
});
const Tag = withRelated(TagBase, { posts: f.reverse(() => Post, "tags") });
const PlaceBase = model("trel.Place", { city: f.string({ maxLength: 20 }) });
const Restaurant = model("trel.Restaurant", {
  place: f.oneToOne(() => PlaceBase, { onDelete: "cascade", relatedName: "restaurant" }),
  stars: f.int({ default: 0 }),
});
// A one-to-one's reverse side: the awaitable related row, not a manager.
const Place = withRelated(PlaceBase, { restaurant: f.reverse(() => Restaurant, "place") });

// Relations have no column: they are not in rows, nor in create() input.
expectType<Equal<RowOf<(typeof Post)["__fields"]>, { id: number; title: string }>>(true);
expectType<Equal<RowOf<(typeof Question)["__fields"]>, { id: number; text: string }>>(true);
expectType<
  Equal<RowOf<(typeof Restaurant)["__fields"]>, { id: number; placeId: number; stars: number }>
>(true);

async function typed(db: Database): Promise<void> {
  const q = await Question.objects.using(db).create({ text: "Q" });
  const c = await q.choices.create({ votes: 1 });
  expectType<Equal<typeof c, Instance<(typeof Choice)["__fields"]>>>(true);
  const votes = await q.choices.filter({ votes: { gte: 1 } }).valuesList("votes", { flat: true });
  expectType<Equal<typeof votes, number[]>>(true);
  await Question.objects.using(db).filter({ choices: { votes: { gt: 0 } } });
  await Question.objects.using(db).filter({ choices: c.id });

  const post = await Post.objects.using(db).create({ title: "P" });
  const tag = await Tag.objects.using(db).create({ name: "t" });
  await post.tags.add(tag, tag.id);
  await post.tags.set([tag]);
  await post.tags.remove(tag.id);
  await post.tags.clear();
  await tag.posts.add(post);
  const tags = await post.tags.all();
  expectType<Equal<typeof tags, Instance<(typeof TagBase)["__fields"]>[]>>(true);
  await Post.objects.using(db).filter({ tags: { name: { icontains: "t" } } });
  await Tag.objects.using(db).filter({ posts: { title: "P" } });
  const place = await Place.objects.using(db).create({ city: "Lyon" });
  await Restaurant.objects.using(db).create({ placeId: place.id });
  await Restaurant.objects.using(db).filter({ place: { city: "Lyon" } });
  await Place.objects.using(db).filter({ restaurant: { stars: 0 } });

  // selectRelated: the joined instance is typed; prefetchRelated takes relation names.
  const r = await Restaurant.objects.using(db).selectRelated("place").get({ id: 1 });
  expectType<Equal<typeof r.place, Instance<(typeof PlaceBase)["__fields"]>>>(true);
  const choices = await Choice.objects.using(db).selectRelated("question");
  expectType<Equal<(typeof choices)[number]["question"]["text"], string>>(true);
  const qs = await Question.objects.using(db).prefetchRelated("choices");
  expectType<Equal<typeof qs, Instance<(typeof Question)["__fields"]>[]>>(true);
  // No paths clears the prefetching: nothing is loaded.
  const cleared = await Choice.objects.using(db).prefetchRelated();
  expectType<Equal<typeof cleared, Instance<(typeof Choice)["__fields"]>[]>>(true);
  await Post.objects.using(db).prefetchRelated("tags", "tags.posts");
  // prefetchRelated across a forward key gives the instance as selectRelated does.
  const prefetched = await Choice.objects.using(db).prefetchRelated("question", "question.choices");
  expectType<Equal<(typeof prefetched)[number]["question"]["text"], string>>(true);
  expectType<Equal<(typeof prefetched)[number]["votes"], number>>(true);

  // The reverse side of a one-to-one: awaited, it is the row (or DoesNotExist).
  const rest = await place.restaurant;
  expectType<Equal<typeof rest, Instance<(typeof Restaurant)["__fields"]>>>(true);
  type MaybeRestaurant = Instance<(typeof Restaurant)["__fields"]> | null;
  const joined = await Place.objects.using(db).selectRelated("restaurant").get({ id: place.id });
  expectType<Equal<typeof joined.restaurant, MaybeRestaurant>>(true);
  expectType<Equal<typeof joined.city, string>>(true);
  const loaded = await Place.objects.using(db).prefetchRelated("restaurant");
  expectType<Equal<(typeof loaded)[number]["restaurant"], MaybeRestaurant>>(true);

  // orderBy across reverse and many-to-many relations (one step typed).
  await Question.objects
    .using(db)
    .orderBy("-choices.votes", { by: "choices.votes", nulls: "last" });
  await Post.objects.using(db).orderBy("tags.name", "title");
  await Tag.objects.using(db).orderBy("posts.title");

  // F expressions in filters and updates; typed aggregate results.
  await Choice.objects.using(db).filter({ votes: { gt: F("votes").sub(1) } });
  await Choice.objects.using(db).filter({ votes: F("id") });
  await Choice.objects.using(db).update({ votes: F("votes").add(1) });
  const agg = await Choice.objects
    .using(db)
    .aggregate({ n: Count(), s: Sum("votes"), m: Max("votes") });
  expectType<Equal<typeof agg, { n: number; s: number | null; m: number | null }>>(true);
  await Post.objects.using(db).values("title").distinct();
  await Choice.objects.using(db).orderBy({ by: "-votes", nulls: "last" }, "?", "id");
  const plan: string = await Choice.objects.using(db).explain();
  const many = await Choice.objects.using(db).bulkCreate([{ questionId: q.id }], { batchSize: 10 });
  expectType<Equal<typeof many, Instance<(typeof Choice)["__fields"]>[]>>(true);
  void plan;
}

/** Lines that must not compile; never called. */
async function negatives(db: Database): Promise<void> {
  const q = await Question.objects.using(db).get({ id: 1 });
  const post = await Post.objects.using(db).get({ id: 1 });
  // @ts-expect-error: Choice has no field "label"
  Question.objects.filter({ choices: { label: "x" } });
  // @ts-expect-error: votes is a number
  Question.objects.filter({ choices: { votes: { gt: "1" } } });
  // @ts-expect-error: a related key is a number
  Question.objects.filter({ choices: "1" });
  // @ts-expect-error: text lookups do not apply to an int across the relation
  Post.objects.filter({ tags: { id: { icontains: "1" } } });
  // @ts-expect-error: Tag has no field "title"
  Post.objects.filter({ tags: { title: "x" } });
  // @ts-expect-error: a relation is not a row value
  await Post.objects.create({ title: "x", tags: [] });
  // @ts-expect-error: nor something values() can select
  Post.objects.values("tags");
  // @ts-expect-error: a reverse foreign-key manager has no add()
  await q.choices.add(1);
  // @ts-expect-error: add() takes tags or their keys
  await post.tags.add("x");
  // @ts-expect-error: the manager creates Tags
  await post.tags.create({ title: "x" });
  // @ts-expect-error: f.reverse names a field of the target
  withRelated(QuestionBase, { choices: f.reverse(() => Choice, "questoin") });
  // @ts-expect-error: a one-to-one's key is the target's key type
  await Restaurant.objects.create({ placeId: "1" });
  // @ts-expect-error: Place has no field "name"
  Restaurant.objects.filter({ place: { name: "x" } });
  // @ts-expect-error: selectRelated follows foreign keys only
  Post.objects.selectRelated("tags");
  // @ts-expect-error: not a field at all
  Restaurant.objects.selectRelated("plaec");
  // @ts-expect-error: prefetchRelated takes relations and foreign keys, not other fields
  Post.objects.prefetchRelated("title");
  // @ts-expect-error: selectRelated does not follow a reverse foreign key
  Question.objects.selectRelated("choices");
  // @ts-expect-error: Choice has no field "label" to order by
  Question.objects.orderBy("choices.label");
  // @ts-expect-error: nor in a nulls placement
  Question.objects.orderBy({ by: "choices.label", nulls: "last" });
  const place = await Place.objects.using(db).get({ id: 1 });
  // @ts-expect-error: unloaded, a one-to-one's reverse side is awaited, not read
  void place.restaurant.stars;
  // @ts-expect-error: and it is not a manager
  place.restaurant.all();
  // @ts-expect-error: no such relation
  Question.objects.prefetchRelated("choice");
  // @ts-expect-error: pattern lookups take a string, not an expression
  Post.objects.filter({ title: { icontains: F("title") } });
  // @ts-expect-error: in takes values, not an expression
  Choice.objects.filter({ votes: { in: F("votes") } });
  // @ts-expect-error: aggregate takes Count/Sum/Avg/Min/Max
  await Choice.objects.aggregate({ n: 1 });
  // @ts-expect-error: bulkCreate rows are typed like create()
  await Choice.objects.bulkCreate([{ questionId: 1, votes: "1" }]);
  // @ts-expect-error: nulls placement takes a row property
  Choice.objects.orderBy({ by: "-vote", nulls: "last" });
  // @ts-expect-error: nulls is "first" or "last"
  Choice.objects.orderBy({ by: "votes", nulls: "end" });
  const plain = await Restaurant.objects.get({ id: 1 });
  // @ts-expect-error: without selectRelated there is no joined instance
  void plain.place;
}
void negatives;

test("the typed relation calls above run on SQLite", async () => {
  const db = new Database("default", "sqlite::memory:");
  for (const m of [QuestionBase, Choice, TagBase, Post, throughOf(Post, "tags"), Place, Restaurant])
    await createModel(db, m);
  await typed(db);
  assert.equal(await Choice.objects.using(db).count(), 2);
  assert.equal(await throughOf(Post, "tags").objects.using(db).count(), 1);
  await db.close();
});
