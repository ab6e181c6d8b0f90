/**
 * `flagon help [command]` and `flagon version`.
 * @module
 */
import { usageError } from "../errors.ts";
import { commandHelp, generalHelp } from "../help-text.ts";
import type { Command, CommandRegistry } from "../registry.ts";
import { flagonVersion } from "../version.ts";

export function helpCommand(registry: CommandRegistry): Command {
  return {
    name: "help",
    summary: "Show the commands, or one command's arguments and options",
    usage: "[command]",
    maxPositionals: 1,
    run({ positionals, io }) {
      const name = positionals[0];
      if (name === undefined) {
        io.out(generalHelp(registry));
        return 0;
      }
      const command = registry.get(name);
      if (command === undefined)
        throw usageError(`flagon help: unknown command ${JSON.stringify(name)}`);
      io.out(commandHelp(command));
      return 0;
    },
  };
}

export const versionCommand: Command = {
  name: "version",
  summary: "Print the Flagon version",
  run({ io }) {
    io.out(`${flagonVersion()}\n`);
    return 0;
  },
};
