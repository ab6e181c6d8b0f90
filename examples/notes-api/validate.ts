/**
 * Checking a note sent as JSON, by hand: every problem is a 400 whose message says which field
 * is wrong and why. (A Standard Schema validator such as Zod can do the same in fewer lines;
 * the example stays dependency-free.)
 * @module
 */
import { abort } from "flagon";
import type { NoteInput } from "./store.ts";

const FIELDS = new Set(["title", "body", "tags"]);
export const LIMITS = { title: 200, body: 10_000, tags: 10, tag: 30 } as const;

/**
 * The note fields in `data`. With `partial` (PATCH) every field is optional but at least one
 * must be there; without it (POST, PUT) `title` is required and the others get defaults.
 */
export function parseNoteInput(data: unknown, partial: false): NoteInput;
export function parseNoteInput(data: unknown, partial: true): Partial<NoteInput>;
export function parseNoteInput(data: unknown, partial: boolean): Partial<NoteInput> {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    abort(400, "The body must be a JSON object");
  }
  const fields = data as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((k) => !FIELDS.has(k));
  if (unknown.length > 0)
    abort(400, `Unknown field(s): ${unknown.join(", ")}; allowed: title, body, tags`);
  const out: Partial<NoteInput> = {};
  if (fields.title !== undefined) out.title = checkTitle(fields.title);
  else if (!partial) abort(400, "title is required");
  if (fields.body !== undefined) out.body = checkString("body", fields.body, LIMITS.body);
  else if (!partial) out.body = "";
  if (fields.tags !== undefined) out.tags = checkTags(fields.tags);
  else if (!partial) out.tags = [];
  if (partial && Object.keys(out).length === 0)
    abort(400, "Send at least one of title, body, tags");
  return out;
}

function checkString(name: string, value: unknown, max: number): string {
  if (typeof value !== "string") abort(400, `${name} must be a string`);
  if (value.length > max) abort(400, `${name} must be at most ${max} characters`);
  return value;
}

function checkTitle(value: unknown): string {
  const title = checkString("title", value, LIMITS.title).trim();
  if (title === "") abort(400, "title must not be empty");
  return title;
}

function checkTags(value: unknown): string[] {
  if (!Array.isArray(value)) abort(400, "tags must be an array of strings");
  if (value.length > LIMITS.tags) abort(400, `tags may hold at most ${LIMITS.tags} entries`);
  const tags = value.map((t, i) => {
    if (typeof t !== "string" || t.trim() === "")
      abort(400, `tags[${i}] must be a non-empty string`);
    if (t.length > LIMITS.tag) abort(400, `tags[${i}] must be at most ${LIMITS.tag} characters`);
    return t.trim();
  });
  return [...new Set(tags)];
}
