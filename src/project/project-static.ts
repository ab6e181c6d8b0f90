/**
 * Static files for a project, as Django's staticfiles app serves them. In development every
 * project static folder, then every app's `static` folder, is searched in that order under one
 * URL prefix (the first file found wins, so a project overrides an app's file), and `static()`
 * gives plain URLs. In production the one folder `flagon collectstatic` filled is served, and
 * `static()` / `app.url("static", { path })` give the hashed name from its `staticfiles.json`,
 * read once, when the server starts or on first use (commands that never serve, such as
 * `migrate`, never read it); hashed names are cached for a year (`immutable`), others briefly.
 * @module
 */
import { join } from "node:path";
import type { App, Context, Converter, Handler } from "../core/index.ts";
import { HttpError } from "../core/index.ts";
import { serveStatic } from "../middleware/index.ts";
import type { ProjectSettings } from "./define-settings.ts";
import { ERR_STATIC_MANIFEST, ProjectError } from "./errors.ts";
import { MANIFEST_NAME, readStaticManifest, type StaticManifest } from "./static-manifest.ts";

/** `Cache-Control` max-age of hashed names (a year) and of unhashed names in production. */
export const HASHED_MAX_AGE = 31_536_000;
export const UNHASHED_MAX_AGE = 60;

/** The route converter name of the `static` route's `path` param. */
const CONVERTER = "flagonStatic";

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

/** A greedy path converter whose reverse maps a name to its hashed name. */
function staticConverter(lookup: (path: string) => string): Converter<string> {
  return {
    parse: (s) => (s.length === 0 ? undefined : s),
    format: (v) => lookup(String(v)),
    rank: 200,
    greedy: true,
  };
}

export interface ProjectStatic {
  /** Path converters the project's App is created with (the `static` route needs its own). */
  readonly converters: Readonly<Record<string, Converter<string>>>;
  /** The manifest in use (production with `staticfiles.json` only), read on first call. */
  manifest(): StaticManifest | undefined;
  /** Mount the `static` route (reversed by the templates' `static()` helper) on the app. */
  mount(app: App): void;
}

/**
 * The project's static files. In production the manifest is read once, at server start-up or
 * on the first `static()` call or request; a `staticfiles.json` that is not valid throws
 * `FLG_ERR_STATIC_MANIFEST` there (so `flagon serve` refuses to start), never while a command
 * merely loads the project.
 */
export function projectStatic(settings: ProjectSettings): ProjectStatic {
  const { root, url, manifestStrict } = settings.static;
  let loaded: { manifest: StaticManifest | undefined } | undefined;
  const load = (): StaticManifest | undefined => {
    loaded ??= { manifest: settings.debug ? undefined : readStaticManifest(root) };
    return loaded.manifest;
  };
  const lookup = (path: string): string => {
    const manifest = load();
    if (manifest === undefined) return path;
    const hashed = manifest.paths.get(path);
    if (hashed !== undefined || manifest.hashed.has(path)) return hashed ?? path;
    if (!manifestStrict) return path;
    throw new ProjectError(
      ERR_STATIC_MANIFEST,
      `static file "${path}" is not in ${join(root, MANIFEST_NAME)}; run "flagon collectstatic" after adding static files`,
    );
  };
  return {
    converters: { [CONVERTER]: staticConverter(lookup) },
    manifest: load,
    mount(app) {
      const prefix = url.replace(/\/+$/, "");
      const route = `${prefix}/:path<${CONVERTER}>`;
      if (settings.debug) {
        const roots = staticFolders(settings);
        if (roots.length === 0) return;
        const handlers = roots.map((r) => serveStatic(r, { param: "path", maxAge: 0 }));
        app.get(route, handlers.length === 1 ? handlers[0]! : firstFound(handlers), "static");
        return;
      }
      // When the server starts, not when a command loads the project.
      app.onStartup(() => {
        if (load() !== undefined) return;
        app.logger.warn(
          `no ${MANIFEST_NAME} in static.root: static files get unhashed URLs and short caching; run "flagon collectstatic"`,
          { root },
        );
      });
      const hashed = serveStatic(root, { param: "path", maxAge: HASHED_MAX_AGE, immutable: true });
      const plain = serveStatic(root, { param: "path", maxAge: UNHASHED_MAX_AGE });
      app.get(
        route,
        (ctx: Context) =>
          load()?.hashed.has(String((ctx.params as Record<string, unknown>).path))
            ? hashed(ctx)
            : plain(ctx),
        "static",
      );
    },
  };
}
