/**
 * `flagon sqlmigrate app_label migration_name [--backwards] [--database alias]`: print the SQL
 * a migration runs on the database's dialect, without running it.
 * @module
 */
import type { Command } from "../../project/index.ts";
import { usageError } from "../errors.ts";
import { appOf, databaseOf, databaseOption, migrationName } from "./migration-args.ts";

export const sqlmigrateCommand: Command = {
  name: "sqlmigrate",
  summary: "Print the SQL of one migration",
  usage: "app_label migration_name [--backwards] [--database alias]",
  options: {
    backwards: { type: "boolean", description: "The SQL that unapplies the migration" },
    database: databaseOption,
  },
  maxPositionals: 2,
  async run({ values, positionals, io, project: load }) {
    // Loaded on use: `flagon --version` and the other commands do not pay for it.
    const { sqlmigrate } = await import("../../migrations/index.ts");
    const [label, name] = positionals;
    if (label === undefined || name === undefined)
      throw usageError("flagon sqlmigrate: give an app label and a migration name");
    const project = await load();
    appOf(project, label, "sqlmigrate");
    const full = await migrationName(project, label, name, "sqlmigrate");
    const { dialect } = await databaseOf(project, values).driver();
    const text = await sqlmigrate({
      apps: project.migrationsApps(),
      dialect,
      target: { app: label, name: full },
      backwards: values.backwards === true,
    });
    io.out(`${text}\n`);
    return 0;
  },
};
