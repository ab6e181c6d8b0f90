/**
 * `Scope` is what an app and a blueprint share: routes, middleware, hooks, error handlers and
 * child blueprints. A scope only records; the app compiles everything once when it is built.
 * @module
 */
import { FlagonError } from "../utils/index.ts";
import type { PathParams } from "./router/index.ts";
import type {
  AfterHook,
  BeforeHook,
  ErrorHandler,
  Handler,
  Middleware,
  TeardownHook,
} from "./types.ts";

/** Route options: a name for reverse routing. A bare string is the name. */
export type RouteOptions = string | { name?: string };

export interface RouteDef {
  readonly method: string;
  readonly path: string;
  readonly handler: Handler<any>;
  readonly name: string | undefined;
}

/** An error handler key: an HTTP status or an error class. */
export type ErrorKey = number | (abstract new (...args: any[]) => unknown);

export interface Mount {
  readonly scope: Scope;
  readonly prefix: string;
}

const METHOD = /^[A-Z]+$/;

function optionName(options: RouteOptions | undefined): string | undefined {
  return typeof options === "string" ? options : options?.name;
}

export class Scope {
  /** Set once the app is built; later registration is a mistake worth failing on. */
  protected frozen = false;
  readonly routeDefs: RouteDef[] = [];
  readonly middleware: Middleware[] = [];
  readonly beforeHooks: BeforeHook[] = [];
  readonly afterHooks: AfterHook[] = [];
  readonly teardownHooks: TeardownHook[] = [];
  readonly errorHandlers = new Map<ErrorKey, ErrorHandler<any>>();
  readonly mounts: Mount[] = [];

  protected assertOpen(what: string): void {
    if (this.frozen) {
      throw new FlagonError(
        "FLG_ERR_APP_FROZEN",
        `Cannot ${what} after the app has started handling requests; register everything at startup`,
        500,
      );
    }
  }

  /** Register a handler for one or more methods (`"ALL"` for any). */
  route<P extends string>(
    methods: string | readonly string[],
    path: P,
    handler: Handler<PathParams<P>>,
    options?: RouteOptions,
  ): this {
    this.assertOpen("add a route");
    const list = typeof methods === "string" ? [methods] : methods;
    const name = optionName(options);
    for (const m of list) {
      const method = m.toUpperCase();
      if (!METHOD.test(method)) {
        throw new FlagonError(
          "FLG_ERR_ROUTE_METHOD",
          `Invalid HTTP method "${m}" for route ${path}`,
          500,
        );
      }
      // One name reverses to one path: the name goes on the first method only.
      this.routeDefs.push({ method, path, handler, name: m === list[0] ? name : undefined });
    }
    return this;
  }

  get<P extends string>(path: P, handler: Handler<PathParams<P>>, options?: RouteOptions): this {
    return this.route("GET", path, handler, options);
  }

  post<P extends string>(path: P, handler: Handler<PathParams<P>>, options?: RouteOptions): this {
    return this.route("POST", path, handler, options);
  }

  put<P extends string>(path: P, handler: Handler<PathParams<P>>, options?: RouteOptions): this {
    return this.route("PUT", path, handler, options);
  }

  patch<P extends string>(path: P, handler: Handler<PathParams<P>>, options?: RouteOptions): this {
    return this.route("PATCH", path, handler, options);
  }

  delete<P extends string>(path: P, handler: Handler<PathParams<P>>, options?: RouteOptions): this {
    return this.route("DELETE", path, handler, options);
  }

  options<P extends string>(
    path: P,
    handler: Handler<PathParams<P>>,
    options?: RouteOptions,
  ): this {
    return this.route("OPTIONS", path, handler, options);
  }

  /** Any method. */
  all<P extends string>(path: P, handler: Handler<PathParams<P>>, options?: RouteOptions): this {
    return this.route("ALL", path, handler, options);
  }

  /** Add onion middleware; it wraps every route of this scope and of its blueprints. */
  use(...middleware: Middleware[]): this {
    this.assertOpen("add middleware");
    this.middleware.push(...middleware);
    return this;
  }

  /** Flask's `before_request`. */
  before(hook: BeforeHook): this {
    this.assertOpen("add a hook");
    this.beforeHooks.push(hook);
    return this;
  }

  /** Flask's `after_request`; hooks run in reverse order of registration. */
  after(hook: AfterHook): this {
    this.assertOpen("add a hook");
    this.afterHooks.push(hook);
    return this;
  }

  /** Flask's `teardown_request`: always runs, with the error if there was one. */
  teardown(hook: TeardownHook): this {
    this.assertOpen("add a hook");
    this.teardownHooks.push(hook);
    return this;
  }

  /** Handle errors by status (`404`) or by class (`ValidationError`, subclasses included). */
  onError<E>(key: number | (abstract new (...args: any[]) => E), handler: ErrorHandler<E>): this {
    this.assertOpen("add an error handler");
    this.errorHandlers.set(key, handler as ErrorHandler<any>);
    return this;
  }

  /** Mount a blueprint under `prefix` (default: the blueprint's own prefix). */
  register(
    blueprint: Scope & { readonly prefix: string },
    options: { prefix?: string } = {},
  ): this {
    this.assertOpen("register a blueprint");
    if ((blueprint as Scope) === this) {
      throw new FlagonError(
        "FLG_ERR_BLUEPRINT_CYCLE",
        "A blueprint cannot be registered on itself",
        500,
      );
    }
    this.mounts.push({ scope: blueprint, prefix: options.prefix ?? blueprint.prefix });
    return this;
  }
}
