/**
 * Onion composition of middleware, done once per route when the app is built: the chain is a
 * closure, so a request walks an array index and never allocates a new chain.
 * @module
 */
import { FlagonError } from "../utils/index.ts";
import type { Context } from "./context.ts";
import type { FlagonResponse } from "./response.ts";
import { toResponse } from "./to-response.ts";
import type { Middleware } from "./types.ts";

export type Endpoint = (ctx: Context) => Promise<FlagonResponse>;

/** Wrap `endpoint` in `middleware`, first element outermost. */
export function compose(middleware: readonly Middleware[], endpoint: Endpoint): Endpoint {
  if (middleware.length === 0) return endpoint;
  const stack = [...middleware];
  return (ctx) => {
    let last = -1;
    const dispatch = async (i: number): Promise<FlagonResponse> => {
      if (i <= last) {
        throw new FlagonError(
          "FLG_ERR_NEXT_TWICE",
          "next() was called more than once by one middleware",
          500,
        );
      }
      last = i;
      if (i === stack.length) return endpoint(ctx);
      let downstream: FlagonResponse | undefined;
      const result = await stack[i]!(ctx, async () => {
        downstream = await dispatch(i + 1);
        return downstream;
      });
      // A middleware that only observes may return nothing: pass the inner response on.
      if (result === undefined && downstream !== undefined) return downstream;
      return toResponse(result);
    };
    return dispatch(0);
  };
}
