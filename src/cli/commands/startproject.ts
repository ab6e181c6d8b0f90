/**
 * `flagon startproject NAME [DIR]`: write a new project that runs at once: settings, the app
 * file, routes, templates, static files, a test, package.json scripts and a README. Like Django,
 * it writes a fresh random secret key marked insecure: fine for development, refused by Flagon
 * when debug is off, so production must set its own.
 * @module
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Command } from "../registry.ts";
import { assertEmptyTarget, writeScaffold } from "../scaffold.ts";
import { checkProjectName } from "../scaffold-names.ts";
import { usageError } from "../errors.ts";
import { flagonVersion } from "../version.ts";

/** A new development key: 43 random base64url characters after a prefix that says what it is. */
export function devSecretKey(): string {
  return `flagon-insecure-dev-only-${randomBytes(32).toString("base64url")}`;
}

function caret(version: string | undefined, fallback: string): string {
  const v = version?.replace(/^[\^~>=\s]+/, "");
  return v !== undefined && /^\d+\.\d+\.\d+/.test(v) ? `^${v}` : fallback;
}

/** Version ranges for the generated package.json, from Flagon's own. */
export function dependencyRanges(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8"));
  const dev = (pkg.devDependencies ?? {}) as Record<string, string>;
  return {
    FLAGON_RANGE: caret(flagonVersion(), "*"),
    BETTER_SQLITE3_RANGE: caret(dev["better-sqlite3"], ">=12.0.0"),
    TYPES_NODE_RANGE: caret(dev["@types/node"], "^24.0.0"),
    TYPESCRIPT_RANGE: caret(dev["typescript"], "^5.9.0"),
  };
}

function nextSteps(shown: string, name: string): string {
  const cd = shown === "." ? "" : `  cd ${shown}\n`;
  return `
Next:
${cd}  npm install
  npm run migrate
  npm run dev          (then open http://localhost:8000)

${name}/README.md explains the rest: apps, tests, databases, production.
`;
}

export const startprojectCommand: Command = {
  name: "startproject",
  summary: "Create a new project: settings, routes, templates, static files, a test",
  usage: "NAME [DIR]",
  description: `
Writes a project named NAME into the folder DIR (default: ./NAME), which must not exist or be
empty. NAME is also the npm package name: lower-case letters, digits, "-" and "_".
The project gets a random secret key for development; set FLAGON_SECRET_KEY in production.`,
  maxPositionals: 2,
  run({ positionals, io }) {
    const [name, dir] = positionals;
    if (name === undefined) throw usageError("flagon startproject: give the project a name");
    checkProjectName(name);
    const target = resolve(io.cwd, dir ?? name);
    const shown = relative(io.cwd, target) || ".";
    assertEmptyTarget("startproject", target, shown);
    const files = writeScaffold("project", target, {
      PROJECT_NAME: name,
      SECRET_KEY: devSecretKey(),
      ...dependencyRanges(),
    });
    io.out(`Created project ${name} in ${shown}/ (${files.length} files)\n`);
    io.out(nextSteps(shown, shown === "." ? "." : shown));
    return 0;
  },
};
