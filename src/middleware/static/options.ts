/**
 * Options of `serveStatic` and `mountStatic`, checked once when the handler is created.
 * @module
 */
import { staticOptionError } from "../errors.ts";

export interface StaticOptions {
  /**
   * `Cache-Control: public, max-age=<seconds>`. The default 0 sends `no-cache`: browsers keep
   * the file but revalidate it with its ETag each time (a cheap 304). @default 0
   */
  maxAge?: number;
  /** Add `immutable` (with a `maxAge`): for file names that carry a content hash. @default false */
  immutable?: boolean;
  /**
   * Serve `name.br` / `name.gz` from beside `name` when the client accepts that encoding.
   * @default true
   */
  precompressed?: boolean;
  /**
   * File served for a directory (`"index.html"`); directories are 404 without it. Never a
   * listing. @default false
   */
  index?: string | false;
  /** Name of the greedy route param holding the file path (`serveStatic` only). @default "path" */
  param?: string;
}

export interface ResolvedStaticOptions {
  cacheControl: string;
  precompressed: boolean;
  index: string | undefined;
  param: string;
}

export function resolveStaticOptions(options: StaticOptions = {}): ResolvedStaticOptions {
  const maxAge = options.maxAge ?? 0;
  if (typeof maxAge !== "number" || !Number.isFinite(maxAge) || maxAge < 0) {
    throw staticOptionError(`maxAge must be a number of seconds >= 0, got ${String(maxAge)}`);
  }
  const index = options.index === undefined || options.index === false ? undefined : options.index;
  if (
    index !== undefined &&
    (typeof index !== "string" || index === "" || /[/\\\0]/.test(index) || index.startsWith("."))
  ) {
    throw staticOptionError(
      `index must be a plain file name such as "index.html", got ${JSON.stringify(index)}`,
    );
  }
  const param = options.param ?? "path";
  if (typeof param !== "string" || param === "")
    throw staticOptionError("param must be a route param name");
  const seconds = Math.floor(maxAge);
  return {
    cacheControl:
      seconds === 0
        ? "no-cache"
        : `public, max-age=${seconds}${options.immutable === true ? ", immutable" : ""}`,
    precompressed: options.precompressed ?? true,
    index,
    param,
  };
}
