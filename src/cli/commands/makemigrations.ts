/**
 * `flagon makemigrations [app_label ...] [--check] [--no-input]`: compare the installed apps'
 * models with their migration files and write a new migration per changed app. `--check` writes
 * nothing and exits 1 when a migration is missing (for CI). Rename questions are asked on a
 * terminal; elsewhere (or with `--no-input`) an unanswered one is an error.
 * @module
 */
import { relative } from "node:path";
import type { Command } from "../../project/index.ts";
import { isFlagonError } from "../../utils/index.ts";
import { appOf, noInputOption, questioner } from "./migration-args.ts";

export const makemigrationsCommand: Command = {
  name: "makemigrations",
  summary: "Write new migrations for the changes made to models",
  usage: "[app_label ...] [--check] [--no-input]",
  description:
    "Every installed app's migrations are compared with its models, and a migration is written\n" +
    "for each app with changes (app labels given are checked to exist; migrations of several\n" +
    "apps depend on each other, so the whole project is always considered).",
  options: {
    check: {
      type: "boolean",
      description: "Write nothing; exit 1 when models have changes without migrations",
    },
    "no-input": noInputOption,
  },
  maxPositionals: 100,
  async run({ values, positionals, io, project: load }) {
    // Loaded on use: `flagon --version` and the other commands do not pay for it.
    const { ERR_MIGRATIONS_CHANGES, makemigrations } = await import("../../migrations/index.ts");
    const project = await load();
    for (const label of positionals) appOf(project, label, "makemigrations");
    const apps = project.migrationsApps();
    if (values.check === true) {
      try {
        await makemigrations({ apps, check: true });
      } catch (err) {
        if (isFlagonError(err) && err.code === ERR_MIGRATIONS_CHANGES) {
          io.err(`flagon makemigrations: ${err.message}\n`);
          return 1;
        }
        throw err;
      }
      io.out("No changes detected\n");
      return 0;
    }
    const written = await makemigrations({
      apps,
      ...questioner(io, values["no-input"] === true),
    });
    if (written.length === 0) {
      io.out("No changes detected\n");
      return 0;
    }
    for (const m of written) {
      io.out(`Migrations for '${m.app}':\n  ${relative(io.cwd, m.path) || m.path}\n`);
      for (const op of m.operations) io.out(`    - ${op.describe()}\n`);
    }
    return 0;
  },
};
