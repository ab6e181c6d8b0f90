/**
 * Operations the autodetector never writes: raw SQL, and code for data migrations. Neither
 * changes the project state. Without a reverse they make the migration irreversible, as
 * Django's RunSQL and RunPython do; pass `noop` for "nothing to undo".
 * @module
 */
import { ERR_MIGRATIONS_IRREVERSIBLE, migrationsError } from "./errors.ts";
import type { CodeStep, Operation } from "./operation.ts";

/** A reverse that does nothing (the forward step needs no undoing). */
export const noop: CodeStep = () => undefined;

function list(sql: string | readonly string[]): string[] {
  return typeof sql === "string" ? [sql] : [...sql];
}

function irreversible(what: string): never {
  throw migrationsError(
    ERR_MIGRATIONS_IRREVERSIBLE,
    `${what} has no reverse: it cannot be unapplied`,
  );
}

export function runSql(
  forwards: string | readonly string[],
  backwards?: string | readonly string[],
): Operation {
  return {
    type: "runSql",
    describe: () => "Raw SQL operation",
    fragment: () => "run_sql",
    apply: (state) => state,
    forwards: () => list(forwards),
    backwards: () => (backwards === undefined ? irreversible("runSql") : list(backwards)),
    toCode: () =>
      `op.runSql(${JSON.stringify(forwards)}${backwards === undefined ? "" : `, ${JSON.stringify(backwards)}`})`,
  };
}

/**
 * A data migration step: `forwards({ db, model })` where `model("app.Model")` is the model as it
 * was at this point of the history, never the current declaration.
 */
export function runCode(forwards: CodeStep, backwards?: CodeStep): Operation {
  return {
    type: "runCode",
    describe: () => `Run code ${forwards.name || "(anonymous)"}`,
    fragment: () => "run_code",
    apply: (state) => state,
    forwards: () => [{ code: forwards, label: forwards.name || "(anonymous)" }],
    backwards: () =>
      backwards === undefined
        ? irreversible("runCode")
        : [{ code: backwards, label: backwards.name || "(anonymous)" }],
    // Code cannot be written back out; hand-written migrations hold these.
    toCode: () => "op.runCode(/* hand-written */)",
  };
}
