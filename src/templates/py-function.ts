/**
 * `PyFunction`: a callable that takes Python-style arguments (positional list plus keyword map).
 * Built-in globals (`range`, `dict`, `namespace` ...) and the str/list/dict methods the sandbox
 * exposes are `PyFunction`s; plain JS functions from the context get positional arguments, with
 * keyword arguments gathered into one trailing object.
 * @module
 */
import { typeError } from "./errors.ts";

export type Kwargs = Map<string, unknown>;

export class PyFunction {
  readonly name: string;
  readonly fn: (args: unknown[], kwargs: Kwargs) => unknown;
  constructor(name: string, fn: (args: unknown[], kwargs: Kwargs) => unknown) {
    this.name = name;
    this.fn = fn;
  }
  toString(): string {
    return `<built-in function ${this.name}>`;
  }
}

/**
 * Bind arguments to parameter names in order, Python style. Returns one value per name (JS
 * `undefined` when not given). Unknown keywords and too many positionals raise TypeError.
 */
export function bindArgs(
  fname: string,
  names: readonly string[],
  args: unknown[],
  kwargs: Kwargs | null,
): unknown[] {
  if (args.length > names.length) {
    throw typeError(`${fname}() takes at most ${names.length} argument(s) (${args.length} given)`);
  }
  const out: unknown[] = [...args];
  out.length = names.length;
  if (kwargs) {
    for (const [k, v] of kwargs) {
      const i = names.indexOf(k);
      if (i === -1) throw typeError(`${fname}() got an unexpected keyword argument '${k}'`);
      if (i < args.length) throw typeError(`${fname}() got multiple values for argument '${k}'`);
      out[i] = v;
    }
  }
  return out;
}
