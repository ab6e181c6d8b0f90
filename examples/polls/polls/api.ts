/**
 * The polls JSON API: the published questions, one question with its choices (loaded with
 * `prefetchRelated`, one query for all of them) and a vote. Errors answer JSON
 * (`{ error: { status, code, message } }`), as every Flagon error does for a JSON client.
 * @module
 */
import { abort, Blueprint } from "flagon";
import { publishedQuestions } from "./models.ts";
import { castVote, choiceId } from "./votes.ts";

export const api = new Blueprint("api", { prefix: "/api" });

async function questionJson(id: number) {
  const question = await publishedQuestions().prefetchRelated("choices").get({ id });
  const choices = await question.choices.all();
  return {
    ...question,
    choices: choices.map((c) => ({ id: c.id, choiceText: c.choiceText, votes: c.votes })),
  };
}

api.get(
  "/questions",
  async () => ({ questions: await publishedQuestions().orderBy("-pubDate") }),
  "questions",
);

api.get("/questions/:id<int>", (ctx) => questionJson(ctx.params.id), "question");

api.post(
  "/questions/:id<int>/vote",
  async (ctx) => {
    const question = await publishedQuestions().get({ id: ctx.params.id });
    const body = await ctx.req.json<{ choice?: unknown }>();
    const choice = choiceId(body?.choice);
    if (choice === undefined) abort(400, "choice must be the id of one of the question's choices");
    if (!(await castVote(question.id, choice))) {
      abort(400, `question ${question.id} has no choice ${choice}`);
    }
    return questionJson(question.id);
  },
  "vote",
);
