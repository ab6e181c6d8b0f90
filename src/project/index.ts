/**
 * `flagon/project`: a project made of installed apps. `defineApp` describes an app,
 * `defineSettings` the project's settings, `createProject` assembles them into a running app
 * with its databases, templates and static files, and `loadProject` finds and loads the
 * settings file the way the `flagon` command does.
 * @module
 */
export type { CliIo, Command, CommandArgs, CommandOption } from "./command.ts";
export { type CreateProjectOptions, createProject, type Project } from "./create-project.ts";
export {
  type AppCheck,
  type AppConfig,
  type AppSpec,
  defineApp,
  isAppConfig,
} from "./define-app.ts";
export {
  defineSettings,
  isProjectSettings,
  type ProjectSettings,
  type SettingsInput,
  type SettingsSpec,
  type StaticSettings,
} from "./define-settings.ts";
export {
  ERR_PROJECT_APP,
  ERR_PROJECT_NOT_FOUND,
  ERR_PROJECT_SETTINGS,
  ProjectError,
} from "./errors.ts";
export {
  findSettingsFile,
  loadProject,
  type LoadProjectOptions,
  loadSettings,
} from "./load-project.ts";
export { mountProjectStatic, staticFolders } from "./project-static.ts";
