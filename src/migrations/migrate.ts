/**
 * `migrate()`: bring a database to the state of the migration files (or back to a named
 * migration). Under the migration lock, each migration runs with its recorder row in one
 * transaction where the backend rolls DDL back (PostgreSQL, SQLite), so a failure leaves the
 * database as it was. MySQL/MariaDB commit every DDL statement at once: there a failure reverses
 * the migration's operations that had completed, newest first, and records nothing (see
 * docs/migrations.md for what that does and does not cover).
 * @module
 */
import type { Database } from "../orm/index.ts";
import type { MigrationsApp } from "./app.ts";
import { refuseConflicts } from "./conflicts.ts";
import { ERR_MIGRATIONS_STATE, migrationsError } from "./errors.ts";
import { type MigrationGraph, type PlannedOperation, planOperations } from "./graph.ts";
import { loadGraph } from "./loader.ts";
import { acquireLock } from "./lock.ts";
import type { Step } from "./operation.ts";
import { type MigrateTarget, makePlan, type PlanStep } from "./plan.ts";
import {
  appliedKeys,
  ensureRecorder,
  RECORDER_TABLE,
  recordApplied,
  recordUnapplied,
} from "./recorder.ts";
import { effectiveApplied } from "./replacements.ts";
import { toModels } from "./state.ts";

export interface MigrateOptions {
  readonly apps: readonly MigrationsApp[];
  readonly db: Database;
  readonly target?: MigrateTarget;
  /** Record the plan as applied/unapplied without touching the schema (Django's --fake). */
  readonly fake?: boolean;
  /** Only compute the plan. */
  readonly plan?: boolean;
  /** The recorder table (default `flagon_migrations`); it also names the lock. */
  readonly recorderTable?: string;
  /** Called before (`"start"`) and after (`"done"`) each migration runs, for progress output. */
  readonly onStep?: (event: {
    readonly step: PlanStep;
    readonly phase: "start" | "done";
    readonly index: number;
    readonly total: number;
  }) => void;
}

export interface MigrateResult {
  /** What ran (or would run, with `plan`), in order. */
  readonly steps: readonly PlanStep[];
}

export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const { db } = options;
  const table = options.recorderTable ?? RECORDER_TABLE;
  const release = await acquireLock(db, table);
  try {
    await ensureRecorder(db, table);
    const recorded = await appliedKeys(db, table);
    const graph = await loadGraph(options.apps, recorded);
    refuseConflicts(graph);
    const applied = effectiveApplied(graph.nodes.values(), recorded);
    const steps = makePlan(graph, applied, options.target);
    if (options.plan) return { steps };
    for (const [index, step] of steps.entries()) {
      options.onStep?.({ step, phase: "start", index, total: steps.length });
      await runMigration(db, graph, step, options.fake === true, table);
      options.onStep?.({ step, phase: "done", index, total: steps.length });
    }
    return { steps };
  } finally {
    await release();
  }
}

async function runStep(db: Database, step: Step, planned: PlannedOperation): Promise<void> {
  if (typeof step === "string") {
    await (await db.connection()).execute(step);
    return;
  }
  const models = toModels(planned.ctx.from);
  await step.code({
    db,
    model(label) {
      const m = models.get(label);
      if (m === undefined)
        throw migrationsError(ERR_MIGRATIONS_STATE, `No model "${label}" at this migration`);
      return m;
    },
  });
}

async function runOperations(db: Database, ops: readonly PlannedOperation[]): Promise<void> {
  for (const o of ops) for (const s of o.steps()) await runStep(db, s, o);
}

async function runMigration(
  db: Database,
  graph: MigrationGraph,
  { key, backwards }: PlanStep,
  fake: boolean,
  table: string,
): Promise<void> {
  const node = graph.nodes.get(key)!;
  const driver = await db.driver();
  const dialect = driver.dialect;
  const ops = fake ? [] : planOperations(graph, key, dialect, backwards);
  // A squashed migration is recorded together with the migrations it replaces.
  const record = async () => {
    const names = [[node.app, node.name], ...(node.spec.replaces ?? [])];
    for (const [app, name] of names)
      await (backwards
        ? recordUnapplied(db, app!, name!, table)
        : recordApplied(db, app!, name!, table));
  };
  if (dialect.transactionalDdl && node.spec.atomic !== false) {
    const sqlite = dialect.name === "sqlite";
    // SQLite's table rebuild must not fire foreign-key actions on the dropped table, and the
    // pragma cannot change inside a transaction: off around it, checked before commit.
    if (sqlite) await driver.execute("PRAGMA foreign_keys = OFF");
    try {
      await db.atomic(async () => {
        await runOperations(db, ops);
        if (sqlite) await checkForeignKeys(db, key);
        await record();
      });
    } finally {
      if (sqlite) await driver.execute("PRAGMA foreign_keys = ON");
    }
    return;
  }
  await runCompensated(db, ops);
  await record();
}

async function checkForeignKeys(db: Database, key: string): Promise<void> {
  const conn = await db.connection();
  const { rows } = await conn.query("PRAGMA foreign_key_check");
  if (rows.length > 0)
    throw migrationsError(
      ERR_MIGRATIONS_STATE,
      `${key} leaves rows that break a foreign key: ${JSON.stringify(rows[0])}`,
    );
}

/**
 * Without transactional DDL: run the operations one by one; when one fails, undo the ones
 * that completed (newest first) and rethrow. Data steps still get a transaction each.
 */
async function runCompensated(db: Database, ops: readonly PlannedOperation[]): Promise<void> {
  const done: PlannedOperation[] = [];
  for (const o of ops) {
    try {
      if (o.steps().some((s) => typeof s !== "string"))
        await db.atomic(() => runOperations(db, [o]));
      else await runOperations(db, [o]);
      done.push(o);
    } catch (err) {
      for (const d of done.reverse()) for (const s of d.undo()) await runStep(db, s, d);
      throw err;
    }
  }
}
