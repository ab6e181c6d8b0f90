/**
 * Compiling one route into a function `ctx => response` at build time: middleware onion around
 * before-hooks, the handler and after-hooks, with error handlers looked up through the route's
 * scope chain (innermost blueprint first, then outward), and teardown hooks at the end.
 * @module
 */
import { compose } from "./compose.ts";
import type { Context } from "./context.ts";
import { asHttpError } from "./http-error.ts";
import type { Logger } from "./logger.ts";
import type { FlagonResponse } from "./response.ts";
import type { Scope } from "./scope.ts";
import { logSecurityEvent, securityRefusal } from "./security-event.ts";
import { isPromiseLike, toResponse } from "./to-response.ts";
import type { ErrorHandler, Handler, HandlerResult } from "./types.ts";

export type RouteRunner = (ctx: Context) => FlagonResponse | Promise<FlagonResponse>;

/** The app's last resort, used when no scope has a handler for an error. */
export type FallbackErrorHandler = (
  err: unknown,
  ctx: Context,
) => FlagonResponse | Promise<FlagonResponse>;

function findHandler(
  chain: readonly Scope[],
  err: unknown,
): [ErrorHandler<unknown>, unknown] | undefined {
  const http = asHttpError(err);
  // Flask's order: handlers for the status across all scopes first, then handlers by class.
  if (http !== undefined) {
    for (let i = chain.length - 1; i >= 0; i--) {
      const h = chain[i]!.errorHandlers.get(http.status);
      if (h !== undefined) return [h, http];
    }
  }
  if (typeof err !== "object" || err === null) return undefined;
  for (let i = chain.length - 1; i >= 0; i--) {
    const handlers = chain[i]!.errorHandlers;
    if (handlers.size === 0) continue;
    for (let p = Object.getPrototypeOf(err); p !== null; p = Object.getPrototypeOf(p)) {
      const h = handlers.get(p.constructor);
      if (h !== undefined) return [h, err];
    }
  }
  return undefined;
}

async function runHandler(
  found: [ErrorHandler<unknown>, unknown],
  ctx: Context,
  fallback: FallbackErrorHandler,
): Promise<FlagonResponse> {
  try {
    return toResponse((await found[0](found[1], ctx)) as HandlerResult);
  } catch (inner) {
    // An error handler that fails must not loop: answer with the app's fallback.
    return fallback(inner, ctx);
  }
}

/**
 * Build the error-to-response function for one scope chain. Synchronous when no scope handles
 * the error, so a plain 404 or 405 never allocates a promise. Every error of a request passes
 * here, whoever handles it afterwards, so this is where Flagon's refusals are logged as
 * security events.
 */
export function errorResolver(
  chain: readonly Scope[],
  fallback: FallbackErrorHandler,
  logger: Logger,
) {
  return (err: unknown, ctx: Context): FlagonResponse | Promise<FlagonResponse> => {
    const refusal = securityRefusal(err);
    if (refusal !== undefined) {
      const req = ctx.req;
      logSecurityEvent(logger, refusal.code, refusal.status, {
        method: req.method,
        path: req.path,
        ip: req.ip,
      });
    }
    const found = findHandler(chain, err);
    if (found === undefined) return fallback(err, ctx);
    return runHandler(found, ctx, fallback);
  };
}

function settle(
  res: FlagonResponse | Promise<FlagonResponse>,
  ctx: Context,
): FlagonResponse | Promise<FlagonResponse> {
  return isPromiseLike(res) ? res.then((r) => ctx.applyPending(r)) : ctx.applyPending(res);
}

/** No middleware and no hooks anywhere on the chain: a route can skip the onion entirely. */
function isPlain(chain: readonly Scope[]): boolean {
  return chain.every(
    (s) =>
      s.middleware.length === 0 &&
      s.beforeHooks.length === 0 &&
      s.afterHooks.length === 0 &&
      s.teardownHooks.length === 0,
  );
}

/**
 * A route that always fails with `error` (the app's 404). With no middleware and no hooks it
 * hands the error straight to the error handlers instead of throwing it: in V8 a throw costs
 * more than the rest of a not-found answer, and a scan of random paths is all not-found answers.
 * The handlers, and so the answer, are the same either way.
 */
export function compileErrorRoute(
  error: Error,
  chain: readonly Scope[],
  fallback: FallbackErrorHandler,
  logger: Logger,
): RouteRunner {
  if (!isPlain(chain)) {
    return compileRoute(
      () => {
        throw error;
      },
      chain,
      fallback,
      logger,
    );
  }
  const onError = errorResolver(chain, fallback, logger);
  return (ctx) => settle(onError(error, ctx), ctx);
}

export function compileRoute(
  handler: Handler<any>,
  chain: readonly Scope[],
  fallback: FallbackErrorHandler,
  logger: Logger,
): RouteRunner {
  const middleware = chain.flatMap((s) => s.middleware);
  const before = chain.flatMap((s) => s.beforeHooks);
  const after = [...chain].reverse().flatMap((s) => [...s.afterHooks].reverse());
  const teardown = [...chain].reverse().flatMap((s) => [...s.teardownHooks].reverse());
  const onError = errorResolver(chain, fallback, logger);

  if (isPlain(chain)) {
    // The fast path: no promise is created unless the handler itself is async.
    return (ctx) => {
      try {
        const result = handler(ctx);
        if (isPromiseLike(result)) {
          return Promise.resolve(result).then(
            (r) => ctx.applyPending(toResponse(r as HandlerResult)),
            (err) => settle(onError(err, ctx), ctx),
          );
        }
        return ctx.applyPending(toResponse(result));
      } catch (err) {
        return settle(onError(err, ctx), ctx);
      }
    };
  }

  const inner = async (ctx: Context): Promise<FlagonResponse> => {
    let res: FlagonResponse | undefined;
    try {
      for (const hook of before) {
        const early = await hook(ctx);
        if (early !== undefined) {
          res = toResponse(early);
          break;
        }
      }
      res ??= toResponse(await handler(ctx));
    } catch (err) {
      res = await onError(err, ctx);
    }
    for (const hook of after) {
      try {
        res = (await hook(ctx, res)) ?? res;
      } catch (err) {
        res = await onError(err, ctx);
      }
    }
    return ctx.applyPending(res);
  };
  const composed = compose(middleware, inner);

  return async (ctx) => {
    let error: unknown;
    let res: FlagonResponse;
    try {
      res = await composed(ctx);
    } catch (err) {
      error = err;
      res = ctx.applyPending(await onError(err, ctx));
    }
    for (const hook of teardown) {
      try {
        await hook(ctx, error);
      } catch (err) {
        logger.error("teardown hook failed", { err, path: ctx.req.path });
      }
    }
    return res;
  };
}
