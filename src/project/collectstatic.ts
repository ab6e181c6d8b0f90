/**
 * `collectStatic(settings)`: Django's `collectstatic` with ManifestStaticFilesStorage. Every
 * file of the static folders (the project's, then each installed app's; first found wins) is
 * copied into `settings.static.root` under its own name and under a content-hashed name
 * (`css/site.1a2b3c4d5e6f.css`), CSS references rewritten to the hashed names, `.gz`/`.br`
 * copies written for text files, and `staticfiles.json` maps each name to its hashed name.
 * A second run copies only what changed. The `flagon collectstatic` command runs this.
 * @module
 */
import { copyFile, mkdir, readFile, rename, stat, utimes, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { isCompressible, writeCompressed } from "./collectstatic-compress.ts";
import { DEFAULT_IGNORE, type FoundFile, findStaticFiles } from "./collectstatic-find.ts";
import { hashStaticFiles } from "./collectstatic-hash.ts";
import { checkClearable, checkStaticRoot, clearRoot } from "./collectstatic-root.ts";
import type { ProjectSettings } from "./define-settings.ts";
import { ERR_COLLECTSTATIC, ProjectError } from "./errors.ts";
import { staticFolders } from "./project-static.ts";
import { formatManifest, MANIFEST_NAME } from "./static-manifest.ts";

export interface CollectStaticOptions {
  /** Delete everything in the root first (refused for unsafe roots). */
  readonly clear?: boolean;
  /** Report what would be done; write and delete nothing. */
  readonly dryRun?: boolean;
  /** Hash, rewrite CSS, precompress and write the manifest. @default true */
  readonly postProcess?: boolean;
  /** More globs to skip (`*.scss`, `vendor/**`). */
  readonly ignore?: readonly string[];
  /** Skip dot files, `*~` and `CVS` as Django does. @default true */
  readonly defaultIgnore?: boolean;
  /** Each step as it happens, for progress and verbose output. */
  readonly onStep?: (step: CollectStep) => void;
}

export type CollectStep =
  | { readonly kind: "start"; readonly total: number }
  | { readonly kind: "cleared"; readonly name: string }
  | { readonly kind: "shadowed"; readonly file: FoundFile; readonly by: FoundFile }
  | { readonly kind: "copied" | "unmodified"; readonly file: FoundFile }
  | { readonly kind: "post-processed"; readonly name: string; readonly hashed: string }
  | { readonly kind: "warning"; readonly message: string };

export interface CollectStaticResult {
  readonly root: string;
  readonly dryRun: boolean;
  readonly copied: number;
  readonly unmodified: number;
  readonly postProcessed: number;
  /** Files of later folders hidden by a file of the same name in an earlier one. */
  readonly shadowed: number;
  /** `.gz`/`.br` files written. */
  readonly compressed: number;
  /** Entries deleted by `clear`. */
  readonly cleared: number;
  readonly warnings: readonly string[];
  /** Name -> hashed name (empty without post-processing). */
  readonly manifest: ReadonlyMap<string, string>;
}

async function sameContent(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([readFile(a), readFile(b)]);
  return x.equals(y);
}

/** Copy `file` to `dest` unless it is already there; true when copied. */
async function copyIfChanged(file: FoundFile, dest: string, dryRun: boolean): Promise<boolean> {
  const [src, out] = await Promise.all([stat(file.source), stat(dest).catch(() => undefined)]);
  if (out !== undefined && out.size === src.size) {
    if (Math.abs(out.mtimeMs - src.mtimeMs) < 1) return false;
    if (await sameContent(file.source, dest)) {
      if (!dryRun) await utimes(dest, src.atime, src.mtime);
      return false;
    }
  }
  if (dryRun) return true;
  await mkdir(dirname(dest), { recursive: true });
  await copyFile(file.source, dest);
  await utimes(dest, src.atime, src.mtime);
  return true;
}

/** Write `content` to `dest` unless a file of that size is there (hashed names fix content). */
async function writeHashed(dest: string, content: Buffer | string, dryRun: boolean): Promise<void> {
  const out = await stat(dest).catch(() => undefined);
  const size = typeof content === "string" ? (await stat(content)).size : content.length;
  if (dryRun || out?.size === size) return;
  await mkdir(dirname(dest), { recursive: true });
  if (typeof content === "string") await copyFile(content, dest);
  else await writeFile(dest, content);
}

async function compress(path: string): Promise<number> {
  const s = await stat(path);
  return writeCompressed(path, () => readFile(path), s.mtime);
}

/**
 * Gather the project's static files into `settings.static.root`.
 * @throws {ProjectError} `FLG_ERR_COLLECTSTATIC` for a root that overlaps a static folder, an
 *   unsafe `clear`, a source named `staticfiles.json`, a CSS reference to a file not collected,
 *   or files referencing each other in a cycle; nothing is written in those cases.
 */
export async function collectStatic(
  settings: ProjectSettings,
  options: CollectStaticOptions = {},
): Promise<CollectStaticResult> {
  const root = settings.static.root;
  const dryRun = options.dryRun === true;
  const postProcess = options.postProcess !== false;
  const emit = options.onStep ?? (() => {});
  const folders = staticFolders(settings);
  if (options.clear === true) checkClearable(root, settings.baseDir, folders);
  else checkStaticRoot(root, folders);
  const ignore = [
    ...(options.defaultIgnore === false ? [] : DEFAULT_IGNORE),
    ...(options.ignore ?? []),
  ];
  const found = await findStaticFiles(folders, ignore);
  const warnings = found.missingFolders.map((f) => `static folder ${f} does not exist`);
  if (postProcess && found.files.has(MANIFEST_NAME)) {
    const f = found.files.get(MANIFEST_NAME)!;
    throw new ProjectError(
      ERR_COLLECTSTATIC,
      `${f.source} has the manifest's name (${MANIFEST_NAME}); rename or move it`,
    );
  }
  for (const s of found.shadowed) emit({ kind: "shadowed", file: s, by: found.files.get(s.name)! });
  const hashed = postProcess
    ? await hashStaticFiles(found.files, settings.static.url)
    : { names: new Map<string, string>(), rewritten: new Map<string, Buffer>(), warnings: [] };
  warnings.push(...hashed.warnings);
  for (const message of warnings) emit({ kind: "warning", message });
  emit({ kind: "start", total: found.files.size * (postProcess ? 2 : 1) });

  let cleared = 0;
  if (options.clear === true) {
    for (const name of await clearRoot(root, dryRun)) {
      emit({ kind: "cleared", name });
      cleared++;
    }
  }
  let copied = 0;
  let compressed = 0;
  for (const file of found.files.values()) {
    const dest = join(root, file.name);
    // A dry run of --clear deleted nothing, but every file would be copied again.
    const changed =
      options.clear === true && dryRun ? true : await copyIfChanged(file, dest, dryRun);
    if (changed) copied++;
    emit({ kind: changed ? "copied" : "unmodified", file });
    if (postProcess && !dryRun && isCompressible(file.name)) compressed += await compress(dest);
  }
  for (const [name, hashedPath] of hashed.names) {
    const dest = join(root, hashedPath);
    await writeHashed(dest, hashed.rewritten.get(name) ?? found.files.get(name)!.source, dryRun);
    if (!dryRun && isCompressible(name)) compressed += await compress(dest);
    emit({ kind: "post-processed", name, hashed: hashedPath });
  }
  if (postProcess && !dryRun) await writeManifest(root, hashed.names);
  return {
    root,
    dryRun,
    copied,
    unmodified: found.files.size - copied,
    postProcessed: hashed.names.size,
    shadowed: found.shadowed.length,
    compressed,
    cleared,
    warnings,
    manifest: hashed.names,
  };
}

/** Replace the manifest in one step (write then rename), only when its text changes. */
async function writeManifest(root: string, names: ReadonlyMap<string, string>): Promise<void> {
  const text = formatManifest(names);
  const path = join(root, MANIFEST_NAME);
  if ((await readFile(path, "utf8").catch(() => undefined)) === text) return;
  await mkdir(root, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
