/**
 * Finding a project's test files the way `flagon test` does: by default every `*.test.ts` and
 * every `.ts` file under a `tests` folder; given paths, a folder means the same patterns inside
 * it (every `.ts` file when it is or is inside a `tests` folder), a file means itself, anything else is a glob. `node_modules`, `dist`, `staticfiles` and
 * hidden folders are never searched.
 * @module
 */
import { globSync, statSync } from "node:fs";
import { relative, resolve, sep } from "node:path";

export const DEFAULT_TEST_PATTERNS: readonly string[] = ["**/*.test.ts", "**/tests/**/*.ts"];
const SKIPPED = new Set(["node_modules", "dist", "staticfiles"]);

export interface FindTestFilesOptions {
  /** @default process.cwd() */
  readonly cwd?: string;
}

export interface FoundTestFiles {
  /** Absolute paths, sorted, each once. */
  readonly files: string[];
  /** The given paths that matched no test file. */
  readonly unmatched: string[];
}

/** The test files for `paths` (the default patterns when empty). */
export function findTestFiles(
  paths: readonly string[],
  options: FindTestFilesOptions = {},
): FoundTestFiles {
  const cwd = options.cwd ?? process.cwd();
  const found = new Set<string>();
  const unmatched: string[] = [];
  for (const given of paths.length === 0 ? ["."] : paths) {
    const before = found.size;
    const kind = kindOf(resolve(cwd, given));
    if (kind === "file") found.add(resolve(cwd, given));
    else {
      const patterns = kind === "dir" ? dirPatterns(cwd, given) : [given];
      for (const pattern of patterns) for (const f of glob(pattern, cwd)) found.add(f);
    }
    if (found.size === before && paths.length > 0) unmatched.push(given);
  }
  return { files: [...found].sort(), unmatched };
}

function glob(pattern: string, cwd: string): string[] {
  const skip = (name: string): boolean =>
    name
      .split(/[\\/]/)
      .some((part) => SKIPPED.has(part) || (part.startsWith(".") && part !== "." && part !== ".."));
  return globSync(pattern, { cwd, exclude: skip })
    .filter((f) => !skip(relative(cwd, resolve(cwd, f))) && !f.endsWith(".d.ts"))
    .map((f) => resolve(cwd, f))
    .filter((f) => kindOf(f) === "file");
}

/** The default patterns inside `dir`; inside a `tests` folder, every `.ts` file. */
function dirPatterns(cwd: string, dir: string): string[] {
  const inTests = relative(cwd, resolve(cwd, dir)).split(/[\\/]/).includes("tests");
  return inTests ? [joinGlob(dir, "**/*.ts")] : DEFAULT_TEST_PATTERNS.map((p) => joinGlob(dir, p));
}

function joinGlob(dir: string, pattern: string): string {
  const base = dir.split(sep).join("/").replace(/\/+$/, "");
  return base === "." || base === "" ? pattern : `${base}/${pattern}`;
}

function kindOf(path: string): "file" | "dir" | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? "file" : st.isDirectory() ? "dir" : undefined;
  } catch {
    return undefined;
  }
}
