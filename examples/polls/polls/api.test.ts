/**
 * The polls JSON API on a real SQLite database: the published questions, one question with its
 * choices (future ones are 404), and voting with `{ choice }`, including every way a vote can be
 * wrong (each a 4xx that counts nothing).
 */
import assert from "node:assert/strict";
import { after, afterEach, before, describe, test } from "node:test";
import { Choice, Question } from "./models.ts";
import { createQuestion, type PollsTestProject, setUpPolls } from "./testing.ts";

let polls: PollsTestProject;
before(async () => {
  polls = await setUpPolls();
});
afterEach(() => Question.objects.delete());
after(() => polls.tearDown());

interface QuestionJson {
  id: number;
  questionText: string;
  pubDate: string;
  choices?: { id: number; choiceText: string; votes: number }[];
}

describe("GET /api/questions", () => {
  test("lists the published questions, newest first, without future ones", async () => {
    const old = await createQuestion("Old?", -10);
    const recent = await createQuestion("Recent?", -1);
    await createQuestion("Future?", 1);
    const res = await polls.client.get("/api/questions");
    assert.equal(res.status, 200);
    const { questions } = res.json<{ questions: QuestionJson[] }>();
    assert.deepEqual(
      questions.map((q) => [q.id, q.questionText, q.pubDate]),
      [
        [recent.id, "Recent?", recent.pubDate.toISOString()],
        [old.id, "Old?", old.pubDate.toISOString()],
      ],
    );
  });
});

describe("GET /api/questions/:id", () => {
  test("gives the question with its choices", async () => {
    const q = await createQuestion("What's new?", -1);
    const a = await q.choices.create({ choiceText: "Not much" });
    const b = await q.choices.create({ choiceText: "The sky", votes: 2 });
    const res = await polls.client.get(`/api/questions/${q.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), {
      id: q.id,
      questionText: "What's new?",
      pubDate: q.pubDate.toISOString(),
      choices: [
        { id: a.id, choiceText: "Not much", votes: 0 },
        { id: b.id, choiceText: "The sky", votes: 2 },
      ],
    });
  });

  test("a future or missing question is a JSON 404", async () => {
    const future = await createQuestion("Future?", 2);
    for (const id of [future.id, 424242]) {
      const res = await polls.client.get(`/api/questions/${id}`);
      assert.equal(res.status, 404);
      assert.equal(res.json<{ error: { status: number } }>().error.status, 404);
    }
    assert.equal((await polls.client.get("/api/questions/abc")).status, 404);
  });
});

describe("POST /api/questions/:id/vote", () => {
  test("counts one vote and answers the question with the new counts", async () => {
    const q = await createQuestion("Tabs or spaces?", -1);
    const tabs = await q.choices.create({ choiceText: "Tabs", votes: 3 });
    const res = await polls.client.post(`/api/questions/${q.id}/vote`, {
      json: { choice: tabs.id },
    });
    assert.equal(res.status, 200);
    const body = res.json<QuestionJson>();
    assert.equal(body.id, q.id);
    assert.deepEqual(body.choices, [{ id: tabs.id, choiceText: "Tabs", votes: 4 }]);
    assert.equal((await Choice.objects.get({ id: tabs.id })).votes, 4);
  });

  test("a bad body or a choice of another question is a 4xx and counts nothing", async () => {
    const q = await createQuestion("Mine?", -1);
    const mine = await q.choices.create({ choiceText: "Mine" });
    const other = await createQuestion("Theirs?", -1);
    const theirs = await other.choices.create({ choiceText: "Theirs" });
    const url = `/api/questions/${q.id}/vote`;
    const cases: [Parameters<typeof polls.client.post>[1], number][] = [
      [{ json: {} }, 400],
      [{ json: { choice: "1; drop table polls_choice" } }, 400],
      [{ json: { choice: -1 } }, 400],
      [{ json: { choice: 1.5 } }, 400],
      [{ json: { choice: theirs.id } }, 400],
      [{ json: [mine.id] }, 400],
      [{ body: "{not json", headers: { "content-type": "application/json" } }, 400],
      [{ form: { choice: String(mine.id) } }, 415],
    ];
    for (const [options, status] of cases) {
      const res = await polls.client.post(url, options);
      assert.equal(res.status, status, JSON.stringify(options));
      assert.equal(typeof res.json<{ error: { message: string } }>().error.message, "string");
    }
    assert.deepEqual(
      (await Choice.objects.orderBy("id")).map((c) => c.votes),
      [0, 0],
    );
  });

  test("on a future question is 404", async () => {
    const q = await createQuestion("Future?", 1);
    const c = await q.choices.create({ choiceText: "Maybe" });
    const res = await polls.client.post(`/api/questions/${q.id}/vote`, { json: { choice: c.id } });
    assert.equal(res.status, 404);
    assert.equal((await Choice.objects.get({ id: c.id })).votes, 0);
  });
});
