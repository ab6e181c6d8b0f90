/**
 * The `flagon` command line: the dispatcher and its registry, for batteries that add commands.
 * @module
 */
export { DEFAULT_APP_FILES, findAppFile } from "./app-file.ts";
export {
  CliError,
  ERR_CLI_APP_NOT_FOUND,
  ERR_CLI_COMMAND,
  ERR_CLI_USAGE,
  EXIT_USAGE,
  usageError,
} from "./errors.ts";
export { main, processIo, registerCommand, registry } from "./main.ts";
export { type CliIo, type Command, type CommandArgs, CommandRegistry } from "./registry.ts";
export { flagonVersion } from "./version.ts";
