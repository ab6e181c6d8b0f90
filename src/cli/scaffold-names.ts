/**
 * Names `startproject` and `startapp` accept. A project name is also its npm package name and
 * its folder; an app name is an identifier used as the app's label, blueprint name, URL prefix,
 * template folder and the variable `settings.ts` imports it as. Neither may shadow a Node
 * built-in module or Flagon itself.
 * @module
 */
import { builtinModules } from "node:module";
import { usageError } from "./errors.ts";

const PROJECT = /^[a-z][a-z0-9_-]*$/;
const APP = /^[a-z][a-z0-9_]*$/;
/** npm's limit for a package name. */
const MAX_PROJECT = 214;
/** Long enough for any sensible app; table names are `<app>_<model>` and MySQL allows 64. */
const MAX_APP = 40;

/** Words that cannot be a variable name in an ES module, plus a few that would mislead. */
const RESERVED = new Set(
  (
    "await break case catch class const continue debugger default delete do else enum export " +
    "extends false finally for function if implements import in instanceof interface let new " +
    "null package private protected public return static super switch this throw true try " +
    "typeof var void while with yield arguments eval undefined"
  ).split(" "),
);

/** Folder and package names with a meaning of their own. */
const TAKEN = new Set(["flagon", "node_modules", "favicon.ico", "test", "static", "templates"]);

function builtin(name: string): boolean {
  return builtinModules.includes(name) || builtinModules.includes(`node:${name}`);
}

function shadowing(command: string, name: string): void {
  if (builtin(name)) {
    throw usageError(
      `flagon ${command}: "${name}" is the name of a Node.js built-in module; choose another name`,
    );
  }
  if (TAKEN.has(name)) {
    throw usageError(
      `flagon ${command}: "${name}" is a name Flagon or npm already uses; choose another name`,
    );
  }
}

/** @throws {CliError} `FLG_ERR_CLI_USAGE` (exit 2) naming what is wrong with the name. */
export function checkProjectName(name: string): void {
  if (!PROJECT.test(name) || name.length > MAX_PROJECT) {
    throw usageError(
      `flagon startproject: "${name}" is not a valid project name: use lower-case letters, digits, "-" and "_", starting with a letter`,
    );
  }
  shadowing("startproject", name);
}

/** @throws {CliError} `FLG_ERR_CLI_USAGE` (exit 2) naming what is wrong with the name. */
export function checkAppName(name: string): void {
  if (!APP.test(name) || name.length > MAX_APP) {
    throw usageError(
      `flagon startapp: "${name}" is not a valid app name: use lower-case letters, digits and "_", starting with a letter (at most ${MAX_APP})`,
    );
  }
  if (RESERVED.has(name)) {
    throw usageError(
      `flagon startapp: "${name}" is a JavaScript reserved word and cannot name an app; choose another name`,
    );
  }
  shadowing("startapp", name);
}
