/**
 * Finding and reading fixture files. A name without a folder (`polls`, `polls.json`) is looked
 * for in every installed app's `fixtures/` folder, then the project's `fixtures/` folder, and
 * every match is loaded (as Django does); a name with a folder, or an absolute path, is that
 * file (relative to the project's folder). `.json` is added when the name has no extension;
 * `.json.gz` files are read too.
 * @module
 */
import { readFileSync } from "node:fs";
import { basename, isAbsolute, join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import type { Project } from "./create-project.ts";
import { isFile } from "./fs-kind.ts";
import { ERR_FIXTURE_FORMAT, ERR_FIXTURE_NOT_FOUND, FixtureError } from "./errors.ts";

/** One object of a fixture file, where it came from. */
export interface RawRecord {
  readonly file: string;
  readonly index: number;
  readonly model: string;
  readonly pk: unknown;
  readonly fields: Record<string, unknown>;
}

function candidates(name: string): string[] {
  return /\.json(\.gz)?$/.test(name) ? [name] : [`${name}.json`, `${name}.json.gz`];
}

/** The files a fixture name stands for, in app order. */
export function findFixtureFiles(project: Project, name: string): string[] {
  const pathLike = isAbsolute(name) || name.includes("/") || name.includes("\\");
  if (pathLike) {
    const base = resolve(project.settings.baseDir, name);
    const found = candidates(base).filter(isFile);
    if (found.length === 0)
      throw new FixtureError(ERR_FIXTURE_NOT_FOUND, `fixture file not found: ${base}`);
    return found.slice(0, 1);
  }
  const dirs = [
    ...project.apps.map((a) => join(a.dir, "fixtures")),
    join(project.settings.baseDir, "fixtures"),
  ];
  const found = dirs.flatMap((d) => candidates(join(d, basename(name))).filter(isFile));
  if (found.length === 0)
    throw new FixtureError(
      ERR_FIXTURE_NOT_FOUND,
      `no fixture named "${name}" in the apps' fixtures/ folders nor ${join(project.settings.baseDir, "fixtures")}`,
    );
  return [...new Set(found)];
}

/** Parse one file into records, checking the shape of each. */
export function readFixtureFile(file: string): RawRecord[] {
  let data: unknown;
  try {
    const bytes = readFileSync(file);
    const text = (file.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
    data = JSON.parse(text);
  } catch (err) {
    throw new FixtureError(
      ERR_FIXTURE_FORMAT,
      `not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
      { file, cause: err },
    );
  }
  if (!Array.isArray(data))
    throw new FixtureError(ERR_FIXTURE_FORMAT, "a fixture is a JSON list of objects", { file });
  return data.map((item: unknown, index) => {
    const o = item as { model?: unknown; pk?: unknown; fields?: unknown } | null;
    if (o === null || typeof o !== "object" || Array.isArray(o) || typeof o.model !== "string")
      throw new FixtureError(ERR_FIXTURE_FORMAT, 'each row is an object with a "model" string', {
        file,
        index,
      });
    const fields = o.fields ?? {};
    if (fields === null || typeof fields !== "object" || Array.isArray(fields))
      throw new FixtureError(ERR_FIXTURE_FORMAT, '"fields" must be an object', { file, index });
    return {
      file,
      index,
      model: o.model,
      pk: o.pk ?? null,
      fields: fields as Record<string, unknown>,
    };
  });
}
