/**
 * Coded CLI errors. A `CliError` is a usage problem (unknown command, bad option, missing app
 * file): the dispatcher prints its message on one line and exits with `exitCode`, never a stack.
 * @module
 */
import { FlagonError } from "../utils/index.ts";

/** Unknown command, unknown or malformed option, too many arguments. */
export const ERR_CLI_USAGE = "FLG_ERR_CLI_USAGE";
/** The app file given (or looked for by default) does not exist. */
export const ERR_CLI_APP_NOT_FOUND = "FLG_ERR_CLI_APP_NOT_FOUND";
/** A command name registered twice, or not a lower-case word. */
export const ERR_CLI_COMMAND = "FLG_ERR_CLI_COMMAND";

/** Exit status for usage errors, as in most Unix tools. */
export const EXIT_USAGE = 2;

export class CliError extends FlagonError {
  readonly exitCode: number;

  constructor(code: string, message: string, exitCode = EXIT_USAGE) {
    super(code, message, 500);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

export function usageError(message: string): CliError {
  return new CliError(ERR_CLI_USAGE, message);
}

/** `flagon dbshell`: the database's command-line client is not installed or not on PATH. */
export const ERR_CLI_CLIENT = "FLG_ERR_CLI_CLIENT";
