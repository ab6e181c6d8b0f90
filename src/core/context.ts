/**
 * `Context`: what a handler receives. Request, typed path params, per-request vars, reverse
 * routing and the response helpers, in one object that is cheap to create.
 * @module
 */
import { bareRecord, FlagonError, type QueryDict } from "../utils/index.ts";
import type { Logger } from "./logger.ts";
import type { AppOptions } from "./options.ts";
import { redirect } from "./redirect.ts";
import type { Renderer } from "./renderer.ts";
import type { FlagonRequest } from "./request.ts";
import { type FileOptions, file, html, json, stream, text } from "./response-helpers.ts";
import { type CookieOptions, FlagonResponse, type ResponseInit } from "./response.ts";
import { checkHeader } from "./response-headers.ts";
import { type SseEvent, type SseOptions, sse } from "./sse.ts";
import type { ContextVars } from "./types.ts";

/** The part of the app a context needs; keeps this file free of the App class. */
export interface AppRef {
  readonly settings: AppOptions;
  readonly logger: Logger;
  url(name: string, params?: Record<string, unknown>, query?: Record<string, unknown>): string;
  /** Set by `useTemplates()` from flagon/templates; `ctx.render()` fails without one. */
  readonly renderer?: Renderer | undefined;
}

type Pending = { name: string; value: string; append: boolean };

export class Context<P = Record<string, unknown>> {
  readonly req: FlagonRequest;
  readonly params: P;
  readonly app: AppRef;
  /** Name of the matched route (`"blueprint.name"` inside blueprints), if it has one. */
  readonly endpoint: string | undefined;
  #vars: ContextVars | undefined;
  #pending: Pending[] | undefined;

  constructor(req: FlagonRequest, params: P, app: AppRef, endpoint: string | undefined) {
    this.req = req;
    this.params = params;
    this.app = app;
    this.endpoint = endpoint;
  }

  /** Per-request values set by middleware; typed through `ContextVars` augmentation. */
  get vars(): ContextVars {
    // Created on first use: most requests of a small app never touch it.
    this.#vars ??= bareRecord<unknown>() as unknown as ContextVars;
    return this.#vars;
  }

  /** Shortcut for `ctx.req.query`. */
  get query(): QueryDict {
    return this.req.query;
  }

  get logger(): Logger {
    return this.app.logger;
  }

  /** Reverse a named route: `ctx.url("user", { id: 5 })`. */
  url(name: string, params?: Record<string, unknown>, query?: Record<string, unknown>): string {
    return this.app.url(name, params, query);
  }

  /** Set a header on whatever response this request ends with. */
  header(name: string, value: string): this {
    checkHeader(name, value);
    (this.#pending ??= []).push({ name, value, append: false });
    return this;
  }

  /** Set a cookie on whatever response this request ends with (secure defaults, see COOKIE_DEFAULTS). */
  cookie(name: string, value: string, options: CookieOptions = {}): this {
    const probe = new FlagonResponse(null);
    probe.setCookie(name, value, { secure: this.app.settings.https, ...options });
    (this.#pending ??= []).push({
      name: "set-cookie",
      value: probe.headers.get("set-cookie")!,
      append: true,
    });
    return this;
  }

  deleteCookie(
    name: string,
    options: Pick<CookieOptions, "path" | "domain" | "secure"> = {},
  ): this {
    return this.cookie(name, "", { ...options, maxAge: 0, expires: new Date(0) });
  }

  /** @internal Merge headers and cookies set through the context into the final response. */
  applyPending(res: FlagonResponse): FlagonResponse {
    const pending = this.#pending;
    if (pending === undefined) return res;
    for (const p of pending) {
      if (p.append) res.headers.append(p.name, p.value);
      else res.headers.set(p.name, p.value);
    }
    return res;
  }

  /**
   * Render a template to an HTML response: `return ctx.render("page.html", { items })`.
   * Needs a renderer, installed by `useTemplates(app, ...)` from flagon/templates.
   */
  render(
    name: string,
    data?: Record<string, unknown>,
    init?: ResponseInit,
  ): Promise<FlagonResponse> {
    const renderer = this.app.renderer;
    if (renderer === undefined) {
      return Promise.reject(
        new FlagonError(
          "FLG_ERR_NO_RENDERER",
          `ctx.render("${name}") needs a template engine: call useTemplates(app) from flagon/templates at startup`,
          500,
        ),
      );
    }
    // Not `async`: the renderer's promise is chained, not awaited in another async frame (one
    // more promise and two microtask turns per page).
    let page: Promise<string>;
    try {
      page = renderer.render(this as Context, name, data);
    } catch (err) {
      return Promise.reject(err);
    }
    return page.then((body) => html(body, init));
  }

  json(data: unknown, init?: ResponseInit): FlagonResponse {
    return json(data, init);
  }

  text(body: string, init?: ResponseInit): FlagonResponse {
    return text(body, init);
  }

  html(body: string, init?: ResponseInit): FlagonResponse {
    return html(body, init);
  }

  stream(
    source: AsyncIterable<Uint8Array | string>,
    init?: ResponseInit,
    contentType?: string,
  ): FlagonResponse {
    return stream(source, init, contentType);
  }

  file(path: string, options?: FileOptions): FlagonResponse {
    return file(path, options);
  }

  sse(source: AsyncIterable<SseEvent | string>, options: SseOptions = {}): FlagonResponse {
    return sse(source, { signal: this.req.signal, ...options });
  }

  /**
   * Redirect to a path or to a URL on this host or an allowed host; anything else (an open
   * redirect attempt) goes to `fallback`, "/" by default.
   */
  redirect(to: string, status: 301 | 302 | 303 | 307 | 308 = 302, fallback = "/"): FlagonResponse {
    const hostOnly = this.req.host.replace(/:\d+$/, "");
    return redirect(to, {
      status,
      fallback,
      allowedHosts: [this.req.host, hostOnly, ...this.app.settings.allowedHosts],
      requireHttps: this.req.secure,
    });
  }
}
