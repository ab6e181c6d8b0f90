/**
 * `RenderContext`: what one render of one template sees. Names resolve through the template's
 * own top-level assignments (`vars`), then the data and globals it was given; missing names are
 * `Undefined` (strict or not, per environment). `blocks` holds, per block name, the chain of
 * block functions from the most derived template to the base, for `{% extends %}` and `super()`.
 * @module
 */
import type { FilterFn, TestFn } from "./filter-def.ts";
import { missingName, StrictUndefined, Undefined } from "./undefined.ts";

export type BlockFn = (ctx: RenderContext, index: number) => string | Promise<string>;

export interface ContextEnv {
  readonly strict: boolean;
  readonly filters: Map<string, FilterFn>;
  readonly tests: Map<string, TestFn>;
}

const strictUndefined = (hint: string): Undefined => new StrictUndefined(hint);
const lenientUndefined = (hint: string): Undefined => new Undefined(hint);

export class RenderContext {
  readonly env: ContextEnv;
  /** The environment's globals: a null-prototype object, so `in` never sees Object.prototype. */
  private readonly globals: Record<string, unknown>;
  /**
   * The render's data and, under it, an optional layer (the request-bound helpers of
   * `ctx.render()`), read in place by own property: copying each key into one object per render
   * went through a megamorphic keyed store per key, more than the rest of a small page's set-up.
   */
  private readonly data: Record<string, unknown> | null;
  private readonly layer: Record<string, unknown> | null;
  // Made on first use: most renders assign nothing at the top level, and two collections per
  // render were a measurable part of a small page.
  private varMap: Map<string, unknown> | null = null;
  private exportSet: Set<string> | null = null;
  private blockMap: Map<string, BlockFn[]> | null;
  /** The rendered template's own blocks, until `blocks` makes the chains from them. */
  private readonly ownBlocks: Readonly<Record<string, BlockFn>> | null;
  readonly async: boolean;
  /** Make an Undefined for a missing value (strict in strict mode). Bound: passed around freely. */
  readonly u: (hint: string) => Undefined;

  constructor(
    env: ContextEnv,
    globals: Record<string, unknown>,
    data: Record<string, unknown> | null,
    layer: Record<string, unknown> | null,
    blocks: Map<string, BlockFn[]> | Readonly<Record<string, BlockFn>>,
    isAsync: boolean,
  ) {
    this.env = env;
    this.globals = globals;
    this.data = data;
    this.layer = layer;
    if (blocks instanceof Map) {
      this.blockMap = blocks;
      this.ownBlocks = null;
    } else {
      this.blockMap = null;
      this.ownBlocks = blocks;
    }
    this.async = isAsync;
    this.u = env.strict ? strictUndefined : lenientUndefined;
  }

  /** Per block name, the chain of block functions, most derived template first. */
  get blocks(): Map<string, BlockFn[]> {
    if (this.blockMap === null) {
      // Made on first use: a page without blocks or `extends` never needs it.
      const map = new Map<string, BlockFn[]>();
      const own = this.ownBlocks!;
      for (const k in own) map.set(k, [own[k]!]);
      this.blockMap = map;
    }
    return this.blockMap;
  }

  /** The template's top-level assignments. */
  get vars(): Map<string, unknown> {
    if (this.varMap === null) this.varMap = new Map();
    return this.varMap;
  }

  /** The names of `vars` an `{% import %}` of this template sees. */
  get exported(): Set<string> {
    if (this.exportSet === null) this.exportSet = new Set();
    return this.exportSet;
  }

  resolve(name: string): unknown {
    const vars = this.varMap;
    if (vars?.has(name)) return vars.get(name);
    // Own properties only in the data and the layer: whatever their prototype (the data may be
    // any object), `toString` or `constructor` is never a name a template can see.
    const data = this.data;
    if (data !== null && Object.hasOwn(data, name)) return data[name];
    const layer = this.layer;
    if (layer !== null && Object.hasOwn(layer, name)) return layer[name];
    const globals = this.globals;
    if (name in globals) return globals[name];
    return this.u(missingName(name));
  }

  /** A top-level assignment; `exported` ones (not starting with `_`) are what `import` sees. */
  setVar(name: string, value: unknown, exported: boolean): void {
    this.vars.set(name, value);
    if (exported && !name.startsWith("_")) this.exported.add(name);
    else this.exportSet?.delete(name);
  }

  /** Everything visible by name: data and globals, overridden by top-level assignments. */
  getAll(): Record<string, unknown> {
    const all: Record<string, unknown> = Object.create(null);
    for (const k in this.globals) all[k] = this.globals[k];
    if (this.layer !== null) for (const k of Object.keys(this.layer)) all[k] = this.layer[k];
    if (this.data !== null) for (const k of Object.keys(this.data)) all[k] = this.data[k];
    if (this.varMap !== null) for (const [k, v] of this.varMap) all[k] = v;
    return all;
  }

  /** The same render with extra locals visible (scoped blocks). */
  derived(locals: Record<string, unknown> | null): RenderContext {
    const data = Object.assign(this.getAll(), locals ?? {});
    return new RenderContext(this.env, this.globals, data, null, this.blocks, this.async);
  }
}
