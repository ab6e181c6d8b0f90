/**
 * The project's own system checks (Django's `check` framework, project part): folders named in
 * settings that do not exist, a migrations path that is a file, two models with one label or one
 * table, a database URL that cannot work, sessions without a key, and the production settings
 * `--deploy` looks at. IDs are stable (`flagon.project.E001`); every one is listed in
 * docs/reference/checks.md. None of them opens a database connection.
 * @module
 */
import { existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { CheckMessage } from "../conf/index.ts";
import { parseDatabaseUrl } from "../orm/index.ts";
import type { ProjectSettings } from "./define-settings.ts";
import { isDirectory } from "./fs-kind.ts";
import { staticFolders } from "./project-static.ts";

/** The tag (`flagon check --tag`) of each check ID; app and project checks are tagged "apps". */
const TAGS: Readonly<Record<string, string>> = {
  "flagon.E001": "security",
  "flagon.E002": "security",
  "flagon.E003": "security",
  "flagon.W001": "security",
  "flagon.W002": "security",
  "flagon.W003": "security",
  "flagon.project.E001": "templates",
  "flagon.project.E002": "staticfiles",
  "flagon.project.E003": "migrations",
  "flagon.project.E004": "models",
  "flagon.project.E005": "models",
  "flagon.project.E006": "database",
  "flagon.project.E007": "database",
  "flagon.project.W001": "sessions",
  "flagon.project.W002": "security",
  "flagon.project.W003": "staticfiles",
  "flagon.project.W004": "models",
};

/** Every tag `--tag` accepts. */
export const CHECK_TAGS: readonly string[] = [...new Set([...Object.values(TAGS), "apps"])].sort();

/** The tag of a check message: a built-in's own, "apps" for an app's or the project's checks. */
export function checkTag(id: string): string {
  return TAGS[id] ?? "apps";
}

const msg = (id: string, level: CheckMessage["level"], message: string, hint: string) =>
  Object.freeze({ id, level, message, hint });

function folderChecks(settings: ProjectSettings): CheckMessage[] {
  const out: CheckMessage[] = [];
  for (const f of settings.templates.folders) {
    if (!isDirectory(f))
      out.push(
        msg(
          "flagon.project.E001",
          "error",
          `The template folder ${f} does not exist.`,
          "Create it, or remove it from settings.templates.folders.",
        ),
      );
  }
  for (const f of settings.static.folders) {
    if (!isDirectory(f))
      out.push(
        msg(
          "flagon.project.E002",
          "error",
          `The static folder ${f} does not exist.`,
          "Create it, or remove it from settings.static.folders.",
        ),
      );
  }
  for (const app of settings.installedApps) {
    for (const [kind, dir, id] of [
      ["template", app.templatesDir, "flagon.project.E001"],
      ["static", app.staticDir, "flagon.project.E002"],
    ] as const) {
      if (dir !== undefined && !isDirectory(dir))
        out.push(
          msg(
            id,
            "error",
            `App "${app.label}": the ${kind} folder ${dir} does not exist.`,
            `Create it, or drop the ${kind === "template" ? "templates" : "static"} option from defineApp.`,
          ),
        );
    }
    if (existsSync(app.migrationsDir) && !statSync(app.migrationsDir).isDirectory())
      out.push(
        msg(
          "flagon.project.E003",
          "error",
          `App "${app.label}": the migrations path ${app.migrationsDir} is a file, not a folder.`,
          "Move the file away; makemigrations writes one file per migration into that folder.",
        ),
      );
  }
  return out;
}

function modelChecks(settings: ProjectSettings): CheckMessage[] {
  const out: CheckMessage[] = [];
  const labels = new Map<string, string>();
  const tables = new Map<string, string>();
  for (const app of settings.installedApps) {
    for (const m of app.models) {
      const { label, table } = m.meta;
      const seen = labels.get(label);
      if (seen !== undefined)
        out.push(
          msg(
            "flagon.project.E004",
            "error",
            `The model label ${label} is used twice (apps "${seen}" and "${app.label}").`,
            "Give one of the models another name, or list the model in one app only.",
          ),
        );
      else labels.set(label, app.label);
      const owner = tables.get(table);
      if (owner !== undefined && owner !== label)
        out.push(
          msg(
            "flagon.project.E005",
            "error",
            `The models ${owner} and ${label} use the same table "${table}".`,
            "Set a different table name on one of them (model options: table).",
          ),
        );
      else tables.set(table, label);
    }
  }
  return out;
}

/**
 * A unique constraint with a condition on a project with a MySQL/MariaDB database: those have no
 * partial indexes, so the constraint is not created there (Django's models.W036).
 */
function conditionalUniqueChecks(settings: ProjectSettings): CheckMessage[] {
  const mysql = Object.values(settings.databases).some((setting) => {
    try {
      const url = typeof setting === "string" ? setting : setting?.url;
      return parseDatabaseUrl(url as string).vendor === "mysql";
    } catch {
      return false;
    }
  });
  if (!mysql) return [];
  const out: CheckMessage[] = [];
  for (const app of settings.installedApps)
    for (const m of app.models)
      for (const c of m.meta.constraints)
        if (c.kind === "unique" && c.condition !== undefined)
          out.push(
            msg(
              "flagon.project.W004",
              "warning",
              `${m.meta.label}: MySQL/MariaDB do not support unique constraints with conditions; "${c.name}" is not created there.`,
              "Enforce it in code on those databases, or drop the condition.",
            ),
          );
  return out;
}

function databaseChecks(settings: ProjectSettings): CheckMessage[] {
  const out: CheckMessage[] = [];
  for (const [alias, setting] of Object.entries(settings.databases)) {
    const url = typeof setting === "string" ? setting : setting?.url;
    let config: ReturnType<typeof parseDatabaseUrl>;
    try {
      config = parseDatabaseUrl(url as string);
    } catch (err) {
      out.push(
        msg(
          "flagon.project.E006",
          "error",
          `Database "${alias}": ${(err as Error).message}.`,
          "Fix the URL in settings.databases (or the DATABASE_URL variable); see docs/databases.md.",
        ),
      );
      continue;
    }
    if (
      config.vendor === "sqlite" &&
      config.path !== ":memory:" &&
      !isDirectory(dirname(config.path))
    )
      out.push(
        msg(
          "flagon.project.E007",
          "error",
          `Database "${alias}": the folder of the SQLite file ${config.path} does not exist.`,
          "Create the folder; SQLite creates the file itself but not the folders above it.",
        ),
      );
  }
  return out;
}

/** The project checks; `deploy` adds the production ones. */
export function projectChecks(
  settings: ProjectSettings,
  options: { deploy?: boolean } = {},
): CheckMessage[] {
  const deploy = options.deploy ?? !settings.debug;
  const out = [
    ...folderChecks(settings),
    ...modelChecks(settings),
    ...conditionalUniqueChecks(settings),
    ...databaseChecks(settings),
  ];
  if (settings.sessions !== false && settings.secretKey === undefined)
    out.push(
      msg(
        "flagon.project.W001",
        "warning",
        "Sessions are on but secretKey is not set, so the session middleware is not installed.",
        "Set secretKey (FLAGON_SECRET_KEY), or turn sessions off with sessions: false.",
      ),
    );
  if (!deploy) return out;
  if (settings.allowedHosts === undefined)
    out.push(
      msg(
        "flagon.project.W002",
        "warning",
        "allowedHosts is not set, so only localhost, 127.0.0.1 and [::1] are accepted as Host.",
        "List the site's host names in allowedHosts (e.g. env.list('FLAGON_ALLOWED_HOSTS')).",
      ),
    );
  if (staticFolders(settings).length > 0 && !isDirectory(settings.static.root))
    out.push(
      msg(
        "flagon.project.W003",
        "warning",
        `The static root ${settings.static.root} does not exist, so no static file is served.`,
        'Run "flagon collectstatic" as part of the deployment.',
      ),
    );
  return out;
}
