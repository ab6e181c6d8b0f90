/**
 * The per-request globals a page rendered with `ctx.render()` gets: `request`, `url_for`, `url`,
 * `static` and `get_flashed_messages`. They are built for one request and close over its
 * context, so `url_for(".index")` resolves inside the current blueprint as in Flask.
 * @module
 */
import type { Context } from "../core/index.ts";
import { typeError } from "./errors.ts";
import { bindArgs, type Kwargs, PyFunction } from "./py-function.ts";
import { RequestView } from "./request-view.ts";
import { Undefined } from "./undefined.ts";
import { isMapping, mappingEntries, tuple } from "./values.ts";

type UrlQuery = Record<string, string | number | boolean | Array<string | number | boolean>>;

/** A template dict (Map or object) as a plain record; null/undefined as undefined. */
function record(value: unknown, what: string): Record<string, any> | undefined {
  if (value === undefined || value === null || value instanceof Undefined) return undefined;
  if (!isMapping(value)) throw typeError(`${what} must be a dict`);
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, v] of mappingEntries(value)) out[String(k)] = v;
  return out;
}

/** `".index"` inside blueprint `shop` is `"shop.index"` (Flask's relative endpoints). */
function resolveEndpoint(ctx: Context, name: string): string {
  if (!name.startsWith(".")) return name;
  const current = ctx.endpoint;
  const dot = current === undefined ? -1 : current.lastIndexOf(".");
  return dot === -1 ? name.slice(1) : `${current!.slice(0, dot)}${name}`;
}

/** The session `flagon/sessions` put on the context, if any (duck-typed: no upward import). */
interface FlashSource {
  consumeFlashes(categories?: readonly string[]): Array<{ category: string; message: string }>;
}

function sessionOf(ctx: Context): FlashSource | undefined {
  const s = (ctx.vars as unknown as Record<string, unknown>)["session"] as
    | Partial<FlashSource>
    | undefined;
  return typeof s?.consumeFlashes === "function" ? (s as FlashSource) : undefined;
}

/** The request-bound globals, in a fresh object per render. */
export function requestGlobals(ctx: Context): Record<string, unknown> {
  const url = (name: unknown, params?: unknown, query?: unknown): string => {
    if (typeof name !== "string") throw typeError("url() needs a route name");
    return ctx.app.url(
      resolveEndpoint(ctx, name),
      record(params, "url() params"),
      record(query, "url() query") as UrlQuery | undefined,
    );
  };
  return {
    request: new RequestView(ctx.req, ctx.endpoint),
    // url_for("user", id=5, _query={"tab": "a"}, _anchor="top"): Flask's spelling.
    url_for: new PyFunction("url_for", (args: unknown[], kwargs: Kwargs) => {
      if (args.length !== 1) throw typeError("url_for() takes exactly one positional argument");
      const params = new Map(kwargs);
      const query = params.get("_query");
      const anchor = params.get("_anchor");
      params.delete("_query");
      params.delete("_anchor");
      const out = url(args[0], params, query);
      return typeof anchor === "string" ? `${out}#${encodeURIComponent(anchor)}` : out;
    }),
    // url("user", {"id": 5}, {"tab": "a"}): the same call as `app.url()` in code.
    url: new PyFunction("url", (args: unknown[], kwargs: Kwargs) => {
      const [name, params, query] = bindArgs("url", ["name", "params", "query"], args, kwargs);
      return url(name, params, query);
    }),
    // static("css/site.css"): the route mountStatic() named "static".
    static: new PyFunction("static", (args: unknown[], kwargs: Kwargs) => {
      const [path, endpoint] = bindArgs("static", ["path", "endpoint"], args, kwargs);
      if (typeof path !== "string") throw typeError("static() needs a file path");
      const name = typeof endpoint === "string" ? endpoint : "static";
      return ctx.app.url(resolveEndpoint(ctx, name), { path });
    }),
    // Flask's get_flashed_messages(with_categories=false, category_filter=[]): reading them
    // consumes them, so a page that never asks leaves them for the next one.
    get_flashed_messages: new PyFunction("get_flashed_messages", (args, kwargs) => {
      const [withCategories, filter] = bindArgs(
        "get_flashed_messages",
        ["with_categories", "category_filter"],
        args,
        kwargs,
      );
      const session = sessionOf(ctx);
      if (session === undefined) return [];
      // All of them are taken at once and filtered here, as Flask does, so messages keep the
      // order they were flashed in whatever filters the page asks for.
      const wanted = Array.isArray(filter) && filter.length > 0 ? filter.map(String) : undefined;
      const flashes = session
        .consumeFlashes()
        .filter((f) => wanted === undefined || wanted.includes(f.category));
      return withCategories === true
        ? flashes.map((f) => tuple([f.category, f.message]))
        : flashes.map((f) => f.message);
    }),
  };
}
