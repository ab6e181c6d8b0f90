/**
 * Finding and loading a project's settings the way the `flagon` command does: the file named by
 * `--settings`, else the FLAGON_SETTINGS variable, else `settings.ts` (then `src/settings.ts`,
 * then the `.js` forms) in the current directory. The file's default export (or its export
 * named `settings`) must be what `defineSettings` returns.
 * @module
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isFlagonError } from "../utils/index.ts";
import { type CreateProjectOptions, createProject, type Project } from "./create-project.ts";
import { isProjectSettings, type ProjectSettings } from "./define-settings.ts";
import { isFile } from "./fs-kind.ts";
import { ERR_PROJECT_NOT_FOUND, ERR_PROJECT_SETTINGS, ProjectError } from "./errors.ts";

export const DEFAULT_SETTINGS_FILES: readonly string[] = [
  "settings.ts",
  "src/settings.ts",
  "settings.js",
  "src/settings.js",
];

export interface LoadProjectOptions extends CreateProjectOptions {
  /** Where to look. @default process.cwd() */
  readonly cwd?: string;
  /** A settings file, relative to `cwd` (the `--settings` option). */
  readonly settings?: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** The absolute path of the settings file, or a `ProjectError` naming what was looked for. */
export function findSettingsFile(options: LoadProjectOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const given = options.settings ?? (options.env ?? process.env).FLAGON_SETTINGS;
  if (given !== undefined && given !== "") {
    const path = resolve(cwd, given);
    if (isFile(path)) return path;
    throw new ProjectError(ERR_PROJECT_NOT_FOUND, `settings file not found: ${path}`);
  }
  for (const name of DEFAULT_SETTINGS_FILES) {
    const path = resolve(cwd, name);
    if (isFile(path)) return path;
  }
  throw new ProjectError(
    ERR_PROJECT_NOT_FOUND,
    `no Flagon project here: none of ${DEFAULT_SETTINGS_FILES.join(", ")} exists in ${cwd} (run the command in the project folder, pass --settings FILE, or create a project with "flagon startproject NAME")`,
  );
}

/** Import the settings file and return its settings. */
export async function loadSettings(options: LoadProjectOptions = {}): Promise<ProjectSettings> {
  const file = findSettingsFile(options);
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (err) {
    // A Flagon error (a bad env variable, a wrong app) already says what is wrong.
    if (isFlagonError(err)) throw err;
    throw new ProjectError(
      ERR_PROJECT_SETTINGS,
      `the settings file ${file} failed to load: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  const settings = mod.default ?? mod.settings;
  if (!isProjectSettings(settings)) {
    throw new ProjectError(
      ERR_PROJECT_SETTINGS,
      `${file} must export defineSettings({...}) as its default export`,
    );
  }
  return settings;
}

/** Find, import and assemble the project. */
export async function loadProject(options: LoadProjectOptions = {}): Promise<Project> {
  return createProject(await loadSettings(options), options);
}
