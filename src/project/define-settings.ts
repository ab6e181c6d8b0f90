/**
 * `defineSettings`: a project's settings (Django's settings module, typed). Values may be
 * `env.*` readers, resolved at once with every problem reported together (see `defineConfig`);
 * relative folders and SQLite paths are resolved against `baseDir`, never against the directory
 * a command happens to run in.
 * @module
 */
import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { AppOptionsInput, Blueprint } from "../core/index.ts";
import { defineConfig, type EnvSetting, type Settings } from "../conf/index.ts";
import type { DatabaseRouter, DatabaseSetting, DatabaseSettings } from "../orm/index.ts";
import type { SessionOptions } from "../sessions/index.ts";
import type { TemplatesOptions } from "../templates/index.ts";
import { type AppCheck, type AppConfig, isAppConfig } from "./define-app.ts";
import { ERR_PROJECT_APP, ERR_PROJECT_SETTINGS, ProjectError } from "./errors.ts";

export interface StaticSettings {
  /** URL prefix for static files. @default "/static/" */
  readonly url?: string;
  /** Project static folders, searched before the apps' `static` folders. @default ["static"] when present */
  readonly folders?: readonly string[];
  /** Where `flagon collectstatic` gathers every file. @default "staticfiles" */
  readonly root?: string;
  /**
   * In production, `static("x")` for a file missing from `staticfiles.json` throws (Django's
   * `manifest_strict`); false gives the unhashed URL instead. @default true
   */
  readonly manifestStrict?: boolean;
}

export interface SettingsSpec {
  /** The project's folder: pass `import.meta.dirname`. */
  readonly baseDir: string | URL;
  readonly debug?: boolean;
  /** Signing keys, current first. */
  readonly secretKey?: string | readonly string[];
  readonly allowedHosts?: readonly string[];
  /** The apps this project runs, in order (Django's INSTALLED_APPS). */
  readonly installedApps?: readonly AppConfig[];
  /** @default { default: "sqlite:///db.sqlite3" } */
  readonly databases?: DatabaseSettings;
  readonly databaseRouters?: readonly DatabaseRouter[];
  /** Project-level routes, mounted after the apps' routes. */
  readonly routes?: Blueprint;
  /** Template options; `folders` default to `["templates"]` when that folder exists. */
  readonly templates?: TemplatesOptions;
  readonly static?: StaticSettings;
  /** Signed-cookie sessions unless `false`. @default {} */
  readonly sessions?: SessionOptions | false;
  /** Project checks, run with the apps' checks. */
  readonly checks?: readonly AppCheck[];
  /** Any other `flagon()` option (logger, limits, trustProxy ...). */
  readonly app?: AppOptionsInput;
  /**
   * In debug mode, warn (through the app's logger) when one query shape runs more than this many
   * times in one request: the sign of a loop that queries per row. `false` turns it off; it is
   * never on outside debug mode. @default 10
   */
  readonly nPlusOneThreshold?: number | false;
}

type Envable<T> = T | EnvSetting<T>;

/** `SettingsSpec` where any value (and any database URL) may be an `env.*` reader. */
export type SettingsInput = {
  readonly [K in Exclude<keyof SettingsSpec, "databases">]?: Envable<SettingsSpec[K]>;
} & {
  readonly baseDir: string | URL;
  readonly databases?: { readonly default: Envable<DatabaseSetting> } & Readonly<
    Record<string, Envable<DatabaseSetting>>
  >;
};

/** What `defineSettings` returns: every value resolved, every path absolute. */
export interface ProjectSettings {
  readonly kind: "flagon.settings";
  readonly baseDir: string;
  readonly debug: boolean;
  readonly secretKey: string | readonly string[] | undefined;
  readonly allowedHosts: readonly string[] | undefined;
  readonly installedApps: readonly AppConfig[];
  readonly databases: DatabaseSettings;
  readonly databaseRouters: readonly DatabaseRouter[];
  readonly routes: Blueprint | undefined;
  readonly templates: TemplatesOptions & { readonly folders: readonly string[] };
  readonly static: {
    readonly url: string;
    readonly folders: readonly string[];
    readonly root: string;
    readonly manifestStrict: boolean;
  };
  readonly sessions: SessionOptions | false;
  readonly checks: readonly AppCheck[];
  readonly app: AppOptionsInput;
  readonly nPlusOneThreshold: number | false;
}

function settingsError(message: string): ProjectError {
  return new ProjectError(ERR_PROJECT_SETTINGS, message);
}

function toDir(dir: string | URL): string {
  return dir instanceof URL || dir.startsWith("file:") ? fileURLToPath(dir) : resolve(dir);
}

const within = (base: string, p: string) => (isAbsolute(p) ? p : join(base, p));

/** `sqlite:///db.sqlite3` is relative: anchor it at the project, not the working directory. */
function anchorSqlite(base: string, url: string): string {
  if (!url.startsWith("sqlite:///") || url.startsWith("sqlite:////")) return url;
  // Three slashes and then the absolute path: `sqlite:////abs/db.sqlite3` (see orm/db/url.ts).
  return `sqlite:///${join(base, url.slice("sqlite:///".length))}`;
}

function anchorDatabases(base: string, dbs: DatabaseSettings): DatabaseSettings {
  const out: Record<string, unknown> = {};
  for (const [alias, setting] of Object.entries(dbs)) {
    out[alias] =
      typeof setting === "string"
        ? anchorSqlite(base, setting)
        : { ...setting, url: anchorSqlite(base, setting.url) };
  }
  return out as DatabaseSettings;
}

function checkApps(apps: readonly unknown[]): readonly AppConfig[] {
  const labels = new Map<string, AppConfig>();
  for (const [i, app] of apps.entries()) {
    if (!isAppConfig(app)) {
      throw new ProjectError(
        ERR_PROJECT_APP,
        `installedApps[${i}] is not an app: export defineApp({...}) from the app's app.ts and list that`,
      );
    }
    if (labels.has(app.label)) {
      throw new ProjectError(
        ERR_PROJECT_APP,
        `installedApps lists two apps with the label "${app.label}"; give one a different label`,
      );
    }
    labels.set(app.label, app);
  }
  return Object.freeze([...apps]) as readonly AppConfig[];
}

/**
 * Resolve a project's settings.
 * @throws {SettingsError} `FLG_ERR_SETTINGS_INVALID` listing every missing or bad variable.
 * @throws {ProjectError} `FLG_ERR_PROJECT_SETTINGS` / `FLG_ERR_PROJECT_APP` for a wrong shape.
 * @example
 * export default defineSettings({
 *   baseDir: import.meta.dirname,
 *   debug: env.bool("FLAGON_DEBUG", false),
 *   secretKey: env.string("FLAGON_SECRET_KEY"),
 *   installedApps: [polls],
 *   databases: { default: env.string("DATABASE_URL", "sqlite:///db.sqlite3") },
 * });
 */
export function defineSettings(spec: SettingsInput): ProjectSettings {
  if (spec === null || typeof spec !== "object" || spec.baseDir === undefined) {
    throw settingsError("defineSettings: baseDir is required; pass import.meta.dirname");
  }
  const s = defineConfig(spec as Record<string, unknown>) as Settings<SettingsSpec>;
  const baseDir = toDir(s.baseDir as string | URL);
  const templates = (s.templates ?? {}) as TemplatesOptions;
  const defaultTemplates = existsSync(join(baseDir, "templates")) ? ["templates"] : [];
  const stat = (s.static ?? {}) as StaticSettings;
  const defaultStatic = existsSync(join(baseDir, "static")) ? ["static"] : [];
  return Object.freeze({
    kind: "flagon.settings",
    baseDir,
    debug: s.debug ?? false,
    secretKey: s.secretKey,
    allowedHosts: s.allowedHosts,
    installedApps: checkApps((s.installedApps ?? []) as readonly unknown[]),
    databases: anchorDatabases(
      baseDir,
      (s.databases ?? { default: "sqlite:///db.sqlite3" }) as DatabaseSettings,
    ),
    databaseRouters: (s.databaseRouters ?? []) as readonly DatabaseRouter[],
    routes: s.routes as Blueprint | undefined,
    templates: {
      ...templates,
      folders: (templates.folders ?? defaultTemplates).map((f) =>
        within(baseDir, f instanceof URL ? fileURLToPath(f) : f),
      ),
    },
    static: {
      url: stat.url ?? "/static/",
      folders: (stat.folders ?? defaultStatic).map((f) => within(baseDir, f)),
      root: within(baseDir, stat.root ?? "staticfiles"),
      manifestStrict: stat.manifestStrict ?? true,
    },
    sessions: (s.sessions ?? {}) as SessionOptions | false,
    checks: (s.checks ?? []) as readonly AppCheck[],
    app: (s.app ?? {}) as AppOptionsInput,
    nPlusOneThreshold: threshold(s.nPlusOneThreshold),
  });
}

function threshold(value: unknown): number | false {
  if (value === undefined) return 10;
  if (value === false || (Number.isSafeInteger(value) && (value as number) >= 1)) {
    return value as number | false;
  }
  throw settingsError(
    `nPlusOneThreshold must be a whole number of at least 1, or false; got ${JSON.stringify(value)}`,
  );
}

/** True for what `defineSettings` returns. */
export function isProjectSettings(value: unknown): value is ProjectSettings {
  return (value as { kind?: unknown } | null)?.kind === "flagon.settings";
}
