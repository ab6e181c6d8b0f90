/**
 * Response constructors: `json`, `text`, `html`, `stream`, `file`. Each is a plain function (usable
 * anywhere) and is also reachable from the context as `ctx.json(...)`.
 * @module
 */
import { type FileStat, FlagonResponse, type ResponseInit } from "./response.ts";

const JSON_TYPE = "application/json; charset=utf-8";
const TEXT_TYPE = "text/plain; charset=utf-8";
const HTML_TYPE = "text/html; charset=utf-8";

function withType(body: FlagonResponse["body"], type: string, init?: ResponseInit): FlagonResponse {
  const res = new FlagonResponse(body, init);
  res.headers.setDefault("content-type", type);
  return res;
}

/**
 * A JSON response. `<`, `>` and `&` are escaped as `\u003c`-style sequences so the body stays
 * inert if a browser is ever tricked into reading it as HTML.
 * @example json({ id: 1 }, 201)
 */
export function json(data: unknown, init?: ResponseInit): FlagonResponse {
  return withType(stringifyJson(data), JSON_TYPE, init);
}

const UNSAFE_JSON = /[<>&\u2028\u2029]/g;
// A separate non-global copy for the test: a global regex's test() moves its lastIndex.
const HAS_UNSAFE_JSON = /[<>&\u2028\u2029]/;
const JSON_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/** `JSON.stringify` plus HTML-safe escaping; `undefined` becomes `null`. */
export function stringifyJson(data: unknown): string {
  const text = JSON.stringify(data) ?? "null";
  return HAS_UNSAFE_JSON.test(text) ? text.replace(UNSAFE_JSON, (c) => JSON_ESCAPES[c]!) : text;
}

/** A `text/plain; charset=utf-8` response. */
export function text(body: string, init?: ResponseInit): FlagonResponse {
  return withType(body, TEXT_TYPE, init);
}

/** A `text/html; charset=utf-8` response. The string is sent as is: escape what you interpolate. */
export function html(body: string, init?: ResponseInit): FlagonResponse {
  return withType(body, HTML_TYPE, init);
}

/** Stream an async iterable of chunks (strings are sent as UTF-8). */
export function stream(
  source: AsyncIterable<Uint8Array | string>,
  init?: ResponseInit,
  contentType = "application/octet-stream",
): FlagonResponse {
  return withType(source, contentType, init);
}

export interface FileOptions {
  /** Override the content type guessed from the extension. */
  contentType?: string;
  /** Send as a download (`Content-Disposition: attachment`), optionally under another name. */
  download?: boolean | string;
  /** `Cache-Control: max-age` in seconds. */
  maxAge?: number;
  /** Add `immutable` to Cache-Control (for hashed file names). */
  immutable?: boolean;
  /** Known size and mtime, saves the adapter a stat. */
  stat?: FileStat;
  /** The file is a precompressed variant in this encoding. */
  contentEncoding?: string;
}

function encodeDispositionName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Send a file from disk with ETag, Last-Modified, conditional requests and single Range support,
 * all applied by the adapter. The path is used as given: never build it from request input
 * without the containment checks that `serveStatic` does.
 */
export function file(path: string, options: FileOptions = {}): FlagonResponse {
  const res = new FlagonResponse({
    kind: "file",
    path,
    stat: options.stat,
    contentEncoding: options.contentEncoding,
  });
  if (options.contentType !== undefined) res.headers.set("content-type", options.contentType);
  if (options.download !== undefined && options.download !== false) {
    const name =
      typeof options.download === "string"
        ? options.download
        : (path.split(/[\\/]/).pop() ?? "download");
    res.headers.set("content-disposition", encodeDispositionName(name));
  }
  if (options.maxAge !== undefined) {
    res.headers.set(
      "cache-control",
      `public, max-age=${Math.max(0, Math.floor(options.maxAge))}${options.immutable ? ", immutable" : ""}`,
    );
  }
  return res;
}
