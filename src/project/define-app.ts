/**
 * `defineApp`: the unit a project installs (Django's AppConfig). An app names its models,
 * routes, migrations folder, template and static folders, commands, checks and a `ready` hook;
 * the project discovers all of them from its `installedApps`. Batteries (admin, auth ...) are
 * apps like any other.
 * @module
 */
import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Blueprint } from "../core/index.ts";
import type { CheckMessage } from "../conf/index.ts";
import type { AnyModel } from "../orm/index.ts";
import type { Command } from "./command.ts";
import { ERR_PROJECT_APP, ProjectError } from "./errors.ts";
import { isFile } from "./fs-kind.ts";

/** A check an app runs with `flagon check` and at start-up in development. */
export type AppCheck = (context: { deploy: boolean }) => CheckMessage[] | Promise<CheckMessage[]>;

export interface AppSpec {
  /** The app's name, a lower-case identifier: `"polls"`. */
  readonly name: string;
  /**
   * The app's folder, from which the default folders below are found: pass
   * `import.meta.dirname` (or `import.meta.url`).
   */
  readonly dir: string | URL;
  /** The label in model labels (`"polls.Question"`). @default name */
  readonly label?: string;
  /** The app's models; their labels must start with `label + "."`. */
  readonly models?: readonly AnyModel[];
  /** The app's routes, mounted in the project in `installedApps` order. */
  readonly routes?: Blueprint;
  /** Migration files (`0001_initial.ts` ...). @default "<dir>/migrations" */
  readonly migrations?: string;
  /** Template folder, searched after the project's own. @default "<dir>/templates" when present */
  readonly templates?: string;
  /** Static folder, served at the project's static URL. @default "<dir>/static" when present */
  readonly static?: string;
  readonly commands?: readonly Command[];
  readonly checks?: readonly AppCheck[];
  /** Runs once the project is assembled (databases configured, routes mounted). */
  readonly ready?: () => void | Promise<void>;
}

/** An installed app with every folder resolved to an absolute path. */
export interface AppConfig {
  readonly kind: "flagon.app";
  readonly name: string;
  readonly label: string;
  readonly dir: string;
  readonly models: readonly AnyModel[];
  readonly routes: Blueprint | undefined;
  readonly migrationsDir: string;
  readonly templatesDir: string | undefined;
  readonly staticDir: string | undefined;
  readonly commands: readonly Command[];
  readonly checks: readonly AppCheck[];
  readonly ready: (() => void | Promise<void>) | undefined;
}

const NAME = /^[a-z_][a-z0-9_]*$/;

function toDir(dir: string | URL): string {
  const path = dir instanceof URL || dir.startsWith("file:") ? fileURLToPath(dir) : dir;
  // import.meta.url names a file; its folder is what we want.
  return isFile(path) ? resolve(path, "..") : resolve(path);
}

function folder(base: string, given: string | undefined, fallback: string): string | undefined {
  if (given !== undefined) return isAbsolute(given) ? given : join(base, given);
  const path = join(base, fallback);
  return existsSync(path) ? path : undefined;
}

function appError(message: string): ProjectError {
  return new ProjectError(ERR_PROJECT_APP, message);
}

/**
 * Define an app.
 * @throws {ProjectError} `FLG_ERR_PROJECT_APP` for a bad name or label, or a model whose label
 *   belongs to another app.
 * @example
 * export default defineApp({
 *   name: "polls",
 *   dir: import.meta.dirname,
 *   models: [Question, Choice],
 *   routes: pollsRoutes,
 * });
 */
export function defineApp(spec: AppSpec): AppConfig {
  if (typeof spec?.name !== "string" || !NAME.test(spec.name)) {
    throw appError(
      `defineApp: name ${JSON.stringify(spec?.name)} must be a lower-case identifier (letters, digits, "_")`,
    );
  }
  const label = spec.label ?? spec.name;
  if (!NAME.test(label)) {
    throw appError(
      `defineApp(${spec.name}): label ${JSON.stringify(label)} must be a lower-case identifier`,
    );
  }
  if (spec.dir === undefined) {
    throw appError(`defineApp(${spec.name}): dir is required; pass import.meta.dirname`);
  }
  const dir = toDir(spec.dir);
  const models = [...(spec.models ?? [])];
  for (const m of models) {
    const modelLabel = m?.meta?.label;
    if (typeof modelLabel !== "string" || !modelLabel.startsWith(`${label}.`)) {
      throw appError(
        `defineApp(${spec.name}): model ${String(modelLabel)} does not belong to app "${label}"; its label must start with "${label}."`,
      );
    }
  }
  return Object.freeze({
    kind: "flagon.app",
    name: spec.name,
    label,
    dir,
    models: Object.freeze(models),
    routes: spec.routes,
    migrationsDir: folder(dir, spec.migrations, "migrations") ?? join(dir, "migrations"),
    templatesDir: folder(dir, spec.templates, "templates"),
    staticDir: folder(dir, spec.static, "static"),
    commands: Object.freeze([...(spec.commands ?? [])]),
    checks: Object.freeze([...(spec.checks ?? [])]),
    ready: spec.ready,
  });
}

/** True for what `defineApp` returns. */
export function isAppConfig(value: unknown): value is AppConfig {
  return (value as { kind?: unknown } | null)?.kind === "flagon.app";
}
