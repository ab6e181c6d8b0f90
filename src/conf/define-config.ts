/**
 * `defineConfig`: a typed, frozen settings object (Django's settings module, with types). Every
 * `env.*` reader in the spec is resolved at once; all problems are reported in one error.
 * @module
 */
import { type SettingProblem, SettingsError } from "./errors.ts";
import { type EnvSource, EnvSetting } from "./setting.ts";

/** The settings a spec describes: each `EnvSetting<T>` becomes `T`, nested groups are kept. */
export type Settings<S> =
  S extends EnvSetting<infer T>
    ? T
    : S extends (...args: never[]) => unknown
      ? S
      : S extends readonly unknown[]
        ? Readonly<S>
        : S extends object
          ? { readonly [K in keyof S]: Settings<S[K]> }
          : S;

export interface DefineConfigOptions {
  /** Where variables are read from. @default process.env */
  env?: EnvSource;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function resolve(
  spec: unknown,
  path: string,
  source: EnvSource,
  problems: SettingProblem[],
): unknown {
  if (spec instanceof EnvSetting) {
    const parsed = spec.resolve(source);
    if (parsed.ok) return parsed.value;
    problems.push({ name: spec.name, path, problem: parsed.problem });
    return undefined;
  }
  if (Array.isArray(spec)) return Object.freeze([...spec]);
  if (!isPlainObject(spec)) return spec;
  // Null prototype while filling, so a key named `__proto__` in a spec is only ever a key.
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(spec)) {
    out[key] = resolve(spec[key], path === "" ? key : `${path}.${key}`, source, problems);
  }
  return Object.freeze(Object.setPrototypeOf(out, Object.prototype));
}

/**
 * Resolve a settings spec against the environment.
 * @throws {SettingsError} `FLG_ERR_SETTINGS_INVALID` listing every missing or bad variable.
 * @example
 * export const settings = defineConfig({
 *   debug: env.bool("FLAGON_DEBUG", false),
 *   secretKey: env.string("FLAGON_SECRET_KEY"),
 *   port: env.int("PORT", 8000),
 * });
 */
export function defineConfig<S extends Record<string, unknown>>(
  spec: S,
  options: DefineConfigOptions = {},
): Settings<S> {
  const problems: SettingProblem[] = [];
  const settings = resolve(spec, "", options.env ?? process.env, problems);
  if (problems.length > 0) throw new SettingsError(problems);
  return settings as Settings<S>;
}
