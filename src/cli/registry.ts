/**
 * The command registry: each command declares its name, a one-line summary, its usage and its
 * options (in `node:util` `parseArgs` form), and a `run` function. Later batteries add their
 * commands (`migrate`, `createsuperuser` ...) with `registerCommand`, and `flagon help` lists
 * whatever is registered.
 * @module
 */
import { CliError, ERR_CLI_COMMAND } from "./errors.ts";

/** Where a command writes; tests and embedders can capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface CommandArgs {
  /** Parsed options by long name. */
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  io: CliIo;
}

/** One option of a command: `--name <value>` (string) or `--name` (boolean). */
export interface CommandOption {
  type: "string" | "boolean";
  /** One-letter alias: `p` for `-p`. */
  short?: string;
  /** Shown by `flagon help <command>`. */
  description: string;
}

export interface Command {
  /** Lower-case word, as typed: `runserver`. */
  name: string;
  /** One line for `flagon help`. */
  summary: string;
  /** Arguments after the name, for the usage line: `[file] [--port N] [--host H]`. */
  usage?: string;
  /** Longer help shown by `flagon help <name>`. */
  description?: string;
  options?: Readonly<Record<string, CommandOption>>;
  /** Most positional arguments accepted. @default 0 */
  maxPositionals?: number;
  /** Resolves with the exit status (0 when nothing is returned). */
  run(args: CommandArgs): number | undefined | Promise<number | undefined>;
}

const NAME = /^[a-z][a-z0-9-]*$/;

export class CommandRegistry {
  readonly #commands = new Map<string, Command>();

  register(command: Command): this {
    if (!NAME.test(command.name)) {
      throw new CliError(
        ERR_CLI_COMMAND,
        `Command name "${command.name}" must be a lower-case word`,
        1,
      );
    }
    if (this.#commands.has(command.name)) {
      throw new CliError(
        ERR_CLI_COMMAND,
        `A command named "${command.name}" is already registered`,
        1,
      );
    }
    this.#commands.set(command.name, command);
    return this;
  }

  get(name: string): Command | undefined {
    return this.#commands.get(name);
  }

  /** Every command, sorted by name. */
  list(): Command[] {
    return [...this.#commands.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
