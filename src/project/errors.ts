/**
 * Coded project errors: a settings file that cannot be found or loaded, settings of the wrong
 * shape, an app defined wrongly. The CLI prints their message on one line, never a stack.
 * @module
 */
import { FlagonError } from "../utils/index.ts";

/** No settings file where one was looked for (`--settings`, FLAGON_SETTINGS, settings.ts). */
export const ERR_PROJECT_NOT_FOUND = "FLG_ERR_PROJECT_NOT_FOUND";
/** The settings file failed to load, or does not export `defineSettings(...)`'s result. */
export const ERR_PROJECT_SETTINGS = "FLG_ERR_PROJECT_SETTINGS";
/** An app given to `defineApp` or listed in `installedApps` is wrong (name, label, models). */
export const ERR_PROJECT_APP = "FLG_ERR_PROJECT_APP";

export class ProjectError extends FlagonError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, 500, options);
    this.name = "ProjectError";
  }
}
