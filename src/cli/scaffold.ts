/**
 * Writing a project or an app from the template folders in `src/cli/scaffold/`: every file there
 * ends in `.tmpl` (so neither tsc nor biome reads the templates as part of Flagon), a leading
 * `dot-` becomes `.` (npm leaves `.gitignore` files out of packages), and `__NAME__`
 * placeholders are replaced in file names and contents. An unknown placeholder is a bug in the
 * template, reported rather than written out.
 * @module
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { usageError } from "./errors.ts";

export type ScaffoldKind = "project" | "app";

/**
 * The template folder beside this file: `src/cli/scaffold/` in a checkout, `dist/cli/scaffold/`
 * in an installed package (the pack step copies every non-TypeScript file of `src/` to `dist/`).
 */
export function scaffoldDir(kind: ScaffoldKind): string {
  return fileURLToPath(new URL(`./scaffold/${kind}/`, import.meta.url));
}

const PLACEHOLDER = /__([A-Z][A-Z0-9_]*[A-Z0-9])__/g;

/** Replace every `__KEY__`; throws on a placeholder with no value. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => {
    const value = values[key];
    if (value === undefined)
      throw new Error(`scaffold template has an unknown placeholder ${whole}`);
    return value;
  });
}

function templateFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...templateFiles(path, base));
    else if (entry.name.endsWith(".tmpl")) out.push(relative(base, path));
  }
  return out.sort();
}

/** `dot-gitignore.tmpl` -> `.gitignore`, `__APP_NAME__.test.ts.tmpl` -> `blog.test.ts`. */
export function targetPath(rel: string, values: Readonly<Record<string, string>>): string {
  const parts = rel.slice(0, -".tmpl".length).split(/[\\/]/);
  return join(
    ...parts.map((part) =>
      fillPlaceholders(part.startsWith("dot-") ? `.${part.slice(4)}` : part, values),
    ),
  );
}

/** Write the templates of `kind` into `target`; returns the written paths, relative, sorted. */
export function writeScaffold(
  kind: ScaffoldKind,
  target: string,
  values: Readonly<Record<string, string>>,
): string[] {
  const source = scaffoldDir(kind);
  const files = templateFiles(source).map((rel) => ({
    rel,
    out: targetPath(rel, values),
    text: fillPlaceholders(readFileSync(join(source, rel), "utf8"), values),
  }));
  mkdirSync(target, { recursive: true });
  for (const file of files) {
    const path = join(target, file.out);
    mkdirSync(join(path, ".."), { recursive: true });
    // "wx": never overwrite a file, even one created since the emptiness check.
    writeFileSync(path, file.text, { flag: "wx" });
  }
  return files.map((f) => f.out.split("\\").join("/")).sort();
}

/** Entries that may already be in a target folder: a fresh `git init` is fine. */
const ALLOWED_ENTRIES = new Set([".git"]);

/**
 * Refuse a target that exists and holds anything but `.git`, or is a file.
 * @throws {CliError} `FLG_ERR_CLI_USAGE` (exit 2).
 */
export function assertEmptyTarget(command: string, target: string, shown: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    return; // Does not exist: it will be created.
  }
  if (!isDir) throw usageError(`flagon ${command}: ${shown} exists and is not a folder`);
  const entries = readdirSync(target).filter((e) => !ALLOWED_ENTRIES.has(e));
  if (entries.length > 0) {
    throw usageError(
      `flagon ${command}: ${shown} already exists and is not empty; choose another name or folder`,
    );
  }
}
