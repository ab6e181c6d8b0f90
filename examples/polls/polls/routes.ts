/**
 * The polls pages (Django's tutorial views): the latest questions, a question's voting form,
 * the vote itself (POST, then a redirect to the results: POST/redirect/GET) and the results.
 * The JSON API lives in `api.ts` and is mounted here under /api.
 * @module
 */
import { Blueprint } from "flagon";
import { api } from "./api.ts";
import { publishedQuestions } from "./models.ts";
import { castVote, choiceId } from "./votes.ts";

const routes = new Blueprint("polls");

/** A published question (a future one is a 404, as a missing one) and its choices. */
async function questionWithChoices(id: number) {
  const question = await publishedQuestions().get({ id });
  const choices = await question.choices.all().orderBy("id");
  return { question, choices };
}

routes.get(
  "/polls/",
  async (ctx) => {
    const latest = await publishedQuestions().orderBy("-pubDate").slice(0, 5);
    return ctx.render("polls/index.html", { latestQuestions: latest });
  },
  "index",
);

routes.get(
  "/polls/:id<int>/",
  async (ctx) => ctx.render("polls/detail.html", await questionWithChoices(ctx.params.id)),
  "detail",
);

routes.get(
  "/polls/:id<int>/results/",
  async (ctx) => ctx.render("polls/results.html", await questionWithChoices(ctx.params.id)),
  "results",
);

routes.post(
  "/polls/:id<int>/vote/",
  async (ctx) => {
    const question = await publishedQuestions().get({ id: ctx.params.id });
    const form = await ctx.req.form();
    if (!(await castVote(question.id, choiceId(form.get("choice"))))) {
      const choices = await question.choices.all().orderBy("id");
      // Show the form again, saying why; nothing was counted.
      return ctx.render(
        "polls/detail.html",
        { question, choices, errorMessage: "You didn't select a choice." },
        { status: 400 },
      );
    }
    // 303: the browser follows with a GET, so reloading the results does not vote again.
    return ctx.redirect(ctx.url("polls.results", { id: question.id }), 303);
  },
  "vote",
);

routes.register(api);

export default routes;
