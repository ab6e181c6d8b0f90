/**
 * The command registry: each command declares its name, a one-line summary, its usage and its
 * options (in `node:util` `parseArgs` form), and a `run` function. Later batteries add their
 * commands (`migrate`, `createsuperuser` ...) with `registerCommand`, and `flagon help` lists
 * whatever is registered.
 * @module
 */
import type { Command } from "../project/index.ts";
import { CliError, ERR_CLI_COMMAND } from "./errors.ts";

export type { CliIo, Command, CommandArgs, CommandOption } from "../project/index.ts";

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
