/**
 * Iteration with Python's rules, and the `loop` object of `{% for %}`: index, index0, revindex,
 * revindex0, first, last, length, depth, depth0, previtem, nextitem, cycle(), changed(), and
 * `loop(items)` in recursive loops.
 * @module
 */
import { TEMPLATE_ATTR, TEMPLATE_CALL } from "./access.ts";
import { typeError } from "./errors.ts";
import { isMarkup } from "./markup.ts";
import { eq, typeName } from "./operators.ts";
import type { Kwargs } from "./py-function.ts";
import { StrictUndefined, Undefined } from "./undefined.ts";
import { isPlainObject } from "./values.ts";

/** The items `for x in v` visits, as an array. */
export function iterate(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === "string") return [...v];
  if (v instanceof Undefined) {
    if (v instanceof StrictUndefined) throw v.fail();
    return [];
  }
  if (v instanceof Map) return [...v.keys()];
  if (isMarkup(v)) return [...v.__html__()];
  if (isPlainObject(v)) return Object.keys(v);
  if (v !== null && typeof v === "object" && Symbol.iterator in v)
    return [...(v as Iterable<unknown>)];
  throw typeError(`'${typeName(v)}' object is not iterable`);
}

/** `iterate` that also drains async iterables (async render mode). */
export function iterateAsync(v: unknown): unknown[] | Promise<unknown[]> {
  if (v !== null && typeof v === "object" && Symbol.asyncIterator in v) {
    return collect(v as AsyncIterable<unknown>);
  }
  // A plain list stays synchronous: awaiting it would cost a microtask per loop for nothing.
  return iterate(v);
}

async function collect(v: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const x of v) out.push(x);
  return out;
}

const NO_ITEM = Symbol("flagon.noItem");

export class LoopContext {
  readonly items: unknown[];
  readonly depth0: number;
  index0 = -1;
  private lastChanged: unknown = NO_ITEM;
  private readonly recurse: ((items: unknown, depth: number) => unknown) | null;
  private readonly undef: (hint: string) => Undefined;

  constructor(
    items: unknown[],
    depth0: number,
    recurse: ((items: unknown, depth: number) => unknown) | null,
    undef: (hint: string) => Undefined,
  ) {
    this.items = items;
    this.depth0 = depth0;
    this.recurse = recurse;
    this.undef = undef;
  }

  [TEMPLATE_ATTR](name: string): unknown {
    const n = this.items.length;
    const i = this.index0;
    switch (name) {
      case "index0":
        return i;
      case "index":
        return i + 1;
      case "revindex":
        return n - i;
      case "revindex0":
        return n - i - 1;
      case "first":
        return i === 0;
      case "last":
        return i === n - 1;
      case "length":
        return n;
      case "depth":
        return this.depth0 + 1;
      case "depth0":
        return this.depth0;
      case "previtem":
        return i > 0 ? this.items[i - 1] : this.undef("there is no previous item");
      case "nextitem":
        return i < n - 1 ? this.items[i + 1] : this.undef("there is no next item");
      case "cycle":
        return {
          [TEMPLATE_CALL]: (args: unknown[]) => {
            if (args.length === 0) throw typeError("no items for cycling given");
            return args[i % args.length];
          },
        };
      case "changed":
        return {
          [TEMPLATE_CALL]: (args: unknown[]) => {
            if (this.lastChanged !== NO_ITEM && eq(this.lastChanged, args)) return false;
            this.lastChanged = args;
            return true;
          },
        };
    }
    return undefined;
  }

  [TEMPLATE_CALL](args: unknown[], _kw: Kwargs): unknown {
    if (!this.recurse)
      throw typeError("The loop must have the 'recursive' marker to be called recursively.");
    return this.recurse(args[0], this.depth0 + 1);
  }

  toString(): string {
    return `<LoopContext ${this.index0 + 1}/${this.items.length}>`;
  }
}
