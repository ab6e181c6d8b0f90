/**
 * `flagon makemigrations [app_label ...] [--name N] [--empty] [--merge] [--dry-run] [--check]
 * [--no-input] [-v N]`: compare the installed apps' models with their migration files and write a
 * new migration per changed app. `--check` writes nothing and exits 1 when a migration is missing
 * (for CI); `--dry-run` prints what would be written (the files too at `-v 3`); `--empty` writes
 * an empty migration for each app named, to hold a data migration; `--merge` joins an app's
 * branches with a migration depending on each. Questions (renames, "merge?") are asked on a
 * terminal; elsewhere (or with `--no-input`) an unanswered rename is an error and a merge is made.
 * @module
 */
import { relative } from "node:path";
import type { NewMigration } from "../../migrations/index.ts";
import type { CliIo, Command } from "../../project/index.ts";
import { isFlagonError } from "../../utils/index.ts";
import { usageError } from "../errors.ts";
import { appOf, askYesNo, interactive, noInputOption, questioner } from "./migration-args.ts";

function shown(io: CliIo, path: string): string {
  return relative(io.cwd, path) || path;
}

function report(io: CliIo, m: NewMigration, dryRun: boolean, verbosity: number): void {
  if (m.merge === undefined) {
    io.out(`Migrations for '${m.app}':\n  ${shown(io, m.path)}\n`);
    for (const op of m.operations) io.out(`    - ${op.describe()}\n`);
  } else {
    io.out(`${dryRun ? "Would create" : "Created"} new merge migration ${shown(io, m.path)}\n`);
  }
  if (dryRun && verbosity >= 3) io.out(`Full migrations file '${m.name}.ts':\n${m.text}`);
}

function verbosityOf(value: string | boolean | undefined): number {
  if (value === undefined) return 1;
  const n = typeof value === "string" && /^[0-3]$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isNaN(n)) throw usageError("flagon makemigrations: --verbosity must be 0, 1, 2 or 3");
  return n;
}

export const makemigrationsCommand: Command = {
  name: "makemigrations",
  summary: "Write new migrations for the changes made to models",
  usage:
    "[app_label ...] [--name name] [--empty] [--merge] [--dry-run] [--check] [--no-input] [-v 0-3]",
  description:
    "Every installed app's migrations are compared with its models, and a migration is written\n" +
    "for each app with changes (app labels given are checked to exist; migrations of several\n" +
    "apps depend on each other, so the whole project is always considered).",
  options: {
    name: { type: "string", description: "Name the new migrations 000N_<name> (an identifier)" },
    empty: {
      type: "boolean",
      description: "Write an empty migration for each app label given (for a data migration)",
    },
    merge: {
      type: "boolean",
      description: "Join an app's branches (several latest migrations) with a merge migration",
    },
    "dry-run": { type: "boolean", description: "Show what would be written, write nothing" },
    check: {
      type: "boolean",
      description: "Write nothing; exit 1 when models have changes without migrations",
    },
    "no-input": noInputOption,
    verbosity: {
      type: "string",
      short: "v",
      description: "0 to 3; with --dry-run, 3 prints the files",
    },
  },
  maxPositionals: 100,
  async run({ values, positionals, io, project: load }) {
    // Loaded on use: `flagon --version` and the other commands do not pay for it.
    const { ERR_MIGRATIONS_CHANGES, makemigrations } = await import("../../migrations/index.ts");
    const verbosity = verbosityOf(values.verbosity);
    const dryRun = values["dry-run"] === true;
    const ask = interactive(io, values["no-input"] === true);
    const name = typeof values.name === "string" ? values.name : undefined;
    if (values.empty === true && positionals.length === 0)
      throw usageError("flagon makemigrations: --empty needs the app labels to write them for");
    if (values.empty === true && values.merge === true)
      throw usageError("flagon makemigrations: --empty and --merge cannot be used together");
    const project = await load();
    for (const label of positionals) appOf(project, label, "makemigrations");
    const apps = project.migrationsApps();
    const common = { apps, ...(name !== undefined ? { name } : {}) };
    if (values.check === true) {
      try {
        await makemigrations({ ...common, check: true });
      } catch (err) {
        if (isFlagonError(err) && err.code === ERR_MIGRATIONS_CHANGES) {
          io.err(`flagon makemigrations: ${err.message}\n`);
          return 1;
        }
        throw err;
      }
      if (verbosity > 0) io.out("No changes detected\n");
      return 0;
    }
    if (values.merge === true) {
      const written = await makemigrations({
        ...common,
        merge: true,
        dryRun,
        confirmMerge(info) {
          if (verbosity > 0) {
            io.out(`Merging ${info.app}\n`);
            for (const b of info.branches) {
              io.out(`  Branch ${b.leaf}\n`);
              for (const m of b.migrations) for (const d of m.operations) io.out(`    - ${d}\n`);
            }
          }
          return ask ? askYesNo("Do you want to merge these migration branches?") : true;
        },
      });
      if (written.length === 0 && verbosity > 0) io.out("No conflicts detected to merge.\n");
      for (const m of written) report(io, m, dryRun, verbosity);
      return 0;
    }
    const written = await makemigrations({
      ...common,
      dryRun,
      ...(values.empty === true ? { empty: positionals } : {}),
      ...questioner(io, !ask),
    });
    if (written.length === 0) {
      if (verbosity > 0) io.out("No changes detected\n");
      return 0;
    }
    if (verbosity > 0) for (const m of written) report(io, m, dryRun, verbosity);
    return 0;
  },
};
