/**
 * Finding the app file a server command runs: the one named, or by convention `app.ts` or
 * `src/app.ts` (then the `.js` forms) in the current directory.
 * @module
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { CliError, ERR_CLI_APP_NOT_FOUND } from "./errors.ts";

export const DEFAULT_APP_FILES: readonly string[] = [
  "app.ts",
  "src/app.ts",
  "app.js",
  "src/app.js",
];

/** True for an existing file; false for a folder, a missing path or one that cannot be read. */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The absolute path of the app file, or a `CliError` that says what was looked for. */
export function findAppFile(cwd: string, given: string | undefined, command: string): string {
  if (given !== undefined) {
    const path = resolve(cwd, given);
    if (isFile(path)) return path;
    throw new CliError(ERR_CLI_APP_NOT_FOUND, `flagon ${command}: app file not found: ${given}`);
  }
  for (const name of DEFAULT_APP_FILES) {
    const path = resolve(cwd, name);
    if (isFile(path)) return path;
  }
  throw new CliError(
    ERR_CLI_APP_NOT_FOUND,
    `flagon ${command}: no app file given and none of ${DEFAULT_APP_FILES.join(", ")} exists in ${cwd}`,
  );
}
