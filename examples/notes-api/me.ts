/**
 * `/api/me`: what this visitor did in their session. Reading a note remembers it as the last
 * viewed one and counts it; the session is a signed cookie, so this works across requests and
 * across server restarts without any storage on the server.
 * @module
 */
import { Blueprint } from "flagon";
import { getSession, type Session } from "flagon/sessions";
import type { NoteStore } from "./store.ts";

/** Called by the note detail route. Ids only: the session is a cookie and must stay small. */
export function rememberViewed(session: Session, id: number): void {
  session.set("lastViewed", id);
  session.set("views", (session.get<number>("views") ?? 0) + 1);
}

export function meBlueprint(store: NoteStore): Blueprint {
  const bp = new Blueprint("me", { prefix: "/api/me" });

  bp.get(
    "",
    (ctx) => {
      const session = getSession(ctx);
      const id = session.get<number>("lastViewed");
      // The note may have been deleted since; a stale id is not an error.
      const lastViewed = id === undefined ? null : (store.get(id) ?? null);
      return { lastViewed, views: session.get<number>("views") ?? 0 };
    },
    "show",
  );

  // Forget the history: the emptied session's cookie is deleted.
  bp.delete(
    "",
    (ctx) => {
      getSession(ctx).clear();
      return undefined;
    },
    "forget",
  );

  return bp;
}
