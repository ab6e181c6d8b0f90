/**
 * Finding the files `flagon collectstatic` gathers: every file under each static folder, in
 * order (the project's folders, then each installed app's), the first one found for a relative
 * path winning as in Django's finders. Dot files, `*~` backups and `CVS` folders are skipped
 * unless told otherwise, plus any `--ignore` glob.
 * @module
 */
import { type Dirent, existsSync } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { join } from "node:path";

/** Django's default ignore patterns. */
export const DEFAULT_IGNORE = [".*", "*~", "CVS"] as const;

export interface FoundFile {
  /** Path inside the collection, `/`-separated: `css/site.css`. */
  readonly name: string;
  /** Absolute path of the source file. */
  readonly source: string;
  /** The static folder it came from. */
  readonly folder: string;
}

export interface FoundFiles {
  readonly files: Map<string, FoundFile>;
  /** Files with the same name in a later folder, not collected. */
  readonly shadowed: FoundFile[];
  /** Configured folders that do not exist. */
  readonly missingFolders: string[];
}

/** A glob (`*`, `**`, `?`) as a regular expression over a `/`-separated path. */
function globRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      re += ".*";
      i++;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[\\^$.+|(){}[\]]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** A test for names to skip: a pattern without `/` matches any segment, one with `/` the path. */
export function ignoreMatcher(patterns: readonly string[]): (name: string) => boolean {
  const byName = patterns.filter((p) => !p.includes("/")).map(globRegExp);
  const byPath = patterns.filter((p) => p.includes("/")).map(globRegExp);
  return (name) => {
    if (byPath.some((re) => re.test(name))) return true;
    return name.split("/").some((seg) => byName.some((re) => re.test(seg)));
  };
}

async function walk(
  folder: string,
  dir: string,
  prefix: string,
  ignored: (name: string) => boolean,
  seen: Set<string>,
  out: FoundFile[],
): Promise<void> {
  // A symlinked folder is followed once: a link back up the tree cannot loop.
  const real = await realpath(dir);
  if (seen.has(real)) return;
  seen.add(real);
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const name = prefix + entry.name;
    if (ignored(name)) continue;
    const path = join(dir, entry.name);
    const kind = entry.isSymbolicLink() ? await stat(path).catch(() => undefined) : entry;
    if (kind === undefined) continue; // a dangling link
    if (kind.isDirectory()) await walk(folder, path, `${name}/`, ignored, seen, out);
    else if (kind.isFile()) out.push({ name, source: path, folder });
  }
}

/** The files of `folders`, first found wins. */
export async function findStaticFiles(
  folders: readonly string[],
  ignore: readonly string[],
): Promise<FoundFiles> {
  const ignored = ignoreMatcher(ignore);
  const files = new Map<string, FoundFile>();
  const shadowed: FoundFile[] = [];
  const missingFolders: string[] = [];
  for (const folder of folders) {
    if (!existsSync(folder)) {
      missingFolders.push(folder);
      continue;
    }
    const found: FoundFile[] = [];
    await walk(folder, folder, "", ignored, new Set(), found);
    for (const f of found) {
      if (files.has(f.name)) shadowed.push(f);
      else files.set(f.name, f);
    }
  }
  return { files, shadowed, missingFolders };
}
