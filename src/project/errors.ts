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

/** `staticfiles.json` is unreadable, or a path asked of it in production is not in it. */
export const ERR_STATIC_MANIFEST = "FLG_ERR_STATIC_MANIFEST";
/** `flagon collectstatic` refused: an unsafe root, a CSS reference to a missing file, a cycle. */
export const ERR_COLLECTSTATIC = "FLG_ERR_COLLECTSTATIC";

export class ProjectError extends FlagonError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, 500, options);
    this.name = "ProjectError";
  }
}

/** `loaddata`: no fixture file of that name in any app's `fixtures/` folder, nor as a path. */
export const ERR_FIXTURE_NOT_FOUND = "FLG_ERR_FIXTURE_NOT_FOUND";
/** A fixture file that is not a JSON list of `{ model, pk, fields }` objects. */
export const ERR_FIXTURE_FORMAT = "FLG_ERR_FIXTURE_FORMAT";
/** A fixture row (or a dumpdata label) names a model no installed app has. */
export const ERR_FIXTURE_MODEL = "FLG_ERR_FIXTURE_MODEL";
/** A fixture row names a field its model does not have. */
export const ERR_FIXTURE_FIELD = "FLG_ERR_FIXTURE_FIELD";
/** A fixture row whose value is of the wrong type, or that the database refused. */
export const ERR_FIXTURE_ROW = "FLG_ERR_FIXTURE_ROW";

/** A fixture problem, naming the file, the row's index in it and the field when known. */
export class FixtureError extends ProjectError {
  readonly file: string | undefined;
  readonly index: number | undefined;
  readonly field: string | undefined;

  constructor(
    code: string,
    message: string,
    where: { file?: string; index?: number; field?: string; cause?: unknown } = {},
  ) {
    const at = [
      where.file,
      where.index === undefined ? undefined : `row ${where.index}`,
      where.field === undefined ? undefined : `field "${where.field}"`,
    ].filter((x) => x !== undefined);
    super(code, at.length > 0 ? `${at.join(", ")}: ${message}` : message, { cause: where.cause });
    this.name = "FixtureError";
    this.file = where.file;
    this.index = where.index;
    this.field = where.field;
  }
}
