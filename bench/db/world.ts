/**
 * TechEmpower's two tables as Flagon models, under `flg_bench_` names, and the idempotent setup
 * that creates and fills them: World (10,000 rows, random numbers 1..10,000) and Fortune (the 12
 * standard messages; the 13th is added at request time by each server).
 * @module
 */
import { createModel, type Database, deleteModel, f, model } from "../../src/orm/index.ts";
import { FORTUNES } from "../templates/pages.ts";

export const World = model(
  "flgbench.World",
  { id: f.auto(), randomNumber: f.int() },
  { table: "flg_bench_world" },
);

export const Fortune = model(
  "flgbench.Fortune",
  { id: f.auto(), message: f.string({ maxLength: 2048 }) },
  { table: "flg_bench_fortune" },
);

export const WORLD_ROWS = 10_000;
/** The message every fortunes answer adds before sorting. */
export const ADDED_FORTUNE = "Additional fortune added at request time.";
export const STORED_FORTUNES = FORTUNES.filter(([id]) => id !== 0);

/** A random World key, 1..10,000. */
export const randomId = (): number => 1 + Math.floor(Math.random() * WORLD_ROWS);

/** TechEmpower's `queries` parameter: missing or not a number is 1; clamped to 1..500. */
export function queriesParam(raw: string | null | undefined): number {
  const n = Number.parseInt(raw ?? "", 10);
  if (Number.isNaN(n) || n < 1) return 1;
  return Math.min(n, 500);
}

async function filled(db: Database): Promise<boolean> {
  try {
    const worlds = await World.objects.using(db).count();
    const fortunes = await Fortune.objects.using(db).count();
    return worlds === WORLD_ROWS && fortunes === STORED_FORTUNES.length;
  } catch {
    return false; // no tables yet
  }
}

/** Create and fill both tables unless they already hold exactly the expected rows. */
export async function setupWorld(db: Database): Promise<"kept" | "created"> {
  if (await filled(db)) return "kept";
  await deleteModel(db, World, { ifExists: true });
  await deleteModel(db, Fortune, { ifExists: true });
  await createModel(db, World);
  await createModel(db, Fortune);
  await World.objects
    .using(db)
    .bulkCreate(
      Array.from({ length: WORLD_ROWS }, (_, i) => ({ id: i + 1, randomNumber: randomId() })),
    );
  await Fortune.objects
    .using(db)
    .bulkCreate(STORED_FORTUNES.map(([id, message]) => ({ id, message })));
  return "created";
}
