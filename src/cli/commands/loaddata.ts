/**
 * `flagon loaddata fixture [fixture ...] [--database alias]`: load JSON fixtures (looked for in
 * every app's `fixtures/` folder, or given as paths) in one transaction. See
 * `src/project/fixtures.ts` for the rules.
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import type { Command } from "../../project/index.ts";
import { isFile } from "../app-file.ts";
import { usageError } from "../errors.ts";
import { createProgress, type Progress } from "../progress.ts";
import { databaseOption } from "./migration-args.ts";

/** Off a terminal, loads of up to this many objects print no progress lines. */
const QUIET_UP_TO = 1000;

export const loaddataCommand: Command = {
  name: "loaddata",
  summary: "Load JSON fixtures into the database",
  usage: "fixture [fixture ...] [--database alias]",
  description:
    "A fixture name (polls, polls.json) is looked for in every installed app's fixtures/\n" +
    "folder and the project's fixtures/ folder; a path (./data/polls.json) is read as given.\n" +
    "All files load in one transaction: on any error nothing is written.",
  options: { database: databaseOption },
  maxPositionals: 1000,
  async run({ values, positionals, io, project: load }) {
    if (positionals.length === 0)
      throw usageError("flagon loaddata: give at least one fixture name or file");
    // Paths are relative to where the command runs, as in Django.
    const names = positionals.map((n) => {
      const path = resolve(io.cwd, n);
      const pathLike = isAbsolute(n) || n.includes("/") || n.includes("\\");
      return pathLike || isFile(path) || isFile(`${path}.json`) ? path : n;
    });
    const project = await load();
    const { loadFixtures } = await import("../../project/index.ts");
    let progress: Progress | undefined;
    const { objects, fixtures } = await loadFixtures(project, names, {
      ...(typeof values.database === "string" ? { using: values.database } : {}),
      onProgress(done, total) {
        // Off a terminal a small load prints no progress; a long one a line per batch.
        if (io.isTTY !== true && total <= QUIET_UP_TO) return;
        progress ??= createProgress(io, { total });
        progress.update(done, "objects");
      },
    });
    progress?.end();
    io.out(`Installed ${objects} object(s) from ${fixtures} fixture(s)\n`);
    return 0;
  },
};
