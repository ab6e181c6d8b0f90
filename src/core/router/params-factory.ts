/**
 * Builds the params object of a hit. Assigning names in a loop (`p[names[i]] = v`) is a
 * megamorphic keyed store per param, and on a typical route it costs more than the whole tree walk.
 * So each distinct list of param names gets a tiny compiled function returning an object literal,
 * which V8 creates with one fixed shape. Names are validated identifiers and are quoted with
 * JSON.stringify, so no request data ever reaches the generated source. Where code generation is
 * disabled (`--disallow-code-generation-from-strings`), the plain loop is used instead.
 * @module
 */

export type ParamsFactory = (values: readonly unknown[]) => Record<string, unknown>;

const cache = new Map<string, ParamsFactory>();

function loop(names: readonly string[]): ParamsFactory {
  return (values) => {
    const params: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) params[names[i]!] = values[i];
    return params;
  };
}

/** `__proto__` would set the prototype if assigned or written in a literal: define it instead. */
function withProto(names: readonly string[]): ParamsFactory {
  return (values) => {
    const params: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      Object.defineProperty(params, names[i]!, {
        value: values[i],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return params;
  };
}

function compile(names: readonly string[]): ParamsFactory {
  const fields = names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(", ");
  try {
    return new Function("v", `"use strict"; return { ${fields} };`) as ParamsFactory;
  } catch {
    return loop(names);
  }
}

/** The params builder for a route with these param names (in path order). */
export function paramsFactory(names: readonly string[]): ParamsFactory {
  if (names.includes("__proto__")) return withProto(names);
  const key = names.join("/");
  let factory = cache.get(key);
  if (factory === undefined) {
    factory = compile(names);
    cache.set(key, factory);
  }
  return factory;
}
