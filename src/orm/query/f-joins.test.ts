import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import type { Database } from "../db/index.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { Count } from "./aggregates.ts";
import { ERR_ORM_JOINED_REF } from "./errors.ts";
import { F } from "./expressions.ts";
import { fJoinModels } from "./fixtures/f-join-models.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

const { Author, Profile, Tag, Question, Choice, tables } = fJoinModels("flg_fj");

const coded = (code: string, re: RegExp) => (e: Error & { code?: string }) =>
  e.code === code && re.test(e.message);

for (const backend of backends()) {
  describe(`F() across relations (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const h = useModelTables(backend, tables);
    const choices = () => Choice.objects.using(db);
    const questions = () => Question.objects.using(db);
    const labels = (qs: ReturnType<typeof choices>) =>
      qs.orderBy("label").valuesList("label", { flat: true });
    const texts = (qs: ReturnType<typeof questions>) =>
      qs.orderBy("text").valuesList("text", { flat: true });

    before(async () => {
      if (backend.skip) return;
      db = h.db;
      const ann = await Author.objects.using(db).create({ name: "ann", level: 3 });
      const bob = await Author.objects.using(db).create({ name: "bob", level: 1 });
      await Profile.objects.using(db).create({ authorId: ann.id, nick: "yes" });
      await Profile.objects.using(db).create({ authorId: bob.id, nick: "bob" });
      const day = (d: number, h = 12) => new Date(Date.UTC(2024, 0, d, h));
      // q1 (ann, needs 5): "yes" 1 vote, "no" 10 votes. q2 (bob, needs 2): "ann" 2 votes, "bob"
      // 3 votes. q3 (no author, needs 0): "zero" 0 votes.
      const q1 = await questions().create({
        text: "q1",
        pubDate: day(10),
        needed: 5,
        authorId: ann.id,
      });
      const q2 = await questions().create({
        text: "q2",
        pubDate: day(20),
        needed: 2,
        authorId: bob.id,
      });
      const q3 = await questions().create({ text: "q3", pubDate: day(1), needed: 0 });
      await choices().create({ questionId: q1.id, label: "yes", votes: 1, created: day(9) });
      await choices().create({ questionId: q1.id, label: "no", votes: 10, created: day(11) });
      await choices().create({ questionId: q2.id, label: "ann", votes: 2, created: day(21) });
      await choices().create({ questionId: q2.id, label: "bob", votes: 3, created: day(20, 11) });
      await choices().create({ questionId: q3.id, label: "zero", votes: 0, created: day(1) });
      const heavy = await Tag.objects.using(db).create({ name: "heavy", weight: 9 });
      const light = await Tag.objects.using(db).create({ name: "light", weight: 1 });
      await q1.tags.add(heavy, light);
      await q2.tags.add(light);
    });

    test("a forward foreign key: compare with the related row's column", async () => {
      assert.deepEqual(await labels(choices().filter({ created: { gt: F("question.pubDate") } })), [
        "ann",
        "no",
      ]);
      assert.deepEqual(
        await labels(choices().filter({ created: { lte: F("question.pubDate") } })),
        ["bob", "yes", "zero"],
      );
      // As the bare value (exact), and with arithmetic mixing the row's own columns.
      assert.deepEqual(await labels(choices().filter({ votes: F("question.needed") })), [
        "ann",
        "zero",
      ]);
      assert.deepEqual(
        await labels(
          choices().filter({ votes: { gt: F("question.needed").mul(2).sub(F("votes")) } }),
        ),
        ["bob", "no"],
      );
    });

    test("two hops, and a one-to-one in both directions", async () => {
      assert.deepEqual(await labels(choices().filter({ label: F("question.author.name") })), [
        "bob",
      ]);
      assert.deepEqual(
        await labels(choices().filter({ label: F("question.author.profile.nick") })),
        ["bob", "yes"],
      );
      assert.deepEqual(
        await Profile.objects
          .using(db)
          .filter({ nick: F("author.name") })
          .valuesList("nick", { flat: true }),
        ["bob"],
      );
      assert.deepEqual(
        await Author.objects
          .using(db)
          .filter({ name: { lt: F("profile.nick") } })
          .valuesList("name", { flat: true }),
        ["ann"],
      );
      assert.deepEqual(
        await labels(choices().filter({ votes: { lte: F("question.author.level") } })),
        ["yes"],
      );
    });

    test("a reverse foreign key: rows with a related row that passes, each once", async () => {
      // q1 has "no" (10 > 5); q2 has two choices over 2 but comes back once.
      assert.deepEqual(await texts(questions().filter({ needed: { lt: F("choices.votes") } })), [
        "q1",
        "q2",
      ]);
      assert.equal(
        await questions()
          .filter({ needed: { lt: F("choices.votes") } })
          .count(),
        2,
      );
      assert.deepEqual(await texts(questions().filter({ needed: F("choices.votes") })), [
        "q2",
        "q3",
      ]);
    });

    test("a many-to-many, both directions", async () => {
      assert.deepEqual(await texts(questions().filter({ needed: { lte: F("tags.weight") } })), [
        "q1",
      ]);
      assert.deepEqual(await texts(questions().filter({ needed: { gt: F("tags.weight") } })), [
        "q1",
        "q2",
      ]);
      assert.deepEqual(
        await Tag.objects
          .using(db)
          .filter({ weight: { lt: F("questions.needed") } })
          .orderBy("name")
          .valuesList("name", { flat: true }),
        ["light"],
      );
    });

    test("one filter object walks a relation once: its conditions hold for the same row", async () => {
      // "yes" has 1 vote (not over 5), "no" has 10 but is not "yes": no single choice passes.
      const merged = questions().filter({
        choices: { label: "yes" },
        needed: { lt: F("choices.votes") },
      });
      assert.deepEqual(await texts(merged), []);
      // The same relation key after the F, or a related key, merges alike.
      assert.deepEqual(
        await texts(
          questions().filter({ needed: { lt: F("choices.votes") }, choices: { label: "no" } }),
        ),
        ["q1"],
      );
      // Two filter() calls are two subqueries, as two Django filter() calls are two joins.
      assert.deepEqual(
        await texts(
          questions()
            .filter({ choices: { label: "yes" } })
            .filter({ needed: { lt: F("choices.votes") } }),
        ),
        ["q1"],
      );
      // Two F paths through choices read the same choice: q1's "no" has the votes but sorts
      // before "q1", its "yes" sorts after but lacks the votes.
      assert.deepEqual(
        await texts(
          questions().filter({
            needed: { lt: F("choices.votes") },
            text: { lt: F("choices.label") },
          }),
        ),
        [],
      );
      assert.deepEqual(
        await texts(
          questions().filter({ needed: F("choices.votes"), text: { lt: F("choices.label") } }),
        ),
        ["q3"],
      );
      const sql = merged.toSql(backend.name).sql;
      assert.equal(sql.split("flg_fj_choice").length - 1, 1, sql);
    });

    test("a forward key and a filter on it share one subquery too", async () => {
      const qs = choices().filter({
        question: { text: "q1" },
        votes: { gt: F("question.needed") },
      });
      assert.deepEqual(await labels(qs), ["no"]);
      assert.equal(qs.toSql(backend.name).sql.split("flg_fj_question").length - 1, 1);
    });

    test("a path back to the same table is aliased, never confused with the outer row", async () => {
      // Choices with more votes than some choice of their own question.
      assert.deepEqual(
        await labels(choices().filter({ votes: { gt: F("question.choices.votes") } })),
        ["bob", "no"],
      );
    });

    test("the key of a forward target reads the foreign key itself", async () => {
      const qs = choices().filter({ votes: { gt: F("question.id") } });
      assert.ok(!qs.toSql(backend.name).sql.includes("flg_fj_question"));
      const ids = await choices()
        .filter({ votes: { gt: F("question") } })
        .valuesList("id", { flat: true });
      assert.deepEqual(await qs.valuesList("id", { flat: true }), ids);
    });

    test("exclude, OR, count, exists, aggregate and annotate take it", async () => {
      // exclude keeps q3 (no author: the comparison is unknown), as Django's NOT does.
      assert.deepEqual(await texts(questions().exclude({ text: { gt: F("author.name") } })), [
        "q3",
      ]);
      assert.deepEqual(
        await labels(
          choices().filter({ OR: [{ label: "zero" }, { created: { gt: F("question.pubDate") } }] }),
        ),
        ["ann", "no", "zero"],
      );
      assert.equal(
        await choices()
          .filter({ created: { gt: F("question.pubDate") } })
          .exists(),
        true,
      );
      assert.equal(
        await choices()
          .filter({ votes: { gt: F("question.needed").add(100) } })
          .exists(),
        false,
      );
      assert.deepEqual(
        await choices()
          .filter({ created: { gt: F("question.pubDate") } })
          .aggregate({ n: Count() }),
        { n: 2 },
      );
      const rows = await questions()
        .filter({ needed: { lt: F("choices.votes") } })
        .annotate({ n: Count("choices") })
        .orderBy("text");
      assert.deepEqual(
        rows.map((r) => [r.text, r.n]),
        [
          ["q1", 2],
          ["q2", 2],
        ],
      );
    });

    test("update(): filtered across relations, but never set from one", async () => {
      await assert.rejects(
        () => choices().update({ votes: F("question.needed") }),
        coded(ERR_ORM_JOINED_REF, /question\.needed.*joined field references are not permitted/),
      );
      const n = await choices()
        .filter({ created: { gt: F("question.pubDate") } })
        .update({ votes: F("votes").add(100) });
      assert.equal(n, 2);
      assert.deepEqual(await labels(choices().filter({ votes: { gte: 100 } })), ["ann", "no"]);
      // A path back to the updated table in the filter.
      const m = await choices()
        .filter({ votes: { gt: F("question.choices.votes").add(50) } })
        .update({ votes: F("votes").sub(100) });
      assert.equal(m, 2);
      assert.deepEqual(await labels(choices().filter({ votes: { gte: 100 } })), []);
    });

    test("a wrong path is a coded error naming the bad segment", () => {
      assert.throws(
        () => choices().filter({ votes: F("nope.needed") }),
        coded(ERR_ORM_QUERY, /F\("nope\.needed"\): fj\.Choice has no relation "nope"/),
      );
      assert.throws(
        () => choices().filter({ votes: F("question.nope") }),
        coded(ERR_ORM_QUERY, /F\("question\.nope"\): fj\.Question has no field "nope"/),
      );
      assert.throws(
        () => choices().filter({ votes: F("label.x") }),
        coded(ERR_ORM_QUERY, /has no relation "label"/),
      );
      assert.throws(
        () => choices().filter({ votes: F("question..needed") }),
        coded(ERR_ORM_QUERY, /fj\.Question has no relation ""/),
      );
      assert.throws(
        () => questions().filter({ needed: F("choices.question.author.nope") }),
        coded(ERR_ORM_QUERY, /fj\.Author has no field "nope"/),
      );
    });
  });
}
