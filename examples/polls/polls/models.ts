/**
 * The polls models: a question with its publication date, and the choices voted on.
 * @module
 */
import { f, model, withRelated } from "flagon/orm";

const QuestionBase = model("polls.Question", {
  questionText: f.string({ maxLength: 200 }),
  pubDate: f.datetime({ verboseName: "date published" }),
});

export const Choice = model("polls.Choice", {
  question: f.foreignKey(() => QuestionBase, { onDelete: "cascade", relatedName: "choices" }),
  choiceText: f.string({ maxLength: 200 }),
  votes: f.int({ default: 0 }),
});

/** A question, typed with its reverse relation `choices`. */
export const Question = withRelated(QuestionBase, {
  choices: f.reverse(() => Choice, "question"),
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** True when the question was published within the last day, and not in the future. */
export function wasPublishedRecently(
  question: { readonly pubDate: Date },
  now: Date = new Date(),
): boolean {
  const published = question.pubDate.getTime();
  return now.getTime() - DAY_MS <= published && published <= now.getTime();
}

/** The questions visitors may see: those published up to now, never future ones. */
export function publishedQuestions() {
  return Question.objects.filter({ pubDate: { lte: new Date() } });
}
