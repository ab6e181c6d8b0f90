/**
 * Starting a project's server (project mode of `runserver` and `serve`): load the settings,
 * force debug on (development) or off (production), assemble the project, run the system checks
 * (errors stop the start), warn about unapplied migrations as Django does, then listen.
 * `runserver` runs this in its `node --watch` child, `serve` in its own process or in each
 * cluster worker (which skip the checks: the primary ran them once).
 * @module
 */
import { relative } from "node:path";
import type { CheckMessage } from "../conf/index.ts";
import { showmigrations } from "../migrations/index.ts";
import { createProject, loadSettings, type Project } from "../project/index.ts";
import { flagonVersion } from "./version.ts";

export type ServerMode = "development" | "production";

export interface ProjectServerOptions {
  /** Absolute path of the settings file. */
  readonly settingsFile: string;
  readonly mode: ServerMode;
  readonly port: number;
  readonly host: string;
  /** Run the system checks and the migrations warning first. @default true */
  readonly checks?: boolean;
  readonly cwd: string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** `flagon.E002 error: message (HINT: hint)`, the line `flagon check` prints. */
export function formatCheck(m: CheckMessage): string {
  return `${m.id} ${m.level}: ${m.message}${m.hint ? ` (HINT: ${m.hint})` : ""}`;
}

/** "System check identified 2 issues." in Django's words. */
export function checkSummary(count: number): string {
  return `System check identified ${count === 0 ? "no issues" : count === 1 ? "1 issue" : `${count} issues`}.`;
}

/** Load the settings with debug forced for the mode, and assemble the project. */
export async function loadServerProject(
  settingsFile: string,
  mode: ServerMode,
  cwd: string,
): Promise<Project> {
  const settings = await loadSettings({ cwd, settings: settingsFile });
  return createProject({ ...settings, debug: mode === "development" });
}

/** The "You have N unapplied migration(s)" line, or undefined when all are applied. */
export async function unappliedMigrations(project: Project): Promise<string | undefined> {
  const apps = project.migrationsApps();
  let list: Awaited<ReturnType<typeof showmigrations>>;
  try {
    list = await showmigrations({ apps, db: project.databases.get("default") });
  } catch (err) {
    return `Could not check for unapplied migrations: ${(err as Error).message}`;
  }
  const pending = list.filter((s) => !s.applied);
  if (pending.length === 0) return undefined;
  const labels = [...new Set(pending.map((s) => s.app))].join(", ");
  return `You have ${pending.length} unapplied migration(s). Your project may not work properly until you apply the migrations for app(s): ${labels}.\nRun "flagon migrate" to apply them.`;
}

/**
 * Run the checks for the mode. Development prints Django's report on stdout; production logs
 * warnings through the app's (JSON) logger. Returns false when an error stops the start.
 */
export async function runStartupChecks(
  project: Project,
  options: Pick<ProjectServerOptions, "mode" | "out" | "err">,
): Promise<boolean> {
  const production = options.mode === "production";
  // runserver turns debug on itself: "debug is on" (flagon.W001) is no news there.
  const messages = (await project.check({ deploy: production })).filter(
    (m) => production || m.id !== "flagon.W001",
  );
  const errors = messages.filter((m) => m.level === "error");
  const warnings = messages.filter((m) => m.level !== "error");
  if (errors.length > 0) {
    const command = production ? "serve" : "runserver";
    options.err(
      `flagon ${command}: not started: the system check found ${errors.length === 1 ? "1 error" : `${errors.length} errors`} (run "flagon check${production ? " --deploy" : ""}" for the full list):\n${errors.map((m) => `  ${formatCheck(m)}\n`).join("")}`,
    );
    return false;
  }
  if (production) {
    for (const m of warnings)
      project.app.logger.warn(`system check: ${m.message}`, { check: m.id, hint: m.hint });
    const migrations = await unappliedMigrations(project);
    if (migrations !== undefined) project.app.logger.warn(migrations.replace("\n", " "));
    return true;
  }
  options.out("Performing system checks...\n\n");
  if (warnings.length > 0)
    options.out(`WARNINGS:\n${warnings.map((m) => `${formatCheck(m)}\n`).join("")}\n`);
  options.out(`${checkSummary(warnings.length)}\n\n`);
  const migrations = await unappliedMigrations(project);
  if (migrations !== undefined) options.out(`${migrations}\n\n`);
  return true;
}

function banner(settingsFile: string, cwd: string, url: string): string {
  const now = new Date().toLocaleString("en-GB", {
    dateStyle: "long",
    timeStyle: "medium",
  });
  return `${now}\nFlagon version ${flagonVersion()}, using settings ${relative(cwd, settingsFile) || settingsFile}\nStarting development server at ${url}/\nQuit the server with Ctrl+C.\n`;
}

/** Start the project's server; resolves with 1 when a check error stops it, else undefined. */
export async function startProjectServer(o: ProjectServerOptions): Promise<number | undefined> {
  const project = await loadServerProject(o.settingsFile, o.mode, o.cwd);
  if ((o.checks ?? true) && !(await runStartupChecks(project, o))) {
    await project.close();
    return 1;
  }
  const server = (await project.app.listen(o.port, o.host)) as { url: string };
  if (o.mode === "development") o.out(banner(o.settingsFile, o.cwd, server.url));
  return undefined;
}
