/**
 * Coded errors thrown by `flagon/middleware`. Option mistakes are programmer errors (500, thrown
 * when the middleware is created, so they surface at startup, not on the first request).
 * @module
 */
import { FlagonError } from "../utils/index.ts";

/** `serveStatic`/`mountStatic` got an empty or unusable root directory. */
export const ERR_STATIC_ROOT = "FLG_ERR_STATIC_ROOT";
/** `serveStatic`/`mountStatic` got an invalid option (negative `maxAge`, an `index` with a slash ...). */
export const ERR_STATIC_OPTION = "FLG_ERR_STATIC_OPTION";
/**
 * A static file was not found or may not be served. One code for every reason (missing,
 * outside the root, dotfile, directory), so a 404 never tells which one it was.
 */
export const ERR_STATIC_NOT_FOUND = "FLG_ERR_NOT_FOUND";

export function staticOptionError(message: string): FlagonError {
  return new FlagonError(ERR_STATIC_OPTION, message, 500);
}
