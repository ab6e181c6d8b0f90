/**
 * The `flagon` command: global flags (`--help`, `--version`), then a registered command by
 * name. Usage mistakes are one line on stderr and exit status 2; only an unexpected failure of
 * Flagon itself shows a stack, and only with FLAGON_DEBUG=1.
 *
 * Run through `bin/flagon.js`, or directly: `node src/cli/main.ts runserver`.
 * @module
 */
import {
  checkCommand,
  collectstaticCommand,
  dbshellCommand,
  dumpdataCommand,
  helpCommand,
  loaddataCommand,
  makemigrationsCommand,
  migrateCommand,
  routesCommand,
  runserverCommand,
  serveCommand,
  shellCommand,
  showmigrationsCommand,
  sqlmigrateCommand,
  squashmigrationsCommand,
  startappCommand,
  startprojectCommand,
  testCommand,
  versionCommand,
} from "./commands/index.ts";
import { CliError, usageError } from "./errors.ts";
import { commandHelp, generalHelp } from "./help-text.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import type { Project, ProjectSettings } from "../project/index.ts";
import { isFlagonError } from "../utils/index.ts";
import { type CliIo, type Command, CommandRegistry } from "./registry.ts";
import { flagonVersion } from "./version.ts";

/** The commands `flagon` knows; batteries add theirs with `registerCommand`. */
export const registry = new CommandRegistry();
registry
  .register(helpCommand(registry))
  .register(makemigrationsCommand)
  .register(migrateCommand)
  .register(showmigrationsCommand)
  .register(sqlmigrateCommand)
  .register(squashmigrationsCommand)
  .register(dumpdataCommand)
  .register(loaddataCommand)
  .register(shellCommand)
  .register(dbshellCommand)
  .register(versionCommand)
  .register(runserverCommand)
  .register(serveCommand)
  .register(checkCommand)
  .register(collectstaticCommand)
  .register(routesCommand)
  .register(startprojectCommand)
  .register(startappCommand)
  .register(testCommand);

export function registerCommand(command: Command): void {
  registry.register(command);
}

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdin.isTTY === true && process.stdout.isTTY === true,
  };
}

const isHelp = (a: string) => a === "--help" || a === "-h";

/** `--settings FILE` (or `--settings=FILE`) is global: every command that loads the project uses it. */
function takeSettingsOption(argv: readonly string[]): { settings?: string; argv: string[] } {
  const out: string[] = [];
  let settings: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      out.push(...argv.slice(i));
      break;
    }
    if (a === "--settings") {
      settings = argv[++i];
      if (settings === undefined || settings.startsWith("-"))
        throw usageError("flagon: --settings needs a file");
    } else if (a.startsWith("--settings=")) settings = a.slice("--settings=".length);
    else out.push(a);
  }
  return settings === undefined ? { argv: out } : { settings, argv: out };
}

type ProjectLoader = (() => Promise<Project>) & { loaded?: Project };

/** Loads the project on first call only, and remembers it so the CLI can close it. */
function projectLoader(io: CliIo, settings: string | undefined): ProjectLoader {
  let pending: Promise<Project> | undefined;
  const load: ProjectLoader = () => {
    // Imported here, not at the top: the project pulls in the ORM, migrations and templates,
    // which `flagon --version`, `help` and `startproject` never need.
    pending ??= import("../project/index.ts")
      .then(({ loadProject }) =>
        loadProject({ cwd: io.cwd, env: io.env, ...(settings ? { settings } : {}) }),
      )
      .then((p) => {
        load.loaded = p;
        return p;
      });
    return pending;
  };
  return load;
}

/** A command contributed by an installed app (`defineApp({ commands })`), if in a project. */
async function appCommand(
  name: string,
  io: CliIo,
  settings: string | undefined,
): Promise<Command | undefined> {
  let found: ProjectSettings;
  try {
    const { loadSettings } = await import("../project/index.ts");
    found = await loadSettings({ cwd: io.cwd, env: io.env, ...(settings ? { settings } : {}) });
  } catch {
    return undefined;
  }
  for (const app of found.installedApps) {
    const command = app.commands.find((c) => c.name === name);
    if (command !== undefined) return command;
  }
  return undefined;
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || isHelp(first)) {
    io.out(generalHelp(registry));
    return 0;
  }
  if (first === "--version" || first === "-v") {
    io.out(`${flagonVersion()}\n`);
    return 0;
  }
  if (first.startsWith("-"))
    throw usageError(`flagon: unknown option ${JSON.stringify(first)} (run "flagon help")`);
  const { settings, argv: restArgs } = takeSettingsOption(rest);
  const project = projectLoader(io, settings);
  const command = registry.get(first) ?? (await appCommand(first, io, settings));
  if (command === undefined) {
    throw usageError(
      `flagon: unknown command ${JSON.stringify(first)} (run "flagon help" for the list)`,
    );
  }
  // `--` ends the options: a `--help` after it is an argument, not a request for help.
  const end = restArgs.indexOf("--");
  if ((end === -1 ? restArgs : restArgs.slice(0, end)).some(isHelp)) {
    io.out(commandHelp(command));
    return 0;
  }
  const parsed = parseCommandArgs(command, restArgs);
  try {
    return (await command.run({ ...parsed, io, project, ...(settings ? { settings } : {}) })) ?? 0;
  } finally {
    await project.loaded?.close();
  }
}

/** Run the CLI on `argv` (without `node` and the script); resolves with the exit status. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.err(`${err.message}\n`);
      return err.exitCode;
    }
    // A coded error says what is wrong (no settings file, a bad setting, a broken migration):
    // one line, no stack.
    if (isFlagonError(err)) {
      io.err(`flagon ${argv[0] ?? ""}: ${err.message} [${err.code}]\n`);
      return 1;
    }
    const detail =
      io.env.FLAGON_DEBUG === "1" && err instanceof Error
        ? `\n${err.stack}`
        : " (set FLAGON_DEBUG=1 for details)";
    io.err(
      `flagon: unexpected error: ${err instanceof Error ? err.message : String(err)}${detail}\n`,
    );
    return 1;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
