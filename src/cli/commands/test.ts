/**
 * `flagon test [paths...]`: Django's test runner on node:test. It creates a test database from
 * the settings' default one (`test_<name>` on the same server; a temporary file for SQLite;
 * memory stays memory), applies every migration to it once, runs the test files with
 * `node --test` in child processes told its URL through FLAGON_TEST_DATABASE_URL, and drops it
 * afterwards, also when tests fail or the run is interrupted. The exit status is the run's.
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { getCompileCacheDir } from "node:module";
import { availableParallelism, constants } from "node:os";
import { relative } from "node:path";
import type { DatabaseSetting } from "../../orm/index.ts";
import type { TestDatabase } from "../../testing/index.ts";
import { usageError } from "../errors.ts";
import type { CliIo, Command } from "../registry.ts";

const SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

export const testCommand: Command = {
  name: "test",
  summary: "Run the project's tests on a test database created and destroyed for the run",
  usage: "[paths or globs...] [--keepdb] [--parallel N] [--filter PATTERN] [--database-url URL]",
  description: `
Finds the test files (default: **/*.test.ts and **/tests/**/*.ts, outside node_modules,
dist and staticfiles; a folder argument means those patterns inside it), creates the test
database, applies all migrations to it, runs the files with node --test and drops the
database at the end. The tests see its URL in FLAGON_TEST_DATABASE_URL, and loading the project
(testCase(), loadProject(), the project's app.ts) switches the default database to it.

  PostgreSQL, MySQL/MariaDB  test_<name> on the settings' server
  SQLite file                a temporary file (--keepdb: test_<file> beside the database)
  SQLite in memory           memory; each test process migrates its own`,
  options: {
    keepdb: {
      type: "boolean",
      description: "keep the test database after the run, and reuse one left by an earlier run",
    },
    parallel: {
      type: "string",
      description: "test files run at once (default 1; auto = one per CPU)",
    },
    filter: {
      type: "string",
      short: "k",
      description: "run only the tests whose name matches this regular expression",
    },
    "database-url": {
      type: "string",
      description: "make the test database from this database instead of the settings' default",
    },
  },
  maxPositionals: Number.POSITIVE_INFINITY,
  async run({ values, positionals, io, project }) {
    // Loaded here, not at start-up: every other command would pay for it.
    const { createTestDatabase, DEFAULT_TEST_PATTERNS, findTestFiles, migrateTestDatabase } =
      await import("../../testing/index.ts");
    const parallel = parseParallel(values.parallel);
    const filter = parseFilter(values.filter);
    const { files, unmatched } = findTestFiles(positionals, { cwd: io.cwd });
    if (unmatched.length > 0)
      throw usageError(
        `flagon test: no test files in ${unmatched.map((u) => `"${u}"`).join(", ")}`,
      );
    if (files.length === 0) {
      io.err(`flagon test: no test files found (looked for ${DEFAULT_TEST_PATTERNS.join(", ")})\n`);
      return 1;
    }
    const p = await project();
    const source = optionValue(values["database-url"]) ?? urlOf(p.settings.databases.default);
    // One SQLite file written by parallel processes would make them queue on its lock.
    const memory = parallel > 1 && /^sqlite:/i.test(source) && !/:memory:/.test(source);
    const keepdb = values.keepdb === true;
    // From here on a Ctrl+C must not end the CLI before the test database is dropped.
    const interrupt = new Interrupt(io);
    let db: TestDatabase | undefined;
    try {
      db = await createTestDatabase(memory ? "sqlite::memory:" : source, {
        keepdb,
        cwd: io.cwd,
        log: (line) => io.out(`${line}\n`),
      });
      io.out(`Using test database: ${db.description}${db.reused ? " (reused, --keepdb)" : ""}\n`);
      if (!db.inMemory && interrupt.signal === undefined) {
        const applied = await migrateTestDatabase(db.url, p.migrationsApps());
        io.out(`Applied ${applied} ${applied === 1 ? "migration" : "migrations"}.\n`);
      }
      if (interrupt.signal !== undefined) return 128 + signalNumber(interrupt.signal);
      const names = files.map((f) => relative(io.cwd, f));
      io.out(
        `Running ${files.length} test ${files.length === 1 ? "file" : "files"}${names.length <= 10 ? `: ${names.join(", ")}` : ""}\n`,
      );
      const args = ["--test", "--test-reporter=spec", `--test-concurrency=${parallel}`];
      if (filter !== undefined) args.push(`--test-name-pattern=${filter}`);
      return await runTests([...args, ...files], testEnv(io, db), io, interrupt);
    } finally {
      interrupt.dispose();
      if (db !== undefined) await finish(db, keepdb, io);
    }
  },
};

async function finish(db: TestDatabase, keepdb: boolean, io: CliIo): Promise<void> {
  if (db.inMemory) return;
  if (keepdb) {
    io.out(`Kept test database: ${db.description} (--keepdb)\n`);
    return;
  }
  await db.destroy();
  io.out(`Destroyed test database: ${db.description}\n`);
}

function testEnv(io: CliIo, db: TestDatabase): NodeJS.ProcessEnv {
  const cache = getCompileCacheDir();
  const env: NodeJS.ProcessEnv = {
    ...(cache === undefined ? {} : { NODE_COMPILE_CACHE: cache }),
    ...io.env,
    FLAGON_TEST_DATABASE_URL: db.url,
    FLAGON_TEST: "1",
  };
  // Set when `flagon test` itself runs inside a node:test file; the run would then skip its files.
  delete env.NODE_TEST_CONTEXT;
  return env;
}

/** Signals that arrive during the run: passed on to the tests, and never ending the CLI early. */
class Interrupt {
  signal: NodeJS.Signals | undefined;
  #count = 0;
  #child: ChildProcess | undefined;
  readonly #on = (signal: NodeJS.Signals): void => {
    this.signal ??= signal;
    this.#count++;
    if (this.#child !== undefined) {
      // A second Ctrl+C means "now"; the test database is still dropped afterwards.
      this.#child.kill(this.#count > 1 ? "SIGKILL" : signal);
    } else if (this.#count > 2) {
      // Stuck creating or migrating the database: give up; the next run drops what is left.
      this.io.err("flagon test: interrupted before the tests started\n");
      process.exit(128 + signalNumber(signal));
    }
  };

  readonly io: CliIo;

  constructor(io: CliIo) {
    this.io = io;
    for (const s of SIGNALS) process.on(s, this.#on);
  }

  watch(child: ChildProcess): void {
    this.#child = child;
  }

  dispose(): void {
    for (const s of SIGNALS) process.off(s, this.#on);
  }
}

function runTests(
  args: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  interrupt: Interrupt,
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: io.cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    interrupt.watch(child);
    child.stdout.setEncoding("utf8").on("data", (s: string) => io.out(s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => io.err(s));
    child.once("error", (err) => {
      io.err(`flagon test: could not start ${process.execPath}: ${err.message}\n`);
      resolve(1);
    });
    child.once("close", (code, signal) => {
      resolve(code ?? 128 + (signal === null ? 0 : signalNumber(signal)));
    });
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 0;
}

function optionValue(v: string | boolean | undefined): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function urlOf(setting: DatabaseSetting): string {
  return typeof setting === "string" ? setting : setting.url;
}

function parseParallel(v: string | boolean | undefined): number {
  if (v === undefined) return 1;
  if (v === "auto") return availableParallelism();
  if (typeof v !== "string" || !/^[1-9]\d{0,3}$/.test(v))
    throw usageError(`flagon test: --parallel takes a whole number >= 1 or "auto", got "${v}"`);
  return Number(v);
}

function parseFilter(v: string | boolean | undefined): string | undefined {
  const pattern = optionValue(v);
  if (pattern === undefined) return undefined;
  try {
    new RegExp(pattern);
  } catch {
    throw usageError(`flagon test: --filter "${pattern}" is not a valid regular expression`);
  }
  return pattern;
}
