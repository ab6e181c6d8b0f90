/**
 * `flagon showmigrations [app_label ...] [--plan] [--database alias]`: every app's migrations
 * with `[X]` for applied, as Django prints them; `--plan` lists them in the order `migrate`
 * would apply them.
 * @module
 */
import type { Command } from "../../project/index.ts";
import { appOf, databaseOf, databaseOption } from "./migration-args.ts";

export const showmigrationsCommand: Command = {
  name: "showmigrations",
  summary: "List the migrations and whether each is applied",
  usage: "[app_label ...] [--plan] [--database alias]",
  options: {
    plan: { type: "boolean", description: "List in the order migrate applies them" },
    database: databaseOption,
  },
  maxPositionals: 100,
  async run({ values, positionals, io, project: load }) {
    // Loaded on use: `flagon --version` and the other commands do not pay for it.
    const { formatShowmigrations, loadGraph, showmigrations } = await import(
      "../../migrations/index.ts"
    );
    const project = await load();
    for (const label of positionals) appOf(project, label, "showmigrations");
    const apps = project.migrationsApps();
    const list = await showmigrations({ apps, db: databaseOf(project, values) });
    const wanted = (app: string) => positionals.length === 0 || positionals.includes(app);
    if (values.plan === true) {
      const applied = new Set(list.filter((s) => s.applied).map((s) => `${s.app}.${s.name}`));
      const graph = await loadGraph(apps, applied);
      for (const key of graph.order) {
        if (!wanted(graph.nodes.get(key)!.app)) continue;
        io.out(`[${applied.has(key) ? "X" : " "}]  ${key}\n`);
      }
      return 0;
    }
    const shown = list.filter((s) => wanted(s.app));
    const text = formatShowmigrations(shown);
    if (text !== "") io.out(`${text}\n`);
    // Django lists an app without migrations as such.
    for (const a of apps)
      if (wanted(a.label) && !shown.some((s) => s.app === a.label))
        io.out(`${a.label}\n (no migrations)\n`);
    return 0;
  },
};
