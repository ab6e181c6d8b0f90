/**
 * `flagon migrate [app_label] [migration_name] [--fake] [--plan] [--database alias]`: apply
 * the unapplied migrations of every app, or move one app to a migration (`migrate polls 0002`),
 * back to before its first (`migrate polls zero`), or to its latest (`migrate polls`). Prints
 * Django's lines (`  Applying polls.0001_initial... OK`); on a terminal the step running is
 * shown on a redrawn status line with its count.
 * @module
 */
import type { MigrateTarget } from "../../migrations/index.ts";
import type { Command } from "../../project/index.ts";
import { usageError } from "../errors.ts";
import { createProgress, type Progress } from "../progress.ts";
import { appOf, databaseOf, databaseOption, migrationName } from "./migration-args.ts";

export const migrateCommand: Command = {
  name: "migrate",
  summary: "Bring the database schema up to date with the migrations",
  usage: "[app_label] [migration_name | zero] [--fake] [--plan] [--database alias]",
  options: {
    fake: {
      type: "boolean",
      description: "Mark the migrations as applied (or unapplied) without running them",
    },
    plan: { type: "boolean", description: "Show what would run, and run nothing" },
    database: databaseOption,
  },
  maxPositionals: 2,
  async run({ values, positionals, io, project: load }) {
    // Loaded on use: `flagon --version` and the other commands do not pay for it.
    const { loadGraph, migrate, refuseConflicts } = await import("../../migrations/index.ts");
    const project = await load();
    const apps = project.migrationsApps();
    const db = databaseOf(project, values);
    const [label, name] = positionals;
    let target: MigrateTarget | undefined;
    if (label !== undefined) {
      appOf(project, label, "migrate");
      if (name === "zero") target = { app: label, name };
      else if (name !== undefined)
        target = { app: label, name: await migrationName(project, label, name, "migrate") };
      else {
        const graph = await loadGraph(apps);
        refuseConflicts(graph);
        const leaves = graph.leaves(label);
        if (leaves.length === 0)
          throw usageError(`flagon migrate: app "${label}" has no migrations`);
        target = { app: label, name: graph.nodes.get(leaves[0]!)!.name };
      }
    }
    if (values.plan === true) {
      const { steps } = await migrate({ apps, db, plan: true, ...(target ? { target } : {}) });
      io.out("Planned operations:\n");
      if (steps.length === 0) io.out("  No planned migration operations.\n");
      for (const s of steps) io.out(`  ${s.backwards ? "Undo " : ""}${s.key}\n`);
      return 0;
    }
    io.out("Operations to perform:\n");
    if (target === undefined)
      io.out(`  Apply all migrations: ${apps.map((a) => a.label).join(", ") || "(no apps)"}\n`);
    else if (target.name === "zero") io.out(`  Unapply all migrations: ${target.app}\n`);
    else io.out(`  Target specific migration: ${target.name}, from ${target.app}\n`);
    io.out("Running migrations:\n");
    const fake = values.fake === true;
    let progress: Progress | undefined;
    let running = "";
    try {
      const { steps } = await migrate({
        apps,
        db,
        fake,
        ...(target ? { target } : {}),
        onStep({ step, phase, total }) {
          progress ??= createProgress(io, { total });
          running = `${step.backwards ? "Unapplying" : "Applying"} ${step.key}...`;
          if (phase === "start") progress.status(running);
          else {
            progress.advance();
            progress.log(`  ${running} ${fake ? "FAKED" : "OK"}`);
            running = "";
          }
        },
      });
      progress?.end();
      if (steps.length === 0) io.out("  No migrations to apply.\n");
    } catch (err) {
      progress?.end();
      if (running !== "") io.out(`  ${running} FAILED\n`);
      throw err;
    }
    return 0;
  },
};
