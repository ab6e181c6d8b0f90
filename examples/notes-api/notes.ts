/**
 * The `/api/notes` blueprint: list, create, read, replace, update and delete notes. Typed
 * `:id<int>` params reach the handlers as numbers; an id that is not an integer never matches
 * (404). Route names ("notes.detail") let the create handler build its Location header.
 * @module
 */
import { abort, Blueprint, type Context } from "flagon";
import { getSession } from "flagon/sessions";
import { rememberViewed } from "./me.ts";
import type { Note, NoteStore } from "./store.ts";
import { parseNoteInput } from "./validate.ts";

function found(note: Note | undefined, id: number): Note {
  return note ?? abort(404, `No note with id ${id}`, { code: "NOTE_NOT_FOUND" });
}

export function notesBlueprint(store: NoteStore): Blueprint {
  const bp = new Blueprint("notes", { prefix: "/api/notes" });

  // GET /api/notes?tag=a&tag=b: notes carrying every tag given.
  bp.get("", (ctx) => ({ notes: store.list({ tags: ctx.query.getAll("tag") }) }), "list");

  bp.post(
    "",
    async (ctx) => {
      const note = store.create(parseNoteInput(await ctx.req.json(), false));
      const location = ctx.url("notes.detail", { id: note.id });
      return ctx.json(note, { status: 201, headers: { location } });
    },
    "create",
  );

  bp.get(
    "/:id<int>",
    (ctx) => {
      const note = found(store.get(ctx.params.id), ctx.params.id);
      rememberViewed(getSession(ctx), note.id);
      return note;
    },
    "detail",
  );

  const update = (partial: boolean) => async (ctx: Context<{ id: number }>) => {
    const id = ctx.params.id;
    found(store.get(id), id);
    const changes = partial
      ? parseNoteInput(await ctx.req.json(), true)
      : parseNoteInput(await ctx.req.json(), false);
    return store.update(id, changes);
  };
  bp.put("/:id<int>", update(false), "replace");
  bp.patch("/:id<int>", update(true), "update");

  bp.delete(
    "/:id<int>",
    (ctx) => {
      if (!store.delete(ctx.params.id))
        abort(404, `No note with id ${ctx.params.id}`, { code: "NOTE_NOT_FOUND" });
      return undefined; // 204 No Content
    },
    "delete",
  );

  return bp;
}
