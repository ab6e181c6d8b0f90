/**
 * The polls app end to end on PostgreSQL and MariaDB/MySQL (when FLAGON_TEST_POSTGRES_URL /
 * FLAGON_TEST_MYSQL_URL are set): the generated migration applies and unapplies there, and the
 * pages, the vote (F("votes") + 1) and the API behave as on SQLite. This one file owns the
 * polls tables on those servers, and keeps its migration records in a table of its own.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Choice } from "./models.ts";
import { createQuestion, type PollsTestProject, setUpPolls } from "./testing.ts";

const servers = [
  ["PostgreSQL", process.env.FLAGON_TEST_POSTGRES_URL],
  ["MariaDB/MySQL", process.env.FLAGON_TEST_MYSQL_URL],
] as const;

for (const [name, url] of servers) {
  describe(`polls on ${name}`, { skip: url ? false : `its FLAGON_TEST_*_URL is not set` }, () => {
    let polls: PollsTestProject;
    before(async () => {
      polls = await setUpPolls(url, "polls_test_migrations");
    });
    after(() => polls?.tearDown());

    test("index, detail, vote and API", async () => {
      const q = await createQuestion("Which database?", -1);
      await createQuestion("Not yet?", 1);
      const pg = await q.choices.create({ choiceText: "PostgreSQL" });
      await q.choices.create({ choiceText: "MariaDB" });

      const index = await polls.client.get("/polls/");
      assert.match(index.text, /Which database\?/);
      assert.doesNotMatch(index.text, /Not yet\?/);

      const vote = await polls.client.post(`/polls/${q.id}/vote/`, {
        form: { choice: String(pg.id) },
      });
      assert.equal(vote.status, 303);
      const api = await polls.client.post(`/api/questions/${q.id}/vote`, {
        json: { choice: pg.id },
      });
      assert.equal(api.status, 200);
      assert.equal((await Choice.objects.get({ id: pg.id })).votes, 2);

      const list = await polls.client.get("/api/questions");
      assert.deepEqual(
        list.json<{ questions: { questionText: string }[] }>().questions.map((x) => x.questionText),
        ["Which database?"],
      );
      const results = await polls.client.get(`/polls/${q.id}/results/`);
      assert.match(results.text, /PostgreSQL — 2 votes/);
      assert.match(results.text, /MariaDB — 0 votes/);
    });
  });
}
