/**
 * `flagon collectstatic`: gather every static file of the project into `static.root` with
 * hashed names, a `staticfiles.json` manifest and precompressed copies, as Django's command does
 * with ManifestStaticFilesStorage. The work is `collectStatic` in flagon/project; this file
 * turns options into its options and its steps into progress and lines.
 * @module
 */
import type { CollectStep } from "../../project/index.ts";
import { usageError } from "../errors.ts";
import { createProgress, type Progress } from "../progress.ts";
import type { CliIo, Command } from "../registry.ts";

function verbosityOf(value: string | boolean | undefined): number {
  if (value === undefined) return 1;
  if (typeof value !== "string" || !/^[0-3]$/.test(value)) {
    throw usageError("flagon collectstatic: --verbosity must be 0, 1, 2 or 3");
  }
  return Number(value);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What each step prints at each verbosity. */
function stepPrinter(io: CliIo, verbosity: number, dryRun: boolean) {
  let progress: Progress | undefined;
  const line = (text: string) =>
    progress === undefined ? io.out(`${text}\n`) : progress.log(text);
  const verb = dryRun ? "Pretending to copy" : "Copying";
  // On a terminal the redrawn line names the file; in a log one line per file would drown it.
  const tick = (label: string) => progress?.advance(io.isTTY === true ? label : undefined);
  return {
    get progress() {
      return progress;
    },
    onStep(step: CollectStep): void {
      switch (step.kind) {
        case "warning":
          if (verbosity >= 1) io.err(`flagon collectstatic: warning: ${step.message}\n`);
          return;
        case "shadowed":
          if (verbosity >= 2)
            line(`Found '${step.file.name}' in ${step.file.folder}, shadowed by ${step.by.folder}`);
          return;
        case "start":
          if (verbosity >= 1) progress = createProgress(io, { total: step.total });
          return;
        case "cleared":
          if (verbosity >= 2)
            line(`${dryRun ? "Pretending to delete" : "Deleting"} '${step.name}'`);
          return;
        case "copied":
          if (verbosity >= 2) line(`${verb} '${step.file.source}'`);
          tick(`Copying ${step.file.name}`);
          return;
        case "unmodified":
          if (verbosity >= 3) line(`Skipping '${step.file.name}' (not modified)`);
          tick(`Unmodified ${step.file.name}`);
          return;
        case "post-processed":
          if (verbosity >= 2) line(`Post-processed '${step.name}' as '${step.hashed}'`);
          tick(`Post-processed ${step.name}`);
          return;
      }
    },
  };
}

export const collectstaticCommand: Command = {
  name: "collectstatic",
  summary: "Gather static files into static.root with hashed names and a manifest",
  usage: "[--clear] [--dry-run] [--no-post-process] [--ignore GLOBS] [--verbosity N]",
  description: `
Copies every file of the project's static folders, then of each installed app's static
folder, into static.root (default "staticfiles"); the first file found for a path wins. Each
file also gets a content-hashed copy (css/site.1a2b3c4d5e6f.css) with the url() and @import
references of CSS rewritten to hashed names, .gz and .br copies for text files, and the
manifest staticfiles.json that static() reads in production. A second run copies only what
changed. A CSS reference to a file that is not collected is an error, and nothing is written.`,
  options: {
    clear: {
      type: "boolean",
      short: "c",
      description: "Delete everything in static.root first (refused for unsafe folders)",
    },
    "dry-run": {
      type: "boolean",
      short: "n",
      description: "Show what would be done; change nothing",
    },
    "no-post-process": {
      type: "boolean",
      description: "Only copy: no hashed names, no precompressed copies, no manifest",
    },
    ignore: {
      type: "string",
      short: "i",
      description: 'Comma-separated globs to skip ("*.scss,vendor/**")',
    },
    "no-default-ignore": {
      type: "boolean",
      description: "Also collect dot files, *~ backups and CVS folders",
    },
    verbosity: {
      type: "string",
      short: "v",
      description: "0 quiet, 1 summary (default), 2 every file, 3 unmodified files too",
    },
    "no-input": { type: "boolean", description: "Accepted for Django users; never asks anyway" },
    noinput: { type: "boolean", description: "Same as --no-input" },
  },
  async run({ values, io, settings: settingsFile }) {
    const verbosity = verbosityOf(values.verbosity);
    const dryRun = values["dry-run"] === true;
    const ignore =
      typeof values.ignore === "string"
        ? values.ignore
            .split(",")
            .map((g) => g.trim())
            .filter((g) => g !== "")
        : [];
    // The settings alone: no databases, no app, so a broken manifest cannot stop its own fix.
    const { collectStatic, loadSettings } = await import("../../project/index.ts");
    const settings = await loadSettings({
      cwd: io.cwd,
      env: io.env,
      ...(settingsFile === undefined ? {} : { settings: settingsFile }),
    });
    const printer = stepPrinter(io, verbosity, dryRun);
    if (dryRun && verbosity >= 1) io.out("Dry run: nothing will be written or deleted.\n");
    const result = await collectStatic(settings, {
      clear: values.clear === true,
      dryRun,
      postProcess: values["no-post-process"] !== true,
      ignore,
      defaultIgnore: values["no-default-ignore"] !== true,
      onStep: (step) => printer.onStep(step),
    });
    printer.progress?.end();
    if (verbosity === 0) return 0;
    if (result.cleared > 0) {
      io.out(
        `${dryRun ? "Would delete" : "Deleted"} ${plural(result.cleared, "entry").replace("entrys", "entries")} from ${result.root}.\n`,
      );
    }
    if (result.shadowed > 0) {
      io.out(
        `${plural(result.shadowed, "file")} shadowed by a file of the same path in an earlier folder${verbosity >= 2 ? "" : " (--verbosity 2 lists them)"}.\n`,
      );
    }
    io.out(
      `${plural(result.copied, "static file")} copied to ${result.root}, ${result.unmodified} unmodified, ${result.postProcessed} post-processed${dryRun ? " (dry run: nothing written)" : ""}.\n`,
    );
    return 0;
  },
};
