import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import type { Database } from "../db/index.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { model, withRelated } from "../model/model.ts";
import { throughOf } from "../model/relations.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

const TagBase = model("obv.Tag", { name: f.string({ maxLength: 20 }) }, { table: "flg_obv_tag" });
const QuestionBase = model(
  "obv.Question",
  {
    text: f.string({ maxLength: 20 }),
    tags: f.manyToMany(() => TagBase, { relatedName: "questions" }),
  },
  { table: "flg_obv_question" },
);
const Choice = model(
  "obv.Choice",
  {
    question: f.foreignKey(() => QuestionBase, { onDelete: "cascade", relatedName: "choices" }),
    votes: f.int(),
  },
  { table: "flg_obv_choice" },
);
const Question = withRelated(QuestionBase, { choices: f.reverse(() => Choice, "question") });
const Tag = withRelated(TagBase, { questions: f.reverse(() => QuestionBase, "tags") });
const models = [TagBase, QuestionBase, throughOf(QuestionBase, "tags"), Choice];

test("orderBy across reverse and many-to-many relations: SQL per dialect", () => {
  const reverse = Question.objects.orderBy("-choices.votes", "id");
  assert.deepEqual(reverse.toSql("postgres"), {
    sql: 'select "flg_obv_question"."id", "flg_obv_question"."text" from "flg_obv_question" left join "flg_obv_choice" as "ob_choices" on "ob_choices"."question_id" = "flg_obv_question"."id" order by "ob_choices"."votes" desc, "flg_obv_question"."id" asc',
    params: [],
  });
  assert.equal(reverse.toSql("sqlite").sql, reverse.toSql("postgres").sql);
  const many = Question.objects.orderBy("tags.name");
  assert.deepEqual(many.toSql("mysql"), {
    sql: "select `flg_obv_question`.`id`, `flg_obv_question`.`text` from `flg_obv_question` left join `flg_obv_question_tags` as `obt_tags` on `obt_tags`.`from_id` = `flg_obv_question`.`id` left join `flg_obv_tag` as `ob_tags` on `ob_tags`.`id` = `obt_tags`.`to_id` order by `ob_tags`.`name` asc",
    params: [],
  });
  assert.equal(many.toSql("postgres").sql, many.toSql("mysql").sql.replaceAll("`", '"'));
  // The reverse side of a many-to-many: the through table's keys swap roles.
  assert.match(
    Tag.objects.orderBy("questions.text").toSql("sqlite").sql,
    / left join "flg_obv_question_tags" as "obt_questions" on "obt_questions"."to_id" = "flg_obv_tag"."id" left join "flg_obv_question" as "ob_questions" on "ob_questions"."id" = "obt_questions"."from_id" order by "ob_questions"."text" asc$/,
  );
});

test("orderBy across reverse relations: wrong paths are coded errors", () => {
  const code = { code: ERR_ORM_QUERY };
  assert.throws(() => Question.objects.orderBy("choices.nope" as never), code);
  assert.throws(() => Question.objects.orderBy("choices" as never), code);
  assert.throws(() => Question.objects.orderBy("choices..votes" as never), code);
});

for (const backend of backends()) {
  describe(`orderBy across reverse relations (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, models);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      const [x, y, z] = await Tag.objects
        .using(db)
        .bulkCreate([{ name: "x" }, { name: "y" }, { name: "z" }]);
      const tags = await Tag.objects.using(db).orderBy("name");
      const a = await Question.objects.using(db).create({ text: "a" });
      const b = await Question.objects.using(db).create({ text: "b" });
      await Question.objects.using(db).create({ text: "c" });
      await a.choices.create({ votes: 5 });
      await a.choices.create({ votes: 1 });
      await b.choices.create({ votes: 3 });
      await a.tags.add(tags[0]!, tags[2]!);
      await b.tags.add(tags[1]!);
      void [x, y, z];
    });

    const texts = async (qs: PromiseLike<{ text: string }[]>) => (await qs).map((q) => q.text);

    test("a reverse foreign key repeats a row per related row, as in Django", async () => {
      const qs = Question.objects.using(db);
      const byVotes = qs.orderBy({ by: "-choices.votes", nulls: "last" }, "text");
      assert.deepEqual(await texts(byVotes), ["a", "b", "a", "c"]);
      assert.deepEqual(await texts(qs.orderBy({ by: "choices.votes", nulls: "first" }, "text")), [
        "c",
        "a",
        "b",
        "a",
      ]);
      assert.deepEqual(await byVotes.valuesList("text", { flat: true }), ["a", "b", "a", "c"]);
      assert.equal((await byVotes.first())?.text, "a");
      assert.equal((await byVotes.last())?.text, "c");
      assert.deepEqual(await texts(byVotes.filter({ text: { in: ["b", "c"] } })), ["b", "c"]);
      // count() leaves the ordering, so its join, out: it counts the questions.
      assert.equal(await byVotes.count(), 3);
    });

    test("many-to-many, both sides, and a path through a forward key", async () => {
      const byTag = Question.objects.using(db).orderBy({ by: "tags.name", nulls: "last" }, "text");
      assert.deepEqual(await texts(byTag), ["a", "b", "a", "c"]);
      const tags = await Tag.objects.using(db).orderBy("questions.text", "name");
      assert.deepEqual(
        tags.map((t) => t.name),
        ["x", "z", "y"],
      );
      const votes = await Choice.objects
        .using(db)
        .orderBy({ by: "-question.tags.name", nulls: "last" } as never, "votes")
        .valuesList("votes", { flat: true });
      assert.deepEqual(votes, [1, 5, 3, 1, 5]);
    });
  });
}
