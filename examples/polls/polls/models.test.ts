/**
 * The models: `wasPublishedRecently` as in Django's tutorial (future, old and recent
 * questions), and the `choices` relation on a real database.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Choice, Question, wasPublishedRecently } from "./models.ts";
import { createQuestion, type PollsTestProject, setUpPolls } from "./testing.ts";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const now = new Date("2026-06-01T12:00:00Z");
const at = (offsetMs: number) => ({ pubDate: new Date(now.getTime() + offsetMs) });

describe("wasPublishedRecently", () => {
  test("is false for a question whose pubDate is in the future", () => {
    assert.equal(wasPublishedRecently(at(30 * DAY_MS), now), false);
    assert.equal(wasPublishedRecently(at(1), now), false);
  });

  test("is false for a question older than one day", () => {
    assert.equal(wasPublishedRecently(at(-(DAY_MS + 1000)), now), false);
  });

  test("is true for a question published within the last day", () => {
    assert.equal(wasPublishedRecently(at(-(23 * HOUR_MS + 59 * 60 * 1000 + 59 * 1000)), now), true);
    assert.equal(wasPublishedRecently(at(0), now), true);
  });
});

describe("Question and Choice on SQLite", () => {
  let polls: PollsTestProject;
  before(async () => {
    polls = await setUpPolls();
  });
  after(() => polls.tearDown());

  test("choices belong to their question, votes start at 0, deleting cascades", async () => {
    const q = await createQuestion("What's new?", -1);
    await q.choices.create({ choiceText: "Not much" });
    await q.choices.create({ choiceText: "The sky" });
    const other = await createQuestion("Other?", -2);
    await other.choices.create({ choiceText: "Elsewhere" });
    const mine = await q.choices.all().orderBy("id");
    assert.deepEqual(
      mine.map((c) => [c.choiceText, c.votes, c.questionId]),
      [
        ["Not much", 0, q.id],
        ["The sky", 0, q.id],
      ],
    );
    const fetched = await Question.objects.get({ id: q.id });
    assert.ok(fetched.pubDate instanceof Date);
    assert.equal(fetched.pubDate.getTime(), q.pubDate.getTime());
    await q.delete();
    assert.equal(await Choice.objects.count(), 1);
  });
});
