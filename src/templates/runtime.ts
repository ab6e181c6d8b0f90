/**
 * `runtime`: the object generated template code calls into (`rt.E`, `rt.getattr`, `rt.add` ...).
 * It gathers the value operations from their own files and adds the template-level ones:
 * output, blocks, extends, include and import.
 * @module
 */
import { FIELDS_PROTO } from "../utils/index.ts";
import { call, getattr, getitem, slice, TEMPLATE_ATTR } from "./access.ts";
import type { RenderContext } from "./context.ts";
import { TemplateError, typeError } from "./errors.ts";
import type { Environment } from "./environment.ts";
import { Namespace } from "./globals.ts";
import { iterate, iterateAsync, LoopContext } from "./loop.ts";
import { Macro, MISSING } from "./macro.ts";
import { escapeText, isMarkup, Markup } from "./markup.ts";
import * as ops from "./operators.ts";
import { pyStr } from "./py-str.ts";
import { type Kwargs, PyFunction } from "./py-function.ts";
import type { Template } from "./template.ts";
import { isMapping, mappingEntries, PyFloat, tuple } from "./values.ts";

function envOf(ctx: RenderContext): Environment {
  return ctx.env as Environment;
}

/** What `await` would wait for: an object or function with a callable `then`. */
function isThenable(v: unknown): boolean {
  return typeof (v as { then?: unknown } | null | undefined)?.then === "function";
}

function notAPromise(v: unknown): void {
  if (typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function") {
    throw typeError(
      "a promise reached the output of a synchronous render: use render() instead of renderSync()",
    );
  }
}

/** A module made by `{% import %}`: the exported macros and variables of a rendered template. */
export class TemplateModule {
  readonly exports: Map<string, unknown>;
  readonly body: string;
  readonly templateName: string | undefined;
  constructor(exports: Map<string, unknown>, body: string, templateName: string | undefined) {
    this.exports = exports;
    this.body = body;
    this.templateName = templateName;
  }
  [TEMPLATE_ATTR](name: string): unknown {
    return this.exports.has(name) ? this.exports.get(name) : undefined;
  }
  toString(): string {
    return this.body;
  }
}

function loadTemplate(ctx: RenderContext, name: unknown): Template {
  const env = envOf(ctx);
  if (typeof name === "object" && name !== null && "compiled" in name) return name as Template;
  if (Array.isArray(name)) return env.selectTemplate(name.map((n) => pyStr(n)));
  if (typeof name !== "string")
    throw typeError(`template name must be a string, not ${ops.typeName(name)}`);
  return env.getTemplate(name);
}

function then<T, R>(v: T | Promise<T>, f: (x: T) => R): R | Promise<R> {
  return v instanceof Promise ? v.then(f) : f(v);
}

export const runtime = {
  ...ops,
  getattr,
  // What the inline attribute read of generated code uses (see ExprCodegen.plainRead).
  HOOK: TEMPLATE_ATTR,
  OP: Object.prototype,
  FP: FIELDS_PROTO,
  has: Object.hasOwn,
  own: Reflect.getOwnPropertyDescriptor,
  proto: Object.getPrototypeOf,
  getitem,
  slice,
  call,
  iterate,
  iterateAsync,
  LoopContext,
  Macro,
  MISSING,
  tuple,
  T: ops.truthy,
  F: (x: number) => new PyFloat(x),
  /** Print with autoescape. */
  E(v: unknown): string {
    if (typeof v === "string") return escapeText(v);
    // A number prints as digits, '.', 'e', signs, "inf" or "nan": nothing to escape. A safe
    // integer (ids, counts) prints as JS prints it; the rest takes Python's rules.
    if (typeof v === "number") return Number.isSafeInteger(v) ? `${v}` : pyStr(v);
    if (isMarkup(v)) return v.__html__();
    notAPromise(v);
    return escapeText(pyStr(v));
  },
  /** Print without autoescape. */
  S(v: unknown): string {
    if (typeof v === "string") return v;
    notAPromise(v);
    return pyStr(v);
  },
  /** Print with autoescape decided at run time. */
  P(autoescape: boolean, v: unknown): string {
    return autoescape ? runtime.E(v) : runtime.S(v);
  },
  /** `E` for async mode: undefined for a thenable, which the generated code awaits and prints. */
  EA(v: unknown): string | undefined {
    if (typeof v === "string") return escapeText(v);
    if (typeof v === "number") return Number.isSafeInteger(v) ? `${v}` : pyStr(v);
    return isThenable(v) ? undefined : runtime.E(v);
  },
  /** `S` for async mode (see `EA`). */
  SA(v: unknown): string | undefined {
    if (typeof v === "string") return v;
    return isThenable(v) ? undefined : runtime.S(v);
  },
  /** `P` for async mode (see `EA`). */
  PA(autoescape: boolean, v: unknown): string | undefined {
    return autoescape ? runtime.EA(v) : runtime.SA(v);
  },
  raw(v: unknown): string {
    return typeof v === "string" ? v : isMarkup(v) ? v.__html__() : pyStr(v);
  },
  markupIf(autoescape: boolean, s: string): string | Markup {
    return autoescape ? new Markup(s) : s;
  },
  unpack(v: unknown, n: number): unknown[] {
    const items = iterate(v);
    if (items.length > n)
      throw new TemplateError("ValueError", `too many values to unpack (expected ${n})`);
    if (items.length < n)
      throw new TemplateError(
        "ValueError",
        `not enough values to unpack (expected ${n}, got ${items.length})`,
      );
    return items;
  },
  mergeKwargs(kw: Kwargs | null, extra: unknown): Kwargs {
    const out = new Map(kw ?? []);
    if (!isMapping(extra)) throw typeError("argument after ** must be a mapping");
    for (const [k, v] of mappingEntries(extra)) out.set(String(k), v);
    return out;
  },
  nsSet(ns: unknown, attr: string, v: unknown): void {
    if (!(ns instanceof Namespace)) {
      throw new TemplateError(
        "TemplateRuntimeError",
        "cannot assign attribute on non-namespace object",
      );
    }
    ns.attrs.set(attr, v);
  },
  filter(
    ctx: RenderContext,
    name: string,
    value: unknown,
    args: unknown[],
    kw: Kwargs | null,
    autoescape: boolean,
  ): unknown {
    const f = envOf(ctx).filters.get(name)!;
    return f(value, args, kw ?? new Map(), { autoescape, ctx });
  },
  test(
    ctx: RenderContext,
    name: string,
    value: unknown,
    args: unknown[],
    kw: Kwargs | null,
  ): boolean {
    const t = envOf(ctx).tests.get(name)!;
    return t(value, args, kw ?? new Map(), ctx);
  },
  locate(e: unknown, name: string | undefined, src: string, line: number, col: number): unknown {
    if (e instanceof TemplateError) e.locate(name, line, col, src);
    return e;
  },
  runtimeError(msg: string): TemplateError {
    return new TemplateError("TemplateRuntimeError", msg);
  },
  requiredBlock(name: string): TemplateError {
    return new TemplateError("TemplateRuntimeError", `Required block '${name}' not found.`);
  },
  renderBlock(
    ctx: RenderContext,
    name: string,
    locals: Record<string, unknown> | null,
  ): string | Promise<string> {
    const chain = ctx.blocks.get(name)!;
    return chain[0]!(locals ? ctx.derived(locals) : ctx, 0);
  },
  superBlock(ctx: RenderContext, name: string, index: number, autoescape: boolean): unknown {
    const next = ctx.blocks.get(name)?.[index + 1];
    if (!next)
      throw new TemplateError("UndefinedError", `there is no parent block called '${name}'.`);
    return then(next(ctx, index + 1), (s) => (autoescape ? new Markup(s) : s));
  },
  selfRef(ctx: RenderContext): unknown {
    return {
      [TEMPLATE_ATTR]: (name: string) => {
        const chain = ctx.blocks.get(name);
        if (!chain) return undefined;
        return new PyFunction(name, () => then(chain[0]!(ctx, 0), (s) => new Markup(s)));
      },
    };
  },
  /** `{% extends %}`: load the parent, append its blocks to the chains, return its compiled form. */
  extend(ctx: RenderContext, name: unknown): unknown {
    const parent = loadTemplate(ctx, name).compiled(ctx.async);
    for (const [k, fn] of Object.entries(parent.blocks)) {
      const chain = ctx.blocks.get(k);
      if (chain) chain.push(fn);
      else ctx.blocks.set(k, [fn]);
    }
    return parent;
  },
  include(
    ctx: RenderContext,
    name: unknown,
    locals: Record<string, unknown> | null,
    withContext: boolean,
    ignoreMissing: boolean,
  ): string | Promise<string> {
    let t: Template;
    try {
      t = loadTemplate(ctx, name);
    } catch (e) {
      if (ignoreMissing && e instanceof TemplateError && e.code === "FLG_ERR_TEMPLATE_NOT_FOUND")
        return "";
      throw e;
    }
    const data = withContext ? Object.assign(ctx.getAll(), locals ?? {}) : null;
    const c = envOf(ctx).newContext(t, data, ctx.async);
    return t.compiled(ctx.async).root(c);
  },
  importModule(
    ctx: RenderContext,
    name: unknown,
    locals: Record<string, unknown> | null,
    withContext: boolean,
  ): TemplateModule | Promise<TemplateModule> {
    const t = loadTemplate(ctx, name);
    const data = withContext ? Object.assign(ctx.getAll(), locals ?? {}) : null;
    const c = envOf(ctx).newContext(t, data, ctx.async);
    return then(t.compiled(ctx.async).root(c), (body) => {
      const exports = new Map<string, unknown>();
      for (const k of c.exported) exports.set(k, c.vars.get(k));
      return new TemplateModule(exports, body, t.name);
    });
  },
  moduleAttr(ctx: RenderContext, mod: TemplateModule, name: string): unknown {
    if (mod.exports.has(name)) return mod.exports.get(name);
    return ctx.u(
      `the template ${JSON.stringify(mod.templateName)} does not export the requested name '${name}'`,
    );
  },
};
