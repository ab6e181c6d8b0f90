/**
 * The autodetector's questions (is this a rename?). `answers` answers them by key, for CI and
 * scripts; `ask` asks a person (the CLI wires a TTY prompt to it). A question neither answers
 * is an error, never a silent guess: guessing "no" would turn a rename into drop-and-add and
 * lose the column's data.
 * @module
 */
import { ERR_MIGRATIONS_QUESTION, migrationsError } from "./errors.ts";

export interface RenameQuestion {
  readonly kind: "field" | "model";
  /** `shop.Book.pageCount=>pages` for a field, `shop.Book=>shop.Volume` for a model. */
  readonly key: string;
  readonly message: string;
}

export type Ask = (q: RenameQuestion) => boolean | Promise<boolean>;

export interface Questioner {
  readonly answers?: Readonly<Record<string, boolean>>;
  readonly ask?: Ask;
}

export async function askRename(q: Questioner, question: RenameQuestion): Promise<boolean> {
  const answer = q.answers?.[question.key];
  if (answer !== undefined) return answer;
  if (q.ask !== undefined) return q.ask(question);
  throw migrationsError(
    ERR_MIGRATIONS_QUESTION,
    `${question.message} Answer with answers: { ${JSON.stringify(question.key)}: true | false }`,
  );
}
