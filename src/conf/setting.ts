/**
 * `EnvSetting`: one setting read from an environment variable, with a parser and maybe a default.
 * It is a description, not a value: `defineConfig` resolves all of them at once so every problem
 * is reported together.
 * @module
 */

/** What a parser returns: the value, or why the text is not acceptable. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string };

export type Parser<T> = (raw: string) => Parsed<T>;

/** Where settings come from; `process.env` unless `defineConfig` is given another source. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function bad(problem: string): Parsed<never> {
  return { ok: false, problem };
}

export class EnvSetting<T> {
  /** The environment variable read, e.g. `PORT`. */
  readonly name: string;
  readonly #parse: Parser<T>;
  // A tuple, so "no default" (required) differs from a default of `undefined` (optional).
  readonly #fallback: [] | [T];

  constructor(name: string, parse: Parser<T>, fallback: [] | [T]) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new TypeError(`Invalid environment variable name: ${JSON.stringify(name)}`);
    }
    this.name = name;
    this.#parse = parse;
    this.#fallback = fallback;
  }

  /** Whether the variable must be set (no default was given). */
  get required(): boolean {
    return this.#fallback.length === 0;
  }

  /** The same setting, `undefined` when the variable is not set instead of an error. */
  optional(): EnvSetting<T | undefined> {
    return new EnvSetting<T | undefined>(
      this.name,
      this.#parse,
      this.required ? [undefined] : this.#fallback,
    );
  }

  /** Read the variable from `source`: the parsed value, the default, or the problem. */
  resolve(source: EnvSource): Parsed<T> {
    const raw = Object.hasOwn(source, this.name) ? source[this.name] : undefined;
    if (raw === undefined) {
      return this.#fallback.length === 1 ? ok(this.#fallback[0]) : bad("required but not set");
    }
    return this.#parse(raw);
  }
}
