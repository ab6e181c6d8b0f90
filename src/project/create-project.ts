/**
 * `createProject(settings)`: assemble a project from its settings: configure the databases,
 * create the Flagon app, install sessions, templates (project folders first, then each app's)
 * and static files, mount each app's routes in `installedApps` order and the project's routes
 * last, then run each app's `ready` hook. The CLI, the test runner and a project's own
 * `app.ts` all build the project this one way.
 * @module
 */
import { App } from "../core/index.ts";
import { nodeRuntime } from "../adapters/index.ts";
import { type CheckMessage, checkSettings } from "../conf/index.ts";
import type { MigrationsApp } from "../migrations/index.ts";
import {
  type AnyModel,
  configureDatabases,
  type DatabaseSettings,
  type Databases,
  detectNPlusOne,
} from "../orm/index.ts";
import { renderDebugPage } from "../middleware/index.ts";
import { sessions } from "../sessions/index.ts";
import { type AppTemplates, useTemplates } from "../templates/index.ts";
import { projectChecks } from "./checks.ts";
import type { AppConfig } from "./define-app.ts";
import type { ProjectSettings } from "./define-settings.ts";
import { projectStatic } from "./project-static.ts";

export interface CreateProjectOptions {
  /** Use these databases instead of the settings' (the test runner's test database). */
  readonly databases?: DatabaseSettings;
}

export interface Project {
  readonly settings: ProjectSettings;
  readonly apps: readonly AppConfig[];
  /** The Flagon app: `project.app.listen()`, or drive it with `TestClient`. */
  readonly app: App;
  readonly databases: Databases;
  readonly templates: AppTemplates;
  /** Every model of every installed app, in app order. */
  models(): AnyModel[];
  /** The apps as the migrations commands take them. */
  migrationsApps(): MigrationsApp[];
  /** The app with this label, if installed. */
  getApp(label: string): AppConfig | undefined;
  /** Settings checks plus every app's and the project's own checks. */
  check(options?: { deploy?: boolean }): Promise<CheckMessage[]>;
  /** Close the database connections. */
  close(): Promise<void>;
}

/**
 * The settings' databases, with `default` switched to FLAGON_TEST_DATABASE_URL when that is set:
 * `flagon test` sets it for the test processes, so every way of building the project in a test
 * (`loadProject`, the project's own `app.ts`) lands on the test database.
 */
function testDatabases(databases: DatabaseSettings): DatabaseSettings {
  const url = process.env.FLAGON_TEST_DATABASE_URL;
  return url === undefined || url === "" ? databases : { ...databases, default: url };
}

/**
 * Build the project. Databases connect lazily, on first query.
 * @example
 * // app.ts
 * import settings from "./settings.ts";
 * export const project = await createProject(settings);
 * export default project.app;
 */
export async function createProject(
  settings: ProjectSettings,
  options: CreateProjectOptions = {},
): Promise<Project> {
  const databases = configureDatabases(options.databases ?? testDatabases(settings.databases), {
    routers: settings.databaseRouters,
  });
  const staticFiles = projectStatic(settings);
  const app = new App(
    {
      ...settings.app,
      converters: { ...settings.app.converters, ...staticFiles.converters },
      debug: settings.debug,
      ...(settings.secretKey === undefined ? {} : { secretKey: settings.secretKey }),
      ...(settings.allowedHosts === undefined ? {} : { allowedHosts: settings.allowedHosts }),
    },
    { ...nodeRuntime(), renderDebugError: renderDebugPage },
  );
  const nPlusOne = settings.nPlusOneThreshold;
  if (settings.debug && nPlusOne !== false) {
    // First, so the count covers every query of the request, whatever middleware runs it.
    app.use((_ctx, next) => detectNPlusOne(next, { threshold: nPlusOne, logger: app.logger }));
  }
  if (settings.sessions !== false && settings.secretKey !== undefined) {
    app.use(sessions(settings.sessions));
  }
  const apps = settings.installedApps;
  const templates = useTemplates(app, {
    ...settings.templates,
    folders: [
      ...settings.templates.folders,
      ...apps.flatMap((a) => (a.templatesDir === undefined ? [] : [a.templatesDir])),
    ],
  });
  staticFiles.mount(app);
  for (const a of apps) if (a.routes !== undefined) app.register(a.routes);
  if (settings.routes !== undefined) app.register(settings.routes);
  app.onShutdown(() => databases.closeAll());

  const project: Project = {
    settings,
    apps,
    app,
    databases,
    templates,
    models: () => apps.flatMap((a) => [...a.models]),
    migrationsApps: () =>
      apps.map((a) => ({ label: a.label, models: a.models, migrationsDir: a.migrationsDir })),
    getApp: (label) => apps.find((a) => a.label === label),
    async check({ deploy } = {}) {
      // https lives with the other app options; the settings checks look for it at the top.
      const checked = { ...settings, https: settings.app.https === true };
      const out = [...checkSettings(checked, deploy === undefined ? {} : { deploy })];
      out.push(...projectChecks(settings, deploy === undefined ? {} : { deploy }));
      const context = { deploy: deploy ?? !settings.debug };
      for (const c of [...apps.flatMap((a) => a.checks), ...settings.checks]) {
        out.push(...(await c(context)));
      }
      return out;
    },
    close: () => databases.closeAll(),
  };
  for (const a of apps) await a.ready?.();
  return project;
}
