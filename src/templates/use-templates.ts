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

  async render(
    ctx: Context,
    name: string,
    data: Record<string, unknown> | undefined,
  ): Promise<string> {
    const template = this.env.getTemplate(name);
    const scope = requestGlobals(ctx);
    for (const processor of this.#processors) {
      const got = processor(ctx);
      const added = isPromise(got) ? await got : got;
      if (added) Object.assign(scope, added);
    }
    if (data) Object.assign(scope, data);
    return template.render(scope);
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
