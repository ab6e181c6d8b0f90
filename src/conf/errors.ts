/**
 * Coded errors of the settings layer. Each one lists every problem at once: a deploy that fails on
 * the first bad variable, then on the next, costs one round trip per typo.
 * @module
 */
import { FlagonError } from "../utils/index.ts";

/** One bad or missing setting: the environment variable and what is wrong with it. */
export interface SettingProblem {
  /** The environment variable, e.g. `PORT`. */
  readonly name: string;
  /** The key path in the settings object, e.g. `db.url`. */
  readonly path: string;
  readonly problem: string;
}

/** `FLG_ERR_SETTINGS_INVALID`: one or more settings are missing or unreadable. */
export class SettingsError extends FlagonError {
  readonly problems: readonly SettingProblem[];

  constructor(problems: readonly SettingProblem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = problems.map((p) => `  ${p.name}: ${p.problem}`).join("\n");
    super("FLG_ERR_SETTINGS_INVALID", `Invalid settings (${count}):\n${lines}`, 500);
    this.problems = Object.freeze([...problems]);
  }
}

/** One unreadable line of a `.env` file. */
export interface EnvFileProblem {
  readonly line: number;
  readonly problem: string;
}

/** `FLG_ERR_ENV_FILE_INVALID`: a `.env` file has lines that are not `KEY=value`. */
export class EnvFileError extends FlagonError {
  readonly file: string;
  readonly problems: readonly EnvFileProblem[];

  constructor(file: string, problems: readonly EnvFileProblem[]) {
    const lines = problems.map((p) => `  ${file}:${p.line}: ${p.problem}`).join("\n");
    super("FLG_ERR_ENV_FILE_INVALID", `Cannot read ${file}:\n${lines}`, 500);
    this.file = file;
    this.problems = Object.freeze([...problems]);
  }
}

/** `FLG_ERR_NOT_DEPLOYABLE`: an error-level system check failed in production. */
export class NotDeployableError extends FlagonError {
  readonly ids: readonly string[];

  constructor(messages: readonly { id: string; message: string; hint: string }[]) {
    const lines = messages.map((m) => `  ${m.id}: ${m.message}\n    hint: ${m.hint}`).join("\n");
    super("FLG_ERR_NOT_DEPLOYABLE", `The settings are not safe for production:\n${lines}`, 500);
    this.ids = Object.freeze(messages.map((m) => m.id));
  }
}
