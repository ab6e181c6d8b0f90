/**
 * `serveStatic(root)`: a handler that answers a greedy route param (`/static/:path<path>`) with
 * a file from `root`. The checks run in this order, and any failure is the same 404, so a client
 * can never tell "outside the root" from "missing" (security.md 2.3, 3.C C1-C5):
 *
 * 1. the raw path tail is decoded segment by segment (safe-path.ts);
 * 2. the target's realpath must stay inside the root's realpath (resolve-target.ts);
 * 3. only regular files are sent; a directory only through the `index` option.
 *
 * The adapters then do ETag, Last-Modified, conditional requests and single ranges.
 * @module
 */
import { realpath } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Context,
  file,
  type FlagonResponse,
  type Handler,
  HttpError,
  redirect,
} from "../../core/index.ts";
import { contentTypeFor, FlagonError } from "../../utils/index.ts";
import { ERR_STATIC_NOT_FOUND, ERR_STATIC_ROOT } from "../errors.ts";
import { acceptedEncodings, ENCODING_SUFFIX, type StaticEncoding } from "./accept-encoding.ts";
import { type ResolvedStaticOptions, resolveStaticOptions, type StaticOptions } from "./options.ts";
import { resolveInside, type Target } from "./resolve-target.ts";
import { rawParamTail, staticPath } from "./safe-path.ts";

function notFound(): HttpError {
  return new HttpError(404, "File not found", { code: ERR_STATIC_NOT_FOUND });
}

/** The root as an absolute path; relative paths are taken from the current directory, now. */
export function absoluteRoot(root: string | URL): string {
  if (root instanceof URL) {
    if (root.protocol !== "file:")
      throw new FlagonError(
        ERR_STATIC_ROOT,
        `Static root must be a file: URL, got ${root.href}`,
        500,
      );
    return fileURLToPath(root);
  }
  if (typeof root !== "string" || root === "" || root.includes("\0")) {
    throw new FlagonError(
      ERR_STATIC_ROOT,
      "Static root must be a non-empty directory path (or a file: URL)",
      500,
    );
  }
  return resolve(root);
}

/** The checked file for this request, or undefined for a 404; a `string` is a redirect target. */
async function locate(
  ctx: Context,
  root: string,
  o: ResolvedStaticOptions,
): Promise<Target | string | undefined> {
  const value = (ctx.params as Record<string, unknown>)[o.param];
  if (typeof value !== "string") return undefined;
  const tail = rawParamTail(ctx.req.path, value);
  const parsed = tail === undefined ? undefined : staticPath(tail);
  if (parsed === undefined) return undefined;
  const target = await resolveInside(root, join(root, ...parsed.segments));
  if (target === undefined) return undefined;
  if (target.stats.isFile()) return parsed.trailingSlash ? undefined : target;
  if (!target.stats.isDirectory() || o.index === undefined) return undefined;
  const index = await resolveInside(root, join(target.path, o.index));
  if (index === undefined || !index.stats.isFile()) return undefined;
  // `docs` -> `docs/`, so the index page's relative links resolve inside the directory.
  return parsed.trailingSlash ? index : `${ctx.req.path}/`;
}

/** The precompressed variant to send instead, if the client accepts one and it exists. */
async function variant(
  ctx: Context,
  root: string,
  target: Target,
): Promise<[Target, StaticEncoding] | undefined> {
  for (const enc of acceptedEncodings(ctx.req.header("accept-encoding"))) {
    const found = await resolveInside(root, target.path + ENCODING_SUFFIX[enc]);
    if (found?.stats.isFile()) return [found, enc];
  }
  return undefined;
}

/**
 * A handler serving files from `root` for a route with a greedy param:
 * @example app.get("/assets/:path<path>", serveStatic("./public", { maxAge: 3600 }))
 */
export function serveStatic(root: string | URL, options?: StaticOptions): Handler<any> {
  const o = resolveStaticOptions(options);
  const rootPath = absoluteRoot(root);
  let realRoot: string | undefined;
  let warned = false;
  return async (ctx: Context): Promise<FlagonResponse> => {
    // Resolved on first use (a build step may create the folder after the app starts), then kept.
    realRoot ??= await realpath(rootPath).catch(() => undefined);
    if (realRoot === undefined) {
      if (!warned)
        ctx.logger.warn("static root does not exist; every file under it is a 404", {
          root: rootPath,
        });
      warned = true;
      throw notFound();
    }
    const found = await locate(ctx, realRoot, o);
    if (found === undefined) throw notFound();
    if (typeof found === "string") return redirect(found, 301);
    const picked = o.precompressed ? await variant(ctx, realRoot, found) : undefined;
    const [send, encoding] = picked ?? [found, undefined];
    const res = file(send.path, {
      stat: { size: send.stats.size, mtimeMs: send.stats.mtimeMs },
      // The type of what the client asked for, not of the `.br`/`.gz` file on disk.
      contentType: contentTypeFor(found.path),
      contentEncoding: encoding,
    });
    res.headers.set("cache-control", o.cacheControl);
    // Caches must key on Accept-Encoding whenever the answer could have been another variant.
    if (o.precompressed) res.headers.set("vary", "Accept-Encoding");
    return res;
  };
}
