/**
 * `mountStatic(scope, "/static", dir)`: the one-line way to serve a folder. It registers a GET
 * route (HEAD follows GET) named `"static"`, so templates reverse it with
 * `url("static", { path: "css/site.css" })`; on a blueprint the name becomes `"<bp>.static"`,
 * which is how a blueprint carries its own static folder.
 * @module
 */
import type { Scope } from "../../core/index.ts";
import { staticOptionError } from "../errors.ts";
import type { StaticOptions } from "./options.ts";
import { serveStatic } from "./serve-static.ts";

export interface MountStaticOptions extends Omit<StaticOptions, "param"> {
  /** Route name for reverse routing; change it to mount several folders on one scope. @default "static" */
  name?: string;
}

/** "/static/" -> "/static", "" or "/" -> "" (mounted at the scope's root). */
function normaliseUrlPrefix(prefix: string): string {
  if (typeof prefix !== "string")
    throw staticOptionError('urlPrefix must be a string such as "/static"');
  let p = prefix.startsWith("/") ? prefix : `/${prefix}`;
  while (p.endsWith("/")) p = p.slice(0, -1);
  return p;
}

/**
 * Serve the files under `root` at `${urlPrefix}/<path>` on an app or a blueprint.
 * @example
 * mountStatic(app, "/static", new URL("./static", import.meta.url), { maxAge: 3600 });
 * app.url("static", { path: "css/site.css" }); // "/static/css/site.css"
 */
export function mountStatic<S extends Scope>(
  scope: S,
  urlPrefix: string,
  root: string | URL,
  options: MountStaticOptions = {},
): S {
  const { name = "static", ...rest } = options;
  scope.get(
    `${normaliseUrlPrefix(urlPrefix)}/:path<path>`,
    serveStatic(root, { ...rest, param: "path" }),
    name,
  );
  return scope;
}
