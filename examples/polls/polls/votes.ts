/**
 * Voting, shared by the form and the API: reading the choice a request names and counting the
 * vote in the database.
 * @module
 */
import { F } from "flagon/orm";
import { Choice } from "./models.ts";

/** The choice id a form or JSON body names, or undefined when it names none. */
export function choiceId(value: unknown): number | undefined {
  const id = typeof value === "string" && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return typeof id === "number" && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** Add one vote to the choice if it belongs to the question; false when it does not. */
export async function castVote(questionId: number, choice: number | undefined): Promise<boolean> {
  if (choice === undefined) return false;
  // F("votes") + 1 runs in the database: two votes at once both count.
  const updated = await Choice.objects
    .filter({ id: choice, question: questionId })
    .update({ votes: F("votes").add(1) });
  return updated === 1;
}
