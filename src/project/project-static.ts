/**
 * Static files for a project, as Django's staticfiles app serves them: in development every
 * project static folder, then every app's `static` folder, searched in that order under one URL
 * prefix (the first file found wins, so a project overrides an app's file); in production the
 * one folder `flagon collectstatic` filled.
 * @module
 */
import { type App, type Handler, HttpError } from "../core/index.ts";
import { serveStatic } from "../middleware/index.ts";
import type { ProjectSettings } from "./define-settings.ts";

/** The folders searched in development, project first. */
export function staticFolders(settings: ProjectSettings): string[] {
  const out = [...settings.static.folders];
  for (const app of settings.installedApps)
    if (app.staticDir !== undefined) out.push(app.staticDir);
  return out;
}

function firstFound(handlers: readonly Handler<any>[]): Handler<any> {
  return async (ctx) => {
    let last: unknown;
    for (const handler of handlers) {
      try {
        return await handler(ctx);
      } catch (err) {
        // Only "not here" moves on to the next folder; any other refusal (a traversal attempt,
        // a bad Range) is the answer.
        if (!(err instanceof HttpError) || err.status !== 404) throw err;
        last = err;
      }
    }
    throw last;
  };
}

/** Mount the `static` route (reversed by the templates' `static()` helper) on the app. */
export function mountProjectStatic(app: App, settings: ProjectSettings): void {
  const roots = settings.debug ? staticFolders(settings) : [settings.static.root];
  if (roots.length === 0) return;
  const prefix = settings.static.url.replace(/\/+$/, "");
  const handlers = roots.map((root) =>
    serveStatic(root, { param: "path", maxAge: settings.debug ? 0 : 3600 }),
  );
  app.get(
    `${prefix}/:path<path>`,
    handlers.length === 1 ? handlers[0]! : firstFound(handlers),
    "static",
  );
}
