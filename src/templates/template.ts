/**
 * `Template`: one compiled template. It is compiled lazily, once per mode (sync and async),
 * from the same AST, and each compiled form is kept, so a template is parsed and compiled at
 * most once per environment unless its source changes.
 * @module
 */
import type { Node } from "./ast.ts";
import { generate } from "./codegen.ts";
import type { BlockFn, RenderContext } from "./context.ts";
import { TemplateError } from "./errors.ts";
import type { Environment } from "./environment.ts";
import { runtime } from "./runtime.ts";

export interface CompiledTemplate {
  root: (ctx: RenderContext) => string | Promise<string>;
  blocks: Record<string, BlockFn>;
}

export class Template {
  readonly env: Environment;
  readonly name: string | undefined;
  readonly source: string;
  readonly filename: string | undefined;
  readonly uptodate: (() => boolean) | undefined;
  private readonly ast: Node;
  private readonly autoescape: boolean;
  private sync: CompiledTemplate | undefined;
  private async: CompiledTemplate | undefined;

  constructor(
    env: Environment,
    ast: Node,
    meta: {
      name?: string | undefined;
      source: string;
      filename?: string | undefined;
      uptodate?: (() => boolean) | undefined;
      autoescape: boolean;
    },
  ) {
    this.env = env;
    this.ast = ast;
    this.name = meta.name;
    this.source = meta.source;
    this.filename = meta.filename;
    this.uptodate = meta.uptodate;
    this.autoescape = meta.autoescape;
  }

  /** The compiled functions for one mode (compiled on first use, then kept). */
  compiled(isAsync: boolean): CompiledTemplate {
    const have = isAsync ? this.async : this.sync;
    if (have) return have;
    let code: string;
    try {
      code = generate(this.ast, {
        async: isAsync,
        autoescape: this.autoescape,
        hasFilter: (n) => this.env.filters.has(n),
        hasTest: (n) => this.env.tests.has(n),
      });
    } catch (e) {
      if (e instanceof TemplateError) e.locate(this.name, e.line ?? 1, e.column ?? 1, this.source);
      throw e;
    }
    const factory = new Function("rt", "$name", "$src", code) as (
      rt: unknown,
      name: string | undefined,
      src: string,
    ) => CompiledTemplate;
    const made = factory(runtime, this.name, this.source);
    if (isAsync) this.async = made;
    else this.sync = made;
    return made;
  }

  /**
   * Render with `data`; promises (and async iterables) in the data are awaited where used.
   * `layer` holds names the data may override (`ctx.render()` puts the request-bound helpers
   * there), so neither has to be copied into the other.
   * Not an `async` function: the compiled root already returns a promise, and wrapping it in
   * another one cost two more microtask turns per render (about a tenth of a small page's time).
   */
  render(
    data: Record<string, unknown> = {},
    layer: Record<string, unknown> | null = null,
  ): Promise<string> {
    try {
      const ctx = this.env.newContext(this, data, true, layer);
      return this.compiled(true).root(ctx) as Promise<string>;
    } catch (e) {
      // Compile errors and bad data reject, as they did when this method was `async`.
      return Promise.reject(e);
    }
  }

  /** Render synchronously; a promise reaching the output is an error. */
  renderSync(data: Record<string, unknown> = {}): string {
    const ctx = this.env.newContext(this, data, false);
    return this.compiled(false).root(ctx) as string;
  }
}
