/**
 * The application: a root scope plus the compiled router. `handle()` is the single entry point
 * every adapter calls; it validates the host, routes, runs the compiled route and adds the
 * security headers.
 * @module
 */
import { FlagonError } from "../utils/index.ts";
import { resolveOptions } from "./app-options.ts";
import { normalisePrefix } from "./blueprint.ts";
import { Context } from "./context.ts";
import { httpErrorOf, httpErrorResponse, internalErrorResponse } from "./error-response.ts";
import { HttpError, routingError } from "./http-error.ts";
import { validateHost } from "./host.ts";
import type { Logger } from "./logger.ts";
import type { Handler } from "./types.ts";
import type { AppOptions, AppOptionsInput } from "./options.ts";
import { compileErrorRoute, compileRoute, type RouteRunner } from "./pipeline.ts";
import type { RawRequest } from "./raw-request.ts";
import { redirect } from "./redirect.ts";
import { FlagonRequest } from "./request.ts";
import type { Renderer } from "./renderer.ts";
import { FlagonResponse } from "./response.ts";
import { Router } from "./router/index.ts";
import { Scope } from "./scope.ts";
import { logSecurityEvent, securityRefusal } from "./security-event.ts";
import { assertStrongSecretKey } from "./secret-key.ts";

interface CompiledRoute {
  readonly run: RouteRunner;
  readonly name: string | undefined;
}

/** Renders the debug page; wired in by the package entry so the core stays I/O free. */
export type DebugRenderer = (
  err: unknown,
  ctx: Context,
) => FlagonResponse | Promise<FlagonResponse>;

/** Starts a server for the app; provided by an adapter. */
export type ListenFn = (app: App, port?: number, host?: string) => Promise<unknown>;

/** Answers a standard Fetch `Request`; provided by the fetch adapter. */
export type FetchFn = (app: App, request: Request) => Promise<Response>;

export interface AppRuntime {
  listen?: ListenFn;
  fetch?: FetchFn;
  renderDebugError?: DebugRenderer;
}

type LifecycleHook = () => void | Promise<void>;

/** One route as `app.routes()` lists it. */
export interface RouteInfo {
  readonly method: string;
  readonly path: string;
  readonly name: string | undefined;
  /** The function registered for the route. */
  readonly handler: Handler<any>;
}

const ALLOW = Symbol("allow");

// One frozen error for every unmatched URL: a scan of random paths costs no allocation and no
// stack capture. Frozen, so an error handler cannot change what the next request receives.
const NOT_FOUND = Object.freeze(
  routingError(404, "No route matches this URL", {
    code: "FLG_ERR_NOT_FOUND",
    headers: Object.freeze({}) as Record<string, string>,
  }),
);
const LOCATION = Symbol("location");

function badRequest(message: string, code: string): HttpError {
  return new HttpError(400, message, { code });
}

export class App extends Scope {
  /** The resolved settings (defaults merged with what was passed to the constructor). */
  readonly settings: AppOptions;
  readonly logger: Logger;
  readonly #runtime: AppRuntime;
  readonly #startup: LifecycleHook[] = [];
  readonly #shutdown: LifecycleHook[] = [];
  #router: Router<CompiledRoute> | undefined;
  #special: Record<"notFound" | "notAllowed" | "options" | "redirect", RouteRunner> | undefined;
  // Valid Host headers seen so far: a request for a known host skips the regex.
  readonly #hostCache = new Map<string, string>();
  // The last Host seen and its validated form: most traffic names one host, and comparing two
  // short strings is cheaper than hashing a fresh one for the map.
  // Starts unset, never "": an empty Host header must not match the memo before any valid one.
  #lastHostHeader: string | undefined;
  #lastHost = "";
  // Security headers as [name, value] pairs, read once (settings do not change after start).
  #security: Array<[string, string]> | undefined;
  #renderer: Renderer | undefined;
  #routeInfo: RouteInfo[] = [];

  constructor(options?: AppOptionsInput, runtime: AppRuntime = {}) {
    super();
    this.settings = resolveOptions(options);
    this.logger = this.settings.logger;
    this.#runtime = runtime;
  }

  /** The template renderer `ctx.render()` uses; installed by `useTemplates()` (flagon/templates). */
  get renderer(): Renderer | undefined {
    return this.#renderer;
  }

  /** Install the renderer behind `ctx.render()`; the last one installed wins. */
  setRenderer(renderer: Renderer): this {
    this.#renderer = renderer;
    return this;
  }

  /** Run `fn` before the server accepts connections (open pools, warm caches). */
  onStartup(fn: LifecycleHook): this {
    this.#startup.push(fn);
    return this;
  }

  /** Run `fn` during graceful shutdown, after in-flight requests drained. */
  onShutdown(fn: LifecycleHook): this {
    this.#shutdown.push(fn);
    return this;
  }

  /** Build, check the configuration and run startup hooks. Adapters call it before listening. */
  async startup(): Promise<void> {
    if (!this.settings.debug && this.settings.secretKey !== undefined)
      assertStrongSecretKey(this.settings.secretKey);
    this.build();
    for (const fn of this.#startup) await fn();
  }

  /** Run shutdown hooks in reverse order; a failing hook is logged, the others still run. */
  async shutdown(): Promise<void> {
    for (const fn of [...this.#shutdown].reverse()) {
      try {
        await fn();
      } catch (err) {
        this.logger.error("shutdown hook failed", { err });
      }
    }
  }

  /** Start serving on `port` with the node:http adapter (see `flagon/node` for options). */
  listen(port?: number, host?: string): Promise<unknown> {
    const listen = this.#runtime.listen;
    if (listen === undefined) {
      throw new FlagonError(
        "FLG_ERR_NO_SERVER",
        "This app has no server adapter; create it with flagon() or use serve() from flagon/node",
        500,
      );
    }
    return listen(this, port, host);
  }

  /** Answer a standard `Request` with a standard `Response` (Bun, Deno, edge runtimes, tests). */
  fetch(request: Request): Promise<Response> {
    const fetch = this.#runtime.fetch;
    if (fetch === undefined) {
      throw new FlagonError(
        "FLG_ERR_NO_SERVER",
        "This app has no fetch adapter; create it with flagon() or use fetchHandler() from flagon/node",
        500,
      );
    }
    return fetch(this, request);
  }

  /** Reverse a named route. */
  url(name: string, params?: Record<string, unknown>, query?: Record<string, unknown>): string {
    return this.build().url(name, params, query as Parameters<Router<CompiledRoute>["url"]>[2]);
  }

  /** Every route: method, path, name and handler, for `flagon routes` and docs. */
  routes(): RouteInfo[] {
    this.build();
    return this.#routeInfo.map((r) => ({ ...r }));
  }

  /** Compile routes and chains; idempotent. Registration after this throws. */
  build(): Router<CompiledRoute> {
    if (this.#router !== undefined) return this.#router;
    const router = new Router<CompiledRoute>({
      maxParamLength: this.settings.limits.paramLength,
      maxPathParamLength: this.settings.limits.pathParamLength,
      trailingSlash: this.settings.trailingSlash,
      converters: this.settings.converters,
    });
    const fallback = (err: unknown, ctx: Context) => this.#fallbackError(err, ctx);
    const routeInfo: RouteInfo[] = [];
    const visit = (scope: Scope, chain: Scope[], prefix: string, names: string[]): void => {
      if (chain.includes(scope as Scope)) {
        throw new FlagonError(
          "FLG_ERR_BLUEPRINT_CYCLE",
          "A blueprint is registered inside itself",
          500,
        );
      }
      const here: Scope[] = [...chain, scope];
      (scope as { freeze?: () => void }).freeze?.();
      for (const def of scope.routeDefs) {
        const name = def.name === undefined ? undefined : [...names, def.name].join(".");
        const run = compileRoute(def.handler, here, fallback, this.logger);
        router.add(def.method, prefix + def.path, { run, name }, name);
        routeInfo.push({
          method: def.method,
          path: prefix + def.path,
          name,
          handler: def.handler,
        });
      }
      for (const mount of scope.mounts) {
        const child = mount.scope as Scope & { name?: string };
        visit(
          child,
          here,
          prefix + normalisePrefix(mount.prefix),
          child.name === undefined ? names : [...names, child.name],
        );
      }
    };
    visit(this, [], "", []);
    const root: Scope[] = [this];
    this.#special = {
      notFound: compileErrorRoute(NOT_FOUND, root, fallback, this.logger),
      notAllowed: compileRoute(
        (ctx) => {
          const allow = ((ctx.vars as unknown as Record<symbol, string[]>)[ALLOW] ?? []).join(", ");
          throw routingError(405, `${ctx.req.method} is not allowed here; allowed: ${allow}`, {
            code: "FLG_ERR_METHOD_NOT_ALLOWED",
            headers: { allow },
          });
        },
        root,
        fallback,
        this.logger,
      ),
      options: compileRoute(
        (ctx) => {
          const res = new FlagonResponse(null, 204);
          res.headers.set(
            "allow",
            ((ctx.vars as unknown as Record<symbol, string[]>)[ALLOW] ?? []).join(", "),
          );
          return res;
        },
        root,
        fallback,
        this.logger,
      ),
      redirect: compileRoute(
        (ctx) => {
          const to = (ctx.vars as unknown as Record<symbol, string>)[LOCATION]!;
          const method = ctx.req.method;
          return redirect(to, method === "GET" || method === "HEAD" ? 301 : 308);
        },
        root,
        fallback,
        this.logger,
      ),
    };
    this.frozen = true;
    this.#routeInfo = routeInfo;
    this.#router = router;
    return router;
  }

  /**
   * Answer one request. Returns synchronously when nothing on the way is async (a sync handler
   * with no middleware), so the fastest routes never touch a promise.
   */
  handle(raw: RawRequest): FlagonResponse | Promise<FlagonResponse> {
    const router = this.#router ?? this.build();
    const start = this.settings.accessLog ? performance.now() : 0;
    let res: FlagonResponse | Promise<FlagonResponse>;
    try {
      res = this.#dispatch(raw, router);
    } catch (err) {
      // Refused before routing (bad Host, bad path): no context yet, so no error handler runs.
      const refusal = securityRefusal(err);
      if (refusal !== undefined) {
        logSecurityEvent(this.logger, refusal.code, refusal.status, {
          method: raw.method,
          path: raw.url,
          ip: raw.remoteAddress,
        });
      }
      res = this.#fallbackError(err, undefined);
    }
    if (res instanceof FlagonResponse) return this.#finish(raw, res, start);
    // #fallbackError without a context never returns a promise (no debug page without one).
    return res.then(
      (r) => this.#finish(raw, r, start),
      (err) => this.#finish(raw, this.#fallbackError(err, undefined) as FlagonResponse, start),
    );
  }

  #host(raw: RawRequest): string | undefined {
    const header = raw.headers.host;
    if (typeof header !== "string") return undefined;
    if (header === this.#lastHostHeader) return this.#lastHost;
    let host = this.#hostCache.get(header);
    if (host === undefined) {
      host = validateHost(header, this.settings.allowedHosts);
      if (host === undefined) return undefined;
      // Only valid hosts are cached, and only a bounded number: junk Host headers stay uncached.
      if (this.#hostCache.size < 256) this.#hostCache.set(header, host);
    }
    this.#lastHostHeader = header;
    this.#lastHost = host;
    return host;
  }

  #dispatch(
    raw: RawRequest,
    router: Router<CompiledRoute>,
  ): FlagonResponse | Promise<FlagonResponse> {
    const host = this.#host(raw);
    if (host === undefined) {
      throw badRequest(
        "The Host header is missing, malformed or not in allowedHosts",
        "FLG_ERR_HOST_INVALID",
      );
    }
    const url = raw.url;
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    const queryString = q === -1 ? "" : url.slice(q + 1);
    if (path.charCodeAt(0) !== 47 /* / */)
      throw badRequest("The request target must be a path", "FLG_ERR_PATH_INVALID");
    if (path.includes("%")) checkEncodedPath(path);
    const match = router.match(raw.method, path);
    const req = new FlagonRequest(raw, path, queryString, host, this.settings);
    const special = this.#special!;
    switch (match.kind) {
      case "found":
        return match.value.run(new Context(req, match.params, this, match.value.name));
      case "method-not-allowed": {
        const ctx = new Context(req, {}, this, undefined);
        (ctx.vars as unknown as Record<symbol, string[]>)[ALLOW] = match.allow;
        return raw.method === "OPTIONS" ? special.options(ctx) : special.notAllowed(ctx);
      }
      case "redirect": {
        const ctx = new Context(req, {}, this, undefined);
        (ctx.vars as unknown as Record<symbol, string>)[LOCATION] =
          queryString === "" ? match.location : `${match.location}?${queryString}`;
        return special.redirect(ctx);
      }
      default:
        return special.notFound(new Context(req, {}, this, undefined));
    }
  }

  #fallbackError(err: unknown, ctx: Context | undefined): FlagonResponse | Promise<FlagonResponse> {
    const accept = ctx?.req.header("accept");
    const http = httpErrorOf(err);
    if (http !== undefined) return httpErrorResponse(http, accept);
    const requestId = crypto.randomUUID();
    this.logger.error("unhandled error in request", {
      err,
      requestId,
      method: ctx?.req.method,
      path: ctx?.req.path,
    });
    const render = this.#runtime.renderDebugError;
    if (this.settings.debug && ctx !== undefined && render !== undefined) {
      const failed = (pageErr: unknown) => {
        this.logger.error("debug page failed", { err: pageErr });
        return internalErrorResponse(requestId, accept);
      };
      try {
        const page = render(err, ctx);
        return page instanceof FlagonResponse ? page : page.then(undefined, failed);
      } catch (pageErr) {
        return failed(pageErr);
      }
    }
    return internalErrorResponse(requestId, accept);
  }

  #finish(raw: RawRequest, res: FlagonResponse, start: number): FlagonResponse {
    const headers = res.headers;
    const security = this.settings.securityHeaders;
    if (security !== false) {
      const pairs = (this.#security ??= Object.entries(security));
      for (let i = 0; i < pairs.length; i++) headers.setDefault(pairs[i]![0], pairs[i]![1]);
      const type = headers.record["content-type"];
      if (typeof type === "string" && type.startsWith("text/html"))
        headers.setDefault("cross-origin-opener-policy", "same-origin");
      if (this.settings.https)
        headers.setDefault("strict-transport-security", "max-age=31536000; includeSubDomains");
    }
    if (this.settings.accessLog) {
      const ms = Math.round((performance.now() - start) * 10) / 10;
      const path = raw.url.length > 200 ? `${raw.url.slice(0, 200)}...` : raw.url;
      this.logger.info(
        `${raw.method} ${path} ${res.status} ${ms}ms`,
        this.settings.debug ? undefined : { method: raw.method, path, status: res.status, ms },
      );
    }
    return res;
  }
}

/** A path whose percent-escapes don't decode as UTF-8, or that decodes to a NUL, is a 400 (C4). */
function checkEncodedPath(path: string): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw badRequest("The URL path has a malformed percent-escape", "FLG_ERR_PATH_INVALID");
  }
  if (decoded.includes("\0"))
    throw badRequest("The URL path contains a NUL byte", "FLG_ERR_PATH_INVALID");
}
