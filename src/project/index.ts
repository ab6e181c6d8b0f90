/**
 * `flagon/project`: a project made of installed apps. `defineApp` describes an app,
 * `defineSettings` the project's settings, `createProject` assembles them into a running app
 * with its databases, templates and static files, and `loadProject` finds and loads the
 * settings file the way the `flagon` command does.
 * @module
 */
export { CHECK_TAGS, checkTag, projectChecks } from "./checks.ts";
export {
  type CollectStaticOptions,
  type CollectStaticResult,
  type CollectStep,
  collectStatic,
} from "./collectstatic.ts";
export type { FoundFile } from "./collectstatic-find.ts";
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
  ERR_COLLECTSTATIC,
  ERR_FIXTURE_FIELD,
  ERR_FIXTURE_FORMAT,
  ERR_FIXTURE_MODEL,
  ERR_FIXTURE_NOT_FOUND,
  ERR_FIXTURE_ROW,
  ERR_PROJECT_APP,
  ERR_PROJECT_NOT_FOUND,
  ERR_PROJECT_SETTINGS,
  ERR_STATIC_MANIFEST,
  FixtureError,
  ProjectError,
} from "./errors.ts";
export {
  type DumpFixturesOptions,
  dumpFixtures,
  type FixtureRecord,
  type LoadFixturesOptions,
  loadFixtures,
} from "./fixtures.ts";
export {
  findSettingsFile,
  loadProject,
  type LoadProjectOptions,
  loadSettings,
} from "./load-project.ts";
export {
  HASHED_MAX_AGE,
  type ProjectStatic,
  projectStatic,
  staticFolders,
  UNHASHED_MAX_AGE,
} from "./project-static.ts";
export {
  contentHash,
  hashedName,
  MANIFEST_NAME,
  readStaticManifest,
  type StaticManifest,
} from "./static-manifest.ts";
