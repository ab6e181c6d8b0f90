/**
 * `Macro`: a `{% macro %}` (or a `{% call %}` body's `caller`) as a runtime value. It binds
 * Python-style arguments to its parameters, collecting extra ones into `varargs`/`kwargs` only
 * when the body uses those names, as Jinja2 does.
 * @module
 */
import { TEMPLATE_ATTR, TEMPLATE_CALL } from "./access.ts";
import { typeError } from "./errors.ts";
import type { Kwargs } from "./py-function.ts";
import { tuple } from "./values.ts";

/** A parameter the caller did not pass; the body evaluates its default (or makes it undefined). */
export const MISSING: unique symbol = Symbol("flagon.missing");

export type MacroBody = (
  values: unknown[],
  varargs: unknown[],
  kwargs: Map<string, unknown>,
  caller: unknown,
) => unknown;

export interface MacroSpec {
  name: string;
  params: string[];
  catchVarargs: boolean;
  catchKwargs: boolean;
  caller: boolean;
}

export class Macro {
  readonly spec: MacroSpec;
  readonly body: MacroBody;

  constructor(spec: MacroSpec, body: MacroBody) {
    this.spec = spec;
    this.body = body;
  }

  [TEMPLATE_CALL](args: unknown[], kwargs: Kwargs): unknown {
    const { name, params, catchVarargs, catchKwargs } = this.spec;
    const values: unknown[] = params.map((_, i) => (i < args.length ? args[i] : MISSING));
    const varargs = args.slice(params.length);
    if (varargs.length && !catchVarargs) {
      throw typeError(`macro '${name}' takes not more than ${params.length} argument(s)`);
    }
    const extra = new Map<string, unknown>();
    let caller: unknown;
    for (const [k, v] of kwargs) {
      const i = params.indexOf(k);
      if (i !== -1) {
        if (i < args.length)
          throw typeError(`macro '${name}' got multiple values for argument '${k}'`);
        values[i] = v;
      } else if (k === "caller" && this.spec.caller) caller = v;
      else if (catchKwargs) extra.set(k, v);
      else throw typeError(`macro '${name}' takes no keyword argument '${k}'`);
    }
    return this.body(values, varargs, extra, caller);
  }

  [TEMPLATE_ATTR](attr: string): unknown {
    switch (attr) {
      case "name":
        return this.spec.name;
      case "arguments":
        return tuple([...this.spec.params]);
      case "catch_kwargs":
        return this.spec.catchKwargs;
      case "catch_varargs":
        return this.spec.catchVarargs;
      case "caller":
        return this.spec.caller;
    }
    return undefined;
  }

  toString(): string {
    return `<Macro '${this.spec.name}'>`;
  }
}
