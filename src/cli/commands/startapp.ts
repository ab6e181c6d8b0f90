/**
 * `flagon startapp NAME [DIR]`: write a new app (app.ts, models, routes under /NAME, a template,
 * an empty migrations folder and a test), then install it: when the project's settings file is
 * still in the form `startproject` wrote, the app is imported and appended to `installedApps`;
 * otherwise the lines to add are printed.
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { usageError } from "../errors.ts";
import { addInstalledApp, installPlan } from "../install-app.ts";
import type { CliIo, Command } from "../registry.ts";
import { assertEmptyTarget, writeScaffold } from "../scaffold.ts";
import { checkAppName } from "../scaffold-names.ts";

/** `./blog/app.ts` style: posix separators, always starting with `.`. */
function importPath(from: string, to: string): string {
  const rel = relative(from, to).split(sep).join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

async function settingsFile(io: CliIo): Promise<string | undefined> {
  const { findSettingsFile } = await import("../../project/index.ts");
  try {
    return findSettingsFile({ cwd: io.cwd, env: io.env });
  } catch {
    return undefined;
  }
}

/** The project's app file the app's test imports, relative to the app folder. */
function projectAppImport(target: string, settings: string | undefined): string {
  const file = settings === undefined ? undefined : join(dirname(settings), "app.ts");
  return file !== undefined && existsSync(file) ? importPath(target, file) : "../app.ts";
}

/** Install the app in the settings file when that is safe; returns what to tell the user. */
function install(io: CliIo, name: string, target: string, settings?: string): string {
  if (settings === undefined) {
    return `No settings file here: import the app's app.ts in your settings and list it in installedApps.\n`;
  }
  const shownSettings = relative(io.cwd, settings) || settings;
  const text = readFileSync(settings, "utf8");
  const plan = installPlan(text, name, importPath(dirname(settings), join(target, "app.ts")));
  const inside = !relative(dirname(settings), target).startsWith("..");
  const edited = inside ? addInstalledApp(text, plan) : undefined;
  if (edited !== undefined) {
    writeFileSync(settings, edited);
    return `Added ${name} to installedApps in ${shownSettings}.\n`;
  }
  return `Install it by hand; in ${shownSettings} add\n  ${plan.importLine}\nand list ${plan.variable} in installedApps.\n`;
}

export const startappCommand: Command = {
  name: "startapp",
  summary: "Create a new app (models, routes, templates, migrations, a test) and install it",
  usage: "NAME [DIR]",
  description: `
Writes an app named NAME into the folder DIR (default: ./NAME), which must not exist or be
empty. NAME is a lower-case identifier: letters, digits and "_". When the project's settings
file still has the form startproject wrote, the app is added to installedApps; otherwise the
lines to add are printed.`,
  maxPositionals: 2,
  async run({ positionals, io }) {
    const [name, dir] = positionals;
    if (name === undefined) throw usageError("flagon startapp: give the app a name");
    checkAppName(name);
    const target = resolve(io.cwd, dir ?? name);
    const shown = relative(io.cwd, target) || ".";
    assertEmptyTarget("startapp", target, shown);
    const settings = await settingsFile(io);
    const files = writeScaffold("app", target, {
      APP_NAME: name,
      PROJECT_APP_IMPORT: projectAppImport(target, settings),
    });
    io.out(`Created app ${name} in ${shown}/ (${files.length} files)\n`);
    io.out(install(io, name, target, settings));
    io.out(
      `\nNext: describe its data in ${join(shown, "models.ts")}, then run "flagon makemigrations" and "flagon migrate".\n`,
    );
    return 0;
  },
};
