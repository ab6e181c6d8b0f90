/**
 * The polls pages on a real SQLite database, as Django's tutorial tests them: the index lists
 * only published questions, newest first and at most five; a future question's pages are 404;
 * a vote counts once and redirects to the results (POST/redirect/GET); a vote without a valid
 * choice shows the form again with an error and counts nothing.
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

/** The question texts of the index page, in order. */
async function listed(): Promise<string[]> {
  const res = await polls.client.get("/polls/");
  assert.equal(res.status, 200);
  return [...res.text.matchAll(/<li><a href="\/polls\/\d+\/">([^<]*)<\/a><\/li>/g)].map(
    (m) => m[1]!,
  );
}

describe("the index page", () => {
  test("with no questions says so", async () => {
    const res = await polls.client.get("/polls/");
    assert.equal(res.status, 200);
    assert.match(res.text, /No polls are available\./);
  });

  test("lists a past question, not a future one", async () => {
    await createQuestion("Past question.", -30);
    await createQuestion("Future question.", 30);
    assert.deepEqual(await listed(), ["Past question."]);
  });

  test("shows the five newest published questions, newest first", async () => {
    for (let i = 1; i <= 7; i++) await createQuestion(`Question ${i}.`, -i);
    assert.deepEqual(await listed(), [
      "Question 1.",
      "Question 2.",
      "Question 3.",
      "Question 4.",
      "Question 5.",
    ]);
  });

  test("escapes the question text, links the stylesheet, and / leads here", async () => {
    await createQuestion("<script>alert(1)</script>", -1);
    const res = await polls.client.get("/polls/");
    assert.ok(!res.text.includes("<script>alert(1)"), res.text);
    assert.match(res.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(res.text, /<link rel="stylesheet" href="\/static\/polls\/style\.css">/);
    const home = await polls.client.get("/");
    assert.equal(home.status, 302);
    assert.equal(home.headers.get("location"), "/polls/");
  });
});

describe("the detail and results pages", () => {
  test("a future question is 404 on both", async () => {
    const future = await createQuestion("Future question.", 5);
    assert.equal((await polls.client.get(`/polls/${future.id}/`)).status, 404);
    assert.equal((await polls.client.get(`/polls/${future.id}/results/`)).status, 404);
    assert.equal((await polls.client.get("/polls/999999/")).status, 404);
  });

  test("a past question shows its text and a radio button per choice", async () => {
    const q = await createQuestion("Past question.", -5);
    const a = await q.choices.create({ choiceText: "Yes" });
    const b = await q.choices.create({ choiceText: "No" });
    const res = await polls.client.get(`/polls/${q.id}/`);
    assert.equal(res.status, 200);
    assert.match(res.text, /<h1>Past question\.<\/h1>/);
    assert.match(res.text, new RegExp(`<form action="/polls/${q.id}/vote/" method="post">`));
    for (const c of [a, b]) {
      assert.match(
        res.text,
        new RegExp(`type="radio" name="choice" id="choice\\d" value="${c.id}"`),
      );
    }
  });
});

describe("voting", () => {
  test("counts the vote in the database and redirects to the results with a 303", async () => {
    const q = await createQuestion("Tabs or spaces?", -1);
    const tabs = await q.choices.create({ choiceText: "Tabs" });
    const spaces = await q.choices.create({ choiceText: "Spaces", votes: 4 });
    const res = await polls.client.post(`/polls/${q.id}/vote/`, {
      form: { choice: String(spaces.id) },
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), `/polls/${q.id}/results/`);
    assert.equal((await Choice.objects.get({ id: spaces.id })).votes, 5);
    assert.equal((await Choice.objects.get({ id: tabs.id })).votes, 0);

    const followed = await polls.client.post(`/polls/${q.id}/vote/`, {
      form: { choice: String(tabs.id) },
      followRedirects: true,
    });
    assert.equal(followed.method, "GET");
    assert.equal(followed.url, `/polls/${q.id}/results/`);
    assert.match(followed.text, /Tabs — 1 vote</);
    assert.match(followed.text, /Spaces — 5 votes</);
  });

  test("without a choice, or with another question's choice, shows the form with an error", async () => {
    const q = await createQuestion("What's new?", -1);
    const mine = await q.choices.create({ choiceText: "Not much" });
    const other = await createQuestion("Other?", -1);
    const theirs = await other.choices.create({ choiceText: "Elsewhere" });
    for (const form of [{}, { choice: "" }, { choice: "abc" }, { choice: String(theirs.id) }]) {
      const res = await polls.client.post(`/polls/${q.id}/vote/`, { form });
      assert.equal(res.status, 400, JSON.stringify(form));
      assert.match(res.text, /<p class="error" role="alert">You didn&#39;t select a choice\.<\/p>/);
      assert.match(res.text, new RegExp(`value="${mine.id}"`));
    }
    assert.deepEqual(
      (await Choice.objects.orderBy("id")).map((c) => c.votes),
      [0, 0],
    );
  });

  test("on a future question is 404 and counts nothing", async () => {
    const q = await createQuestion("Future?", 3);
    const c = await q.choices.create({ choiceText: "Maybe" });
    const res = await polls.client.post(`/polls/${q.id}/vote/`, { form: { choice: String(c.id) } });
    assert.equal(res.status, 404);
    assert.equal((await Choice.objects.get({ id: c.id })).votes, 0);
  });

  test("GET on the vote URL is 405", async () => {
    const q = await createQuestion("Q?", -1);
    assert.equal((await polls.client.get(`/polls/${q.id}/vote/`)).status, 405);
  });
});
