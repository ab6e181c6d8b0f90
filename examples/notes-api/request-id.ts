/**
 * A middleware that gives every request an id, sends it back as `x-request-id` and keeps it in
 * `ctx.vars.requestId` for logs and error bodies. An id sent by a proxy in front is kept when it
 * looks like one, so a request can be followed through both logs.
 * @module
 */
import { randomUUID } from "node:crypto";
import type { Middleware } from "flagon";

declare module "flagon" {
  interface ContextVars {
    requestId: string;
  }
}

// Short and plain: anything else from outside could be a log-injection attempt.
const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function requestId(): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.req.header("x-request-id");
    const id = incoming !== undefined && SAFE_ID.test(incoming) ? incoming : randomUUID();
    ctx.vars.requestId = id;
    // Set through the context so error responses, built after a throw, carry it too.
    ctx.header("x-request-id", id);
    return next();
  };
}
