/**
 * `Environment`: configuration shared by a set of templates (loader, autoescape rule, whitespace
 * options, undefined mode, filters, tests, globals) and the cache of compiled templates.
 * @module
 */
import { RenderContext } from "./context.ts";
import { TemplateError } from "./errors.ts";
import { BUILTIN_FILTERS, type FilterFn, wrapUserFilter } from "./filters.ts";
import { defaultGlobals } from "./globals.ts";
import { normalizeSource } from "./lexer.ts";
import type { Loader } from "./loaders.ts";
import { EXTENSIONS, type ExtensionName, parse } from "./parser.ts";
import { Template } from "./template.ts";
import { BUILTIN_TESTS, type TestFn, wrapUserTest } from "./tests.ts";

export interface EnvironmentOptions {
  loader?: Loader;
  /**
   * Autoescape rule: a boolean, or a function of the template name. The default escapes
   * templates whose names end in .html, .htm, .xml or .svg, and templates made from strings.
   */
  autoescape?: boolean | ((name: string | undefined) => boolean);
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
  keepTrailingNewline?: boolean;
  /** Strict undefined: any use of a missing value other than `is defined`/`default` raises. */
  strictUndefined?: boolean;
  /** Check loaders for changed sources on every `getTemplate` (debug mode). */
  autoReload?: boolean;
  /**
   * Jinja2's optional statements, off by default as in Jinja2: `"loopcontrols"` (`break`,
   * `continue`) and `"do"` (`{% do list.append(x) %}`).
   */
  extensions?: readonly ExtensionName[];
  filters?: Record<string, (value: any, ...args: any[]) => unknown>;
  tests?: Record<string, (value: any, ...args: any[]) => boolean>;
  globals?: Record<string, unknown>;
}

/** The default autoescape rule: on for these extensions and for string templates. */
export function selectAutoescape(
  extensions: readonly string[] = ["html", "htm", "xml", "svg"],
  forStrings = true,
): (name: string | undefined) => boolean {
  return (name) => {
    if (name === undefined) return forStrings;
    const lower = name.toLowerCase();
    return extensions.some((e) => lower.endsWith(`.${e}`));
  };
}

export class Environment {
  readonly loader: Loader | undefined;
  readonly options: EnvironmentOptions;
  readonly strict: boolean;
  readonly filters: Map<string, FilterFn>;
  readonly tests: Map<string, TestFn>;
  readonly globals: Record<string, unknown>;
  private readonly cache = new Map<string, Template>();
  private readonly autoescapeFor: (name: string | undefined) => boolean;

  constructor(options: EnvironmentOptions = {}) {
    this.options = options;
    this.loader = options.loader;
    this.strict = options.strictUndefined ?? false;
    for (const name of options.extensions ?? []) {
      if (!(EXTENSIONS as readonly string[]).includes(name)) {
        throw new TemplateError(
          "TemplateRuntimeError",
          `Unknown template extension ${JSON.stringify(name)}; Flagon has ${EXTENSIONS.map((e) => `"${e}"`).join(", ")} (i18n comes with flagon/i18n)`,
        );
      }
    }
    const ae = options.autoescape;
    this.autoescapeFor =
      typeof ae === "function" ? ae : ae === undefined ? selectAutoescape() : () => ae;
    this.filters = new Map(BUILTIN_FILTERS);
    for (const [k, f] of Object.entries(options.filters ?? {}))
      this.filters.set(k, wrapUserFilter(f));
    this.tests = new Map(BUILTIN_TESTS);
    for (const [k, t] of Object.entries(options.tests ?? {})) this.tests.set(k, wrapUserTest(t));
    this.globals = Object.assign(Object.create(null), defaultGlobals(), options.globals ?? {});
  }

  addFilter(name: string, fn: (value: any, ...args: any[]) => unknown): void {
    this.filters.set(name, wrapUserFilter(fn));
  }

  addTest(name: string, fn: (value: any, ...args: any[]) => boolean): void {
    this.tests.set(name, wrapUserTest(fn));
  }

  addGlobal(name: string, value: unknown): void {
    this.globals[name] = value;
  }

  /** Parse a template from source (not cached). */
  fromString(source: string, name?: string): Template {
    return this.compile(source, name);
  }

  private compile(
    raw: string,
    name: string | undefined,
    filename?: string,
    uptodate?: () => boolean,
  ): Template {
    const o = this.options;
    const source = normalizeSource(raw, o.keepTrailingNewline);
    let ast: ReturnType<typeof parse>;
    try {
      ast = parse(source, {
        extensions: o.extensions,
        trimBlocks: o.trimBlocks,
        lstripBlocks: o.lstripBlocks,
        keepTrailingNewline: o.keepTrailingNewline,
      });
    } catch (e) {
      if (e instanceof TemplateError) e.locate(name, e.line ?? 1, e.column ?? 1, source);
      throw e;
    }
    return new Template(this, ast, {
      name,
      source,
      filename,
      uptodate,
      autoescape: this.autoescapeFor(name),
    });
  }

  /** The template called `name`, from the cache or the loader. */
  getTemplate(name: string): Template {
    const hit = this.cache.get(name);
    if (hit && (!this.options.autoReload || !hit.uptodate || hit.uptodate())) return hit;
    const src = this.loader?.load(name) ?? null;
    if (!src) {
      const places = this.loader ? this.loader.searched(name) : ["(no loader configured)"];
      throw new TemplateError(
        "TemplateNotFound",
        `template ${JSON.stringify(name)} not found; searched: ${places.join(", ")}`,
      );
    }
    const t = this.compile(src.source, name, src.filename, src.uptodate);
    this.cache.set(name, t);
    return t;
  }

  /** The first template of `names` that exists (`{% include ["a", "b"] %}`). */
  selectTemplate(names: readonly string[]): Template {
    for (const n of names) {
      try {
        return this.getTemplate(n);
      } catch (e) {
        if (!(e instanceof TemplateError && e.kind === "TemplateNotFound")) throw e;
      }
    }
    const places = names.flatMap((n) => (this.loader ? this.loader.searched(n) : []));
    throw new TemplateError(
      "TemplatesNotFound",
      `none of the templates given were found: ${names.map((n) => JSON.stringify(n)).join(", ")}; searched: ${places.join(", ")}`,
    );
  }

  async render(name: string, data: Record<string, unknown> = {}): Promise<string> {
    return this.getTemplate(name).render(data);
  }

  renderSync(name: string, data: Record<string, unknown> = {}): string {
    return this.getTemplate(name).renderSync(data);
  }

  /**
   * A fresh context for rendering `template` with `data` over `layer` (the request-bound helpers
   * of `ctx.render()`) over the globals.
   */
  newContext(
    template: Template,
    data: Record<string, unknown> | null,
    isAsync: boolean,
    layer: Record<string, unknown> | null = null,
  ): RenderContext {
    // Data, layer and globals are read in place, never copied into one object per render.
    const blocks = template.compiled(isAsync).blocks;
    return new RenderContext(this, this.globals, data, layer, blocks, isAsync);
  }
}
