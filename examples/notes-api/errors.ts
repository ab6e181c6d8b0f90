/**
 * One error handler for the whole API: every error becomes the same JSON shape with the request
 * id, whether it came from `abort()`, from the framework (404, 405, 415, a body too large) or
 * from a bug (500, details only in the log).
 * @module
 */
import { asHttpError, type Context, type ErrorHandler, json } from "flagon";

export const apiErrorHandler: ErrorHandler<Error> = (err: Error, ctx: Context) => {
  const requestId = ctx.vars.requestId;
  const http = asHttpError(err);
  if (http === undefined) {
    // In debug mode let the framework show its debug page; never show a stack trace otherwise.
    if (ctx.app.settings.debug) throw err;
    ctx.logger.error("unhandled error", { err, requestId, path: ctx.req.path });
    const message = "Something went wrong on our side; quote the request id when reporting it.";
    return json({ error: { status: 500, code: "INTERNAL", message, requestId } }, 500);
  }
  const message = http.expose ? http.message : "Request failed";
  return json(
    { error: { status: http.status, code: http.code, message, requestId } },
    { status: http.status, headers: http.headers },
  );
};
