/**
 * The polls pages in a real browser (Debian's Chromium driven by playwright-core): from the
 * index to a question, a vote with the radio buttons, the POST/redirect/GET to the results, and
 * a vote without a choice showing the error. Runs when FLAGON_TEST_CHROMIUM names the browser
 * (`.ci/run` sets it to /usr/bin/chromium).
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { type FlagonServer, serve } from "flagon";
import { type Browser, chromium } from "playwright-core";
import { Choice } from "./models.ts";
import { createQuestion, type PollsTestProject, setUpPolls } from "./testing.ts";

const executablePath = process.env.FLAGON_TEST_CHROMIUM;

describe("the polls pages in Chromium", {
  skip: executablePath ? false : "FLAGON_TEST_CHROMIUM is not set",
}, () => {
  let polls: PollsTestProject;
  let server: FlagonServer;
  let browser: Browser;
  before(async () => {
    // Served as in production (debug off), which refuses the development key: a real one.
    polls = await setUpPolls("sqlite::memory:", undefined, {
      secretKey: randomBytes(32).toString("base64url"),
    });
    server = await serve(polls.project.app, { port: 0, host: "127.0.0.1", handleSignals: false });
    browser = await chromium.launch({
      executablePath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  });
  after(async () => {
    await browser?.close();
    // The tables first: closing the server runs the project's shutdown, which closes the database.
    await polls?.tearDown();
    await server?.close();
  });

  test("pick a question, vote, see the result; voting without a choice shows the error", async () => {
    const q = await createQuestion("Which engine?", -1);
    const jinja = await Choice.objects.create({ questionId: q.id, choiceText: "Jinja", votes: 0 });
    await Choice.objects.create({ questionId: q.id, choiceText: "Nunjucks", votes: 0 });
    const page = await browser.newPage();
    await page.goto(`${server.url}/polls/`);
    await page.getByRole("link", { name: "Which engine?" }).click();
    await page.waitForURL(`${server.url}/polls/${q.id}/`);

    await page.getByRole("button", { name: "Vote" }).click();
    assert.match((await page.getByRole("alert").textContent()) ?? "", /didn.t select a choice/i);

    await page.getByLabel("Jinja").check();
    await page.getByRole("button", { name: "Vote" }).click();
    await page.waitForURL(`${server.url}/polls/${q.id}/results/`);
    assert.match((await page.locator("ul.results").textContent()) ?? "", /Jinja — 1 vote\b/);
    assert.equal((await Choice.objects.get({ id: jinja.id })).votes, 1);
  });
});
