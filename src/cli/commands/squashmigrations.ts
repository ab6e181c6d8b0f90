/**
 * `flagon squashmigrations app_label [start_migration] migration_name`: write one migration
 * that replaces a run of an app's migrations (from its first, or from `start_migration`).
 * @module
 */
import { relative } from "node:path";
import type { Command } from "../../project/index.ts";
import { usageError } from "../errors.ts";
import { appOf, migrationName } from "./migration-args.ts";

export const squashmigrationsCommand: Command = {
  name: "squashmigrations",
  summary: "Squash a run of an app's migrations into one",
  usage: "app_label [start_migration] migration_name",
  maxPositionals: 3,
  async run({ positionals, io, project: load }) {
    // Loaded on use: `flagon --version` and the other commands do not pay for it.
    const { squashmigrations } = await import("../../migrations/index.ts");
    if (positionals.length < 2)
      throw usageError(
        "flagon squashmigrations: give an app label and the last migration to squash",
      );
    const project = await load();
    const label = positionals[0]!;
    appOf(project, label, "squashmigrations");
    const names = await Promise.all(
      positionals.slice(1).map((n) => migrationName(project, label, n, "squashmigrations")),
    );
    const [from, to] = names.length === 2 ? names : [undefined, names[0]!];
    const { name, path } = await squashmigrations({
      apps: project.migrationsApps(),
      app: label,
      to: to!,
      ...(from === undefined ? {} : { from }),
    });
    io.out(
      `Created new squashed migration ${relative(io.cwd, path) || path} (${label}.${name})\n` +
        "  Once every database has applied it, delete the migrations it replaces and its replaces list.\n",
    );
    return 0;
  },
};
