/**
 * `useTemplates(app, options)`: give an app a template environment and make `ctx.render()`
 * use it. Each render sees, from lowest to highest priority: the environment's globals, the
 * request-bound helpers (`request`, `url_for`, `url`, `static`, `get_flashed_messages`), what
 * each context processor returns, and the data passed to `ctx.render()`.
 * @module
 */
import type { App, Context, Renderer } from "../core/index.ts";
import { AppLoader } from "./app-loader.ts";
import { requestGlobals } from "./app-helpers.ts";
import { Environment, type EnvironmentOptions } from "./environment.ts";
import type { Loader } from "./loaders.ts";
import type { Template } from "./template.ts";

/** Adds names to every page rendered for a request (Flask's `context_processor`). */
export type ContextProcessor = (
  ctx: Context,
) => Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>;

export interface TemplatesOptions extends Omit<EnvironmentOptions, "loader"> {
  /**
   * The project's template folders, searched first (paths or `file:` URLs).
   * @default ["templates"] when no `loader` is given, else []
   */
  folders?: ReadonlyArray<string | URL>;
  /** Another loader, searched after `folders` and before blueprint folders (e.g. a DictLoader). */
  loader?: Loader;
  /** Context processors, run in order for every render. */
  processors?: readonly ContextProcessor[];
}

function isPromise<T>(v: T | Promise<T>): v is Promise<T> {
  return typeof (v as { then?: unknown } | undefined)?.then === "function";
}

/** The renderer `useTemplates()` installs; holds the environment and the processors. */
export class AppTemplates implements Renderer {
  readonly env: Environment;
  readonly #processors: ContextProcessor[];

  constructor(app: App, options: TemplatesOptions = {}) {
    const { folders, loader, processors, ...envOptions } = options;
    this.env = new Environment({
      autoReload: app.settings.debug,
      ...envOptions,
      loader: new AppLoader(app, folders ?? (loader ? [] : ["templates"]), loader),
    });
    this.#processors = [...(processors ?? [])];
  }

  addContextProcessor(processor: ContextProcessor): this {
    this.#processors.push(processor);
    return this;
  }

  addFilter(name: string, fn: (value: any, ...args: any[]) => unknown): this {
    this.env.addFilter(name, fn);
    return this;
  }

  addTest(name: string, fn: (value: any, ...args: any[]) => boolean): this {
    this.env.addTest(name, fn);
    return this;
  }

  addGlobal(name: string, value: unknown): this {
    this.env.addGlobal(name, value);
    return this;
  }

  // Not `async`: an async wrapper around the template's own promise cost three microtask turns
  // per page; the processors make it asynchronous only when one of them returns a promise.
  render(ctx: Context, name: string, data: Record<string, unknown> | undefined): Promise<string> {
    try {
      const template = this.env.getTemplate(name);
      return this.#finish(ctx, template, requestGlobals(ctx), data, 0);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Run the processors from `from` on, in order, then render. */
  #finish(
    ctx: Context,
    template: Template,
    scope: Record<string, unknown>,
    data: Record<string, unknown> | undefined,
    from: number,
  ): Promise<string> {
    const processors = this.#processors;
    for (let i = from; i < processors.length; i++) {
      const got = processors[i]!(ctx);
      if (isPromise(got)) {
        return Promise.resolve(got).then((added) => {
          if (added) Object.assign(scope, added);
          return this.#finish(ctx, template, scope, data, i + 1);
        });
      }
      if (got) Object.assign(scope, got);
    }
    // The data is read in place over the helpers and the processors' names (never merged).
    return template.render(data ?? {}, scope);
  }
}

/**
 * Install templates on `app`; returns the renderer so filters, tests, globals and processors can
 * be added to it.
 * @example
 * const templates = useTemplates(app, { folders: ["templates"] });
 * templates.addFilter("money", (v) => v.toFixed(2));
 * app.get("/", (ctx) => ctx.render("index.html", { items }));
 */
export function useTemplates(app: App, options?: TemplatesOptions): AppTemplates {
  const templates = new AppTemplates(app, options);
  app.setRenderer(templates);
  return templates;
}
