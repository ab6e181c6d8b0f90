/**
 * Migration file names: `0002_add_votes`. The number is one past the highest an app's files
 * use (a squashed `0001_squashed_0004` counts as 4); the rest is a name given by the user
 * (checked to be an identifier), `initial` for the first, or words from the operations.
 * @module
 */
import { ERR_MIGRATIONS_NAME, migrationsError } from "./errors.ts";
import type { Operation } from "./operation.ts";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_NAME = 100;

/** Throw `FLG_ERR_MIGRATIONS_NAME` unless `name` can follow `0002_` in a file name. */
export function checkMigrationName(name: string): void {
  if (!IDENTIFIER.test(name) || name.length > MAX_NAME)
    throw migrationsError(
      ERR_MIGRATIONS_NAME,
      `Migration name ${JSON.stringify(name)} is not valid: use letters, digits and _ (not first a digit), at most ${MAX_NAME} characters`,
    );
}

/** The number a migration name stands for: its prefix, or what a squash reaches. */
export function numberOf(name: string): number {
  const squashed = /_squashed_(\d{4})/.exec(name);
  const own = Number.parseInt(name.slice(0, 4), 10);
  return Math.max(Number.isNaN(own) ? 0 : own, squashed ? Number.parseInt(squashed[1]!, 10) : 0);
}

export function nextNumber(names: readonly string[]): number {
  return Math.max(0, ...names.map(numberOf)) + 1;
}

function stamp(now: Date): string {
  return now.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "_");
}

function prefix(number: number): string {
  return String(number).padStart(4, "0");
}

/** `0001_initial`, `0002_<given>`, or words from up to two operations (a stamp for more). */
export function migrationName(
  number: number,
  ops: readonly Operation[],
  now: Date,
  given?: string,
): string {
  if (given !== undefined) return `${prefix(number)}_${given}`;
  if (number === 1) return `${prefix(number)}_initial`;
  const words =
    ops.length > 0 && ops.length <= 2
      ? ops.map((o) => o.fragment()).join("_")
      : `auto_${stamp(now)}`;
  return `${prefix(number)}_${words.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 40)}`;
}

/** `0003_merge_0002_a_0002_b`, or `0003_merge_<stamp>` when the leaves make it too long. */
export function mergeName(
  number: number,
  leaves: readonly string[],
  now: Date,
  given?: string,
): string {
  if (given !== undefined) return `${prefix(number)}_${given}`;
  const joined = `merge_${leaves.join("_")}`;
  return `${prefix(number)}_${joined.length <= 60 ? joined : `merge_${stamp(now)}`}`;
}
