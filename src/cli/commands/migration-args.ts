/**
 * What the migration commands share: the `--database` option, naming a migration by a unique
 * prefix (`0002` for `0002_add_votes`) as Django does, and asking rename questions on a
 * terminal (with no terminal, or `--no-input`, the library's rule holds: an unanswered rename
 * question is an error, never a silent drop-and-add).
 * @module
 */
import { createInterface } from "node:readline/promises";
import type { MigrationsApp, Questioner } from "../../migrations/index.ts";
import type { Database } from "../../orm/index.ts";
import type { CliIo, CommandOption, Project } from "../../project/index.ts";
import { usageError } from "../errors.ts";

export const databaseOption: CommandOption = {
  type: "string",
  description: "The database alias from settings (default: default)",
};

export const noInputOption: CommandOption = {
  type: "boolean",
  description: "Never ask: an unanswered rename question is an error",
};

export function databaseOf(
  project: Project,
  values: Record<string, string | boolean | undefined>,
): Database {
  const alias = values.database;
  return project.databases.get(typeof alias === "string" ? alias : "default");
}

/** Check the app label; `command` names the command in the error. */
export function appOf(project: Project, label: string, command: string): MigrationsApp {
  const app = project.migrationsApps().find((a) => a.label === label);
  if (app === undefined)
    throw usageError(`flagon ${command}: no installed app with the label "${label}"`);
  return app;
}

/** The full name of `app`'s migration named `prefix` (itself, or a unique prefix of one). */
export async function migrationName(
  project: Project,
  app: string,
  prefix: string,
  command: string,
): Promise<string> {
  const { loadGraph } = await import("../../migrations/index.ts");
  const graph = await loadGraph(project.migrationsApps());
  const names = [...graph.nodes.values()].filter((n) => n.app === app).map((n) => n.name);
  if (names.includes(prefix)) return prefix;
  const found = names.filter((n) => n.startsWith(prefix));
  if (found.length === 1) return found[0]!;
  throw usageError(
    found.length === 0
      ? `flagon ${command}: app "${app}" has no migration "${prefix}"`
      : `flagon ${command}: "${prefix}" matches several migrations of ${app}: ${found.join(", ")}`,
  );
}

/** Ask `message` with `[y/N]` on the terminal until answered; an empty answer is no. */
export async function askYesNo(message: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    for (;;) {
      const answer = (await rl.question(`${message} [y/N] `)).trim().toLowerCase();
      if (answer === "y" || answer === "yes") return true;
      if (answer === "" || answer === "n" || answer === "no") return false;
    }
  } finally {
    rl.close();
  }
}

/** Whether questions may be asked: a terminal, and no `--no-input`. */
export function interactive(io: CliIo, noInput: boolean): boolean {
  return !noInput && io.isTTY === true;
}

/** Rename questions asked on the terminal, or none (the library's no-input rule). */
export function questioner(io: CliIo, noInput: boolean): Questioner {
  if (!interactive(io, noInput)) return {};
  return { ask: (q) => askYesNo(q.message) };
}
