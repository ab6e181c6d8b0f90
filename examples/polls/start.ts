/**
 * `npm start` from the repository root: the polls demo, ready to use from a fresh clone.
 *
 *   1. `flagon migrate` creates the database (db.sqlite3 here, unless DATABASE_URL says
 *      otherwise) and its tables;
 *   2. `flagon loaddata sample` loads the sample questions, only when that migrate created the
 *      polls tables (a new database): votes cast earlier are never overwritten;
 *   3. `flagon runserver` serves the project at http://localhost:8000 (PORT to change it), with
 *      debug on and restarting when a file changes.
 *
 * Each step is the `flagon` command you would type in examples/polls yourself. Options after
 * `--` go to runserver: `npm start -- --port 8001`.
 * @module
 */
import { spawn, spawnSync } from "node:child_process";
import { constants } from "node:os";
import { join } from "node:path";

const here = import.meta.dirname;
const flagonBin = join(here, "..", "..", "bin", "flagon.js");

/** Run a flagon command in the project folder; its output is shown and returned. */
function flagon(args: readonly string[]): string {
  const run = spawnSync(process.execPath, [flagonBin, ...args], {
    cwd: here,
    stdio: ["inherit", "pipe", "inherit"],
    encoding: "utf8",
  });
  process.stdout.write(run.stdout ?? "");
  if (run.status !== 0) {
    process.stderr.write(`polls demo: "flagon ${args.join(" ")}" failed; see above.\n`);
    process.exit(run.status ?? 1);
  }
  return run.stdout ?? "";
}

const migrated = flagon(["migrate"]);
if (/polls\.0001_initial/.test(migrated)) flagon(["loaddata", "sample"]);

// runserver stands in for this process from here on, and its exit status becomes ours. Ctrl+C
// reaches it directly (the terminal signals the whole process group), so SIGINT is only kept
// from ending this process early; a SIGTERM or SIGHUP sent to this process alone is passed on.
const server = spawn(process.execPath, [flagonBin, "runserver", ...process.argv.slice(2)], {
  cwd: here,
  stdio: "inherit",
});
process.on("SIGINT", () => {});
for (const signal of ["SIGTERM", "SIGHUP"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => {
  process.exitCode = code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0));
  process.exit();
});
