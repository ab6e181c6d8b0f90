/**
 * Where `flagon collectstatic` may write, and what `--clear` may delete. The root must not be a
 * static folder, inside one, or hold one (a second run would collect its own output, and
 * `--clear` would delete sources). `--clear` also refuses the file-system root, the home folder,
 * the project folder or any folder above them, and a folder that looks like a project
 * (`.git`, `node_modules`, `settings.ts`); it deletes only the entries inside the root,
 * unlinking symbolic links rather than following them.
 * @module
 */
import { existsSync, realpathSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { join, parse, resolve, sep } from "node:path";
import { ERR_COLLECTSTATIC, ProjectError } from "./errors.ts";

const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
const inside = (parent: string, child: string) =>
  child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);

function refuse(message: string): never {
  throw new ProjectError(ERR_COLLECTSTATIC, message);
}

/**
 * Refuse a root that overlaps a static folder.
 * @throws {ProjectError} `FLG_ERR_COLLECTSTATIC`
 */
export function checkStaticRoot(root: string, folders: readonly string[]): void {
  const r = real(root);
  for (const folder of folders) {
    const f = real(folder);
    if (inside(f, r) || inside(r, f)) {
      refuse(
        `static.root ${root} overlaps the static folder ${folder}; collect into a folder of its own (the default is "staticfiles")`,
      );
    }
  }
}

const PROJECT_MARKERS = [".git", "node_modules", "settings.ts"];

/**
 * Refuse to empty a root that is not safe to empty.
 * @throws {ProjectError} `FLG_ERR_COLLECTSTATIC` naming the root and why.
 */
export function checkClearable(root: string, baseDir: string, folders: readonly string[]): void {
  const r = real(root);
  const why =
    parse(r).root === r
      ? "is the file-system root"
      : inside(r, real(baseDir))
        ? "is the project folder or holds it"
        : inside(r, real(homedir()))
          ? "is the home folder or holds it"
          : PROJECT_MARKERS.find((m) => existsSync(join(r, m)));
  if (why !== undefined) {
    const reason = why.includes(" ") ? why : `looks like a project (it has ${why})`;
    refuse(
      `--clear refused: static.root ${root} ${reason}; set static.root to a folder of its own`,
    );
  }
  checkStaticRoot(root, folders);
}

/** Delete everything inside `root` (never `root` itself); the entries deleted. */
export async function clearRoot(root: string, dryRun: boolean): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = (await readdir(root)).sort();
  if (!dryRun) {
    for (const e of entries) await rm(join(root, e), { recursive: true, force: true });
  }
  return entries;
}
