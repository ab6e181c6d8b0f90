/**
 * The global functions every template sees: `range`, `dict`, `namespace`, `cycler`, `joiner`,
 * `lipsum` (lipsum.ts), with the runtime objects they return. `range` is capped (as in Jinja2's sandbox) so a template
 * cannot allocate without bound.
 * @module
 */
import { TEMPLATE_ATTR, TEMPLATE_CALL } from "./access.ts";
import { TemplateError, typeError } from "./errors.ts";
import { lipsum } from "./lipsum.ts";
import { pyRepr } from "./py-str.ts";
import { type Kwargs, PyFunction } from "./py-function.ts";
import { isMapping, isNumber, mappingEntries, num } from "./values.ts";

export const MAX_RANGE = 100_000;

export class Namespace {
  readonly attrs = new Map<string, unknown>();
  [TEMPLATE_ATTR](name: string): unknown {
    return this.attrs.has(name) ? this.attrs.get(name) : undefined;
  }
  toString(): string {
    return `<Namespace ${pyRepr(this.attrs)}>`;
  }
}

export class Cycler {
  readonly items: unknown[];
  pos = 0;
  constructor(items: unknown[]) {
    this.items = items;
  }
  [TEMPLATE_ATTR](name: string): unknown {
    if (name === "current") return this.items[this.pos];
    if (name === "next")
      return new PyFunction("next", () => {
        const v = this.items[this.pos];
        this.pos = (this.pos + 1) % this.items.length;
        return v;
      });
    if (name === "reset")
      return new PyFunction("reset", () => {
        this.pos = 0;
        return null;
      });
    return undefined;
  }
}

export class Joiner {
  readonly sep: unknown;
  used = false;
  constructor(sep: unknown) {
    this.sep = sep;
  }
  [TEMPLATE_CALL](): unknown {
    if (!this.used) {
      this.used = true;
      return "";
    }
    return this.sep;
  }
}

function intArg(v: unknown, what: string): number {
  if (!isNumber(v) || !Number.isInteger(num(v)) || typeof v === "object")
    throw typeError(`'${what}' object cannot be interpreted as an integer`);
  return num(v);
}

function range(args: unknown[]): number[] {
  if (args.length === 0) throw typeError("range expected at least 1 argument, got 0");
  const [a, b, c] = args.map((x) => intArg(x, "float"));
  const start = args.length === 1 ? 0 : a!;
  const stop = args.length === 1 ? a! : b!;
  const step = c ?? 1;
  if (step === 0) throw new TemplateError("ValueError", "range() arg 3 must not be zero");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  if (n > MAX_RANGE) {
    throw new TemplateError(
      "OverflowError",
      `Range too big. The sandbox blocks ranges larger than MAX_RANGE (${MAX_RANGE}).`,
    );
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(start + i * step);
  return out;
}

/** Fresh global functions (namespaces and cyclers hold state, so no sharing between envs). */
export function defaultGlobals(): Record<string, unknown> {
  return {
    range: new PyFunction("range", (args) => range(args)),
    dict: new PyFunction("dict", (args, kw: Kwargs) => {
      const m = new Map<unknown, unknown>();
      if (args[0] !== undefined && isMapping(args[0]))
        for (const [k, v] of mappingEntries(args[0])) m.set(k, v);
      for (const [k, v] of kw) m.set(k, v);
      return m;
    }),
    namespace: new PyFunction("namespace", (args, kw) => {
      const ns = new Namespace();
      if (args[0] !== undefined && isMapping(args[0]))
        for (const [k, v] of mappingEntries(args[0])) ns.attrs.set(String(k), v);
      for (const [k, v] of kw) ns.attrs.set(k, v);
      return ns;
    }),
    cycler: new PyFunction("cycler", (args) => new Cycler(args)),
    joiner: new PyFunction("joiner", (args) => new Joiner(args[0] ?? ", ")),
    lipsum: new PyFunction("lipsum", (args, kw) => lipsum(args, kw)),
  };
}
