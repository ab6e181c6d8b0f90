/**
 * Turning what a handler returned into a `FlagonResponse`, the one place that decides how a bare
 * string, object or `undefined` is answered.
 * @module
 */
import { json, text } from "./response-helpers.ts";
import { FlagonResponse } from "./response.ts";
import type { HandlerResult } from "./types.ts";

/**
 * - `FlagonResponse`: as is;
 * - string: `text/plain; charset=utf-8` (not HTML, unlike Flask: use `html()` for markup, so a
 *   string built from user input can never run as a page);
 * - `Uint8Array`: `application/octet-stream`;
 * - `undefined` or `null`: 204 No Content;
 * - anything else: JSON.
 */
export function toResponse(result: HandlerResult): FlagonResponse {
  if (result instanceof FlagonResponse) return result;
  if (typeof result === "string") return text(result);
  if (result === undefined || result === null) return new FlagonResponse(null, 204);
  if (result instanceof Uint8Array) {
    const res = new FlagonResponse(result);
    res.headers.set("content-type", "application/octet-stream");
    return res;
  }
  return json(result);
}

/** Whether a value is a promise or another thenable. */
export function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
