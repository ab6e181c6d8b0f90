/**
 * The `flagon` command: global flags (`--help`, `--version`), then a registered command by
 * name. Usage mistakes are one line on stderr and exit status 2; only an unexpected failure of
 * Flagon itself shows a stack, and only with FLAGON_DEBUG=1.
 *
 * Run through `bin/flagon.js`, or directly: `node src/cli/main.ts runserver`.
 * @module
 */
import { helpCommand, runserverCommand, serveCommand, versionCommand } from "./commands/index.ts";
import { CliError, usageError } from "./errors.ts";
import { commandHelp, generalHelp } from "./help-text.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { type CliIo, type Command, CommandRegistry } from "./registry.ts";
import { flagonVersion } from "./version.ts";

/** The commands `flagon` knows; batteries add theirs with `registerCommand`. */
export const registry = new CommandRegistry();
registry
  .register(helpCommand(registry))
  .register(versionCommand)
  .register(runserverCommand)
  .register(serveCommand);

export function registerCommand(command: Command): void {
  registry.register(command);
}

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
  };
}

const isHelp = (a: string) => a === "--help" || a === "-h";

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
  const command = registry.get(first);
  if (command === undefined) {
    throw usageError(
      `flagon: unknown command ${JSON.stringify(first)} (run "flagon help" for the list)`,
    );
  }
  // `--` ends the options: a `--help` after it is an argument, not a request for help.
  const end = rest.indexOf("--");
  if ((end === -1 ? rest : rest.slice(0, end)).some(isHelp)) {
    io.out(commandHelp(command));
    return 0;
  }
  const parsed = parseCommandArgs(command, rest);
  return (await command.run({ ...parsed, io })) ?? 0;
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
