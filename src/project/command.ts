/**
 * The shape of a `flagon` command. It lives here, below the CLI, so that an app can carry its
 * own commands (`defineApp({ commands })`) and the CLI can run them with the project loaded.
 * @module
 */
import type { Project } from "./create-project.ts";

/** Where a command writes; tests and embedders can capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /**
   * A person is at a terminal (stdin and stdout are TTYs): progress redraws one line and
   * questions are asked. Unset or false: plain lines, no questions.
   */
  readonly isTTY?: boolean;
}

export interface CommandArgs {
  /** Parsed options by long name. */
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  io: CliIo;
  /**
   * Load the project of the current directory (its settings file, apps and databases), once;
   * commands that need no project (startproject, help) never call it.
   */
  project(): Promise<Project>;
  /** The global `--settings FILE` option as given, for commands that pass it to a child process. */
  settings?: string;
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
