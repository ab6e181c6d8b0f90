/**
 * The project as a test process sees it: loaded once per process (from the settings file of the
 * working directory, as `flagon test` runs it, or handed over by the test), on the test database
 * that `flagon test` names in FLAGON_TEST_DATABASE_URL (`createProject` switches the default
 * database to it), and migrated first when that database lives in memory. It is closed after
 * the last test case of the file that uses it, so open pools never keep the process alive.
 * @module
 */
import { after } from "node:test";
import { migrate } from "../migrations/index.ts";
import { type Database, getDatabases } from "../orm/index.ts";
import { type LoadProjectOptions, loadProject, type Project } from "../project/index.ts";
import { testingError } from "./errors.ts";
import { TEST_DATABASE_ENV } from "./test-database.ts";

/** A project, a promise of one, or a function that loads one. */
export type ProjectSource = Project | Promise<Project> | (() => Project | Promise<Project>);

interface Shared {
  readonly source: ProjectSource | undefined;
  project: Promise<Project> | undefined;
  users: number;
}

let shared: Shared | undefined;
const migrated = new WeakSet<Database>();

/**
 * Take a share of the test project for one test case: `load()` loads (or returns) it,
 * and `release()`, called once the case's tests are over, closes it after the last user.
 */
export function useTestProject(
  source?: ProjectSource,
  options: LoadProjectOptions = {},
): { load(): Promise<Project>; release(): Promise<void> } {
  if (shared === undefined || (source !== undefined && shared.source !== source))
    shared = { source, project: undefined, users: 0 };
  const mine = shared;
  mine.users++;
  let released = false;
  return {
    load() {
      mine.project ??= prepare(source, options);
      return mine.project;
    },
    async release() {
      if (released) return;
      released = true;
      if (--mine.users > 0 || mine.project === undefined) return;
      if (shared === mine) shared = undefined;
      const project = await mine.project.catch(() => undefined);
      await project?.close();
      await currentDatabases()?.closeAll();
    },
  };
}

/**
 * `useTestProject` for node:test: the share is released by an `after` hook of the suite (or
 * file) the test case is declared in.
 */
export function testProjectForSuite(
  source?: ProjectSource,
  options?: LoadProjectOptions,
): () => Promise<Project> {
  const use = useTestProject(source, options);
  after(() => use.release());
  return () => use.load();
}

async function prepare(
  source: ProjectSource | undefined,
  options: LoadProjectOptions,
): Promise<Project> {
  const env = options.env ?? process.env;
  const project = await (typeof source === "function"
    ? source()
    : (source ?? loadProject(options)));
  // The ORM queries the process-wide databases: check and migrate the one it will use.
  const db = currentDatabases()?.get("default") ?? project.databases.get("default");
  const inMemory = db.config.vendor === "sqlite" && db.config.path === ":memory:";
  if (source === undefined && !env[TEST_DATABASE_ENV] && !inMemory) {
    await project.close();
    throw testingError(
      "FLG_ERR_TEST_DATABASE",
      `no test database: run the tests with "flagon test", which creates one, or set ${TEST_DATABASE_ENV} (sqlite::memory: works); tests never run on the settings' own database ${db.displayUrl}`,
    );
  }
  if (inMemory && !migrated.has(db)) {
    migrated.add(db);
    await migrate({ apps: project.migrationsApps(), db });
  }
  return project;
}

function currentDatabases(): ReturnType<typeof getDatabases> | undefined {
  try {
    return getDatabases();
  } catch {
    return undefined;
  }
}
