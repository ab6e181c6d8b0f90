/**
 * JSON fixtures in Django's format: `[{ "model": "polls.question", "pk": 1, "fields": {...} }]`.
 *
 * `loadFixtures` reads every named file, checks every row (model, fields, value types) before
 * writing anything, then writes all of them in one transaction: any failure rolls everything
 * back and names the file, the row's index and the field. Rows are written in dependency order
 * (foreign key targets first, whatever the order of the files), a row whose key exists is
 * updated, many-to-many links are set last. No save signals are sent (Django sends them with
 * `raw=True`; Flagon has no raw flag, so receivers are not run on half-loaded data). On
 * PostgreSQL the key sequences are moved past the loaded keys, so later inserts do not collide.
 *
 * `dumpFixtures` yields the records of the chosen models, foreign key targets first, each table
 * read in key order in chunks (for tables larger than memory).
 * @module
 */
import {
  type AnyModel,
  type Database,
  type RelationMeta,
  saveInheritedRow,
  sql,
} from "../orm/index.ts";
import type { Project } from "./create-project.ts";
import { ERR_FIXTURE_FIELD, ERR_FIXTURE_MODEL, ERR_FIXTURE_ROW, FixtureError } from "./errors.ts";
import { findFixtureFiles, type RawRecord, readFixtureFile } from "./fixture-files.ts";
import {
  dependencyOrder,
  fixtureManyToMany,
  modelsByLabel,
  selectModels,
} from "./fixture-models.ts";
import { fromFixtureValue, toFixtureValue } from "./fixture-values.ts";

/** One object of a fixture, as in Django's JSON format. */
export interface FixtureRecord {
  /** The model's label in lower case: `"polls.question"`. */
  model: string;
  pk: unknown;
  fields: Record<string, unknown>;
}

export interface LoadFixturesOptions {
  /** The database alias. @default "default" */
  using?: string;
  /** Called after each batch of rows is written, and once at the end. */
  onProgress?: (done: number, total: number) => void;
}

export interface DumpFixturesOptions {
  /** `app` or `app.Model` labels; every installed model when empty. */
  labels?: readonly string[];
  /** Labels to leave out. */
  exclude?: readonly string[];
  /** The database alias. @default "default" */
  using?: string;
}

const BATCH = 500;

interface Prepared {
  readonly raw: RawRecord;
  readonly model: AnyModel;
  readonly row: Record<string, unknown>;
  readonly links: readonly { rel: RelationMeta; name: string; keys: readonly unknown[] }[];
}

function prepare(raw: RawRecord, models: Map<string, AnyModel>): Prepared {
  const where = { file: raw.file, index: raw.index };
  const model = models.get(raw.model.toLowerCase());
  if (model === undefined)
    throw new FixtureError(ERR_FIXTURE_MODEL, `no installed model "${raw.model}"`, where);
  const { meta } = model;
  const row: Record<string, unknown> = {};
  if (raw.pk !== null) row[meta.pk.attr] = raw.pk;
  const m2m = new Map(fixtureManyToMany(model).map((r) => [r.name, r]));
  const links: Prepared["links"][number][] = [];
  for (const [name, value] of Object.entries(raw.fields)) {
    const field = meta.byName.get(name) ?? meta.byAttr.get(name);
    const rel = m2m.get(name);
    if (field !== undefined && !field.primaryKey) {
      const v = fromFixtureValue(field, value);
      if ("error" in v) throw new FixtureError(ERR_FIXTURE_ROW, v.error, { ...where, field: name });
      row[field.attr] = v.ok;
    } else if (rel !== undefined) {
      if (!Array.isArray(value))
        throw new FixtureError(ERR_FIXTURE_ROW, "a many-to-many value is a list of keys", {
          ...where,
          field: name,
        });
      if (raw.pk === null)
        throw new FixtureError(ERR_FIXTURE_ROW, "a row with many-to-many links needs a pk", {
          ...where,
          field: name,
        });
      links.push({ rel, name, keys: value });
    } else {
      throw new FixtureError(ERR_FIXTURE_FIELD, `${meta.label} has no field "${name}"`, {
        ...where,
        field: name,
      });
    }
  }
  return { raw, model, row, links };
}

function rowError(p: Prepared, err: unknown, field?: string): FixtureError {
  if (err instanceof FixtureError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new FixtureError(
    ERR_FIXTURE_ROW,
    `${p.model.meta.label} pk ${JSON.stringify(p.raw.pk)}: ${message}`,
    { file: p.raw.file, index: p.raw.index, cause: err, ...(field ? { field } : {}) },
  );
}

/** Insert rows (all with keys, or all without); on failure find and name the row that failed. */
async function insert(db: Database, model: AnyModel, batch: readonly Prepared[]): Promise<void> {
  // A multi-table child's row spans tables one INSERT cannot fill, and its parent's row may
  // have come from the parent's own record: written row by row, table by table.
  if (model.meta.parent !== undefined) {
    for (const p of batch) {
      try {
        await db.atomic(() => saveInheritedRow(model.meta, p.row, db));
      } catch (err) {
        throw rowError(p, err);
      }
    }
    return;
  }
  const qs = model.objects.using(db);
  try {
    await db.atomic(() => qs.bulkCreate(batch.map((p) => p.row) as never[]));
    return;
  } catch (err) {
    if (batch.length === 1) throw rowError(batch[0]!, err);
  }
  for (const p of batch) {
    try {
      await db.atomic(() => qs.bulkCreate([p.row] as never[]));
    } catch (err) {
      throw rowError(p, err);
    }
  }
}

async function writeBatch(
  db: Database,
  model: AnyModel,
  batch: readonly Prepared[],
): Promise<void> {
  const pk = model.meta.pk;
  const keyed = batch.filter((p) => pk.attr in p.row);
  const existing = new Set<unknown>();
  if (keyed.length > 0) {
    const keys = keyed.map((p) => p.row[pk.attr]);
    const found = await model.objects
      .using(db)
      .filter({ [pk.attr]: { in: keys } } as never)
      .valuesList(pk.attr as never, { flat: true });
    for (const k of found as unknown[]) existing.add(String(k));
  }
  const fresh = keyed.filter((p) => !existing.has(String(p.row[pk.attr])));
  for (const p of keyed.filter((x) => existing.has(String(x.row[pk.attr])))) {
    const { [pk.attr]: key, ...values } = p.row;
    try {
      await db.atomic(() =>
        model.objects
          .using(db)
          .filter({ [pk.attr]: key } as never)
          .update(values as never),
      );
    } catch (err) {
      throw rowError(p, err);
    }
  }
  if (fresh.length > 0) await insert(db, model, fresh);
  const unkeyed = batch.filter((p) => !(pk.attr in p.row));
  if (unkeyed.length > 0) await insert(db, model, unkeyed);
}

async function writeLinks(db: Database, p: Prepared): Promise<void> {
  for (const { rel, name, keys } of p.links) {
    const key = p.row[p.model.meta.pk.attr];
    try {
      await db.atomic(async () => {
        const through = rel.through.objects.using(db);
        await through.filter({ [rel.src.name]: key } as never).delete();
        const rows = [...new Set(keys)].map((k) => ({ [rel.src.attr]: key, [rel.dst!.attr]: k }));
        if (rows.length > 0) await through.bulkCreate(rows as never[]);
      });
    } catch (err) {
      throw rowError(p, err, name);
    }
  }
}

/** PostgreSQL: move each auto key's sequence past the largest key, as Django's loaddata does. */
async function resetSequences(db: Database, models: Iterable<AnyModel>): Promise<void> {
  if (db.vendor !== "postgres") return;
  for (const m of models) {
    const { table, pk } = m.meta;
    if (pk.spec.kind !== "auto" && pk.spec.kind !== "bigAuto") continue;
    await db.execute(
      sql`select setval(pg_get_serial_sequence(${`"${table.replaceAll('"', '""')}"`}, ${pk.column}), coalesce(max(${sql.id(pk.column)}), 1), max(${sql.id(pk.column)}) is not null) from ${sql.id(table)}`,
    );
  }
}

/**
 * Load fixture files by name (see fixture-files.ts for where names are looked for) into one
 * database, all in one transaction.
 * @throws {FixtureError} naming the file, row and field: `FLG_ERR_FIXTURE_NOT_FOUND`,
 *   `FLG_ERR_FIXTURE_FORMAT`, `FLG_ERR_FIXTURE_MODEL`, `FLG_ERR_FIXTURE_FIELD`,
 *   `FLG_ERR_FIXTURE_ROW`.
 */
export async function loadFixtures(
  project: Project,
  names: readonly string[],
  options: LoadFixturesOptions = {},
): Promise<{ objects: number; fixtures: number }> {
  const files = [...new Set(names.flatMap((n) => findFixtureFiles(project, n)))];
  const models = modelsByLabel(project);
  const prepared = files.flatMap((f) => readFixtureFile(f).map((r) => prepare(r, models)));
  const rank = new Map(
    dependencyOrder([...new Set(prepared.map((p) => p.model))]).map((m, i) => [m, i]),
  );
  const ordered = prepared
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank.get(a.p.model)! - rank.get(b.p.model)! || a.i - b.i)
    .map((x) => x.p);
  const db = project.databases.get(options.using ?? "default");
  const total = ordered.length;
  await db.atomic(async () => {
    let done = 0;
    for (let i = 0; i < ordered.length; ) {
      const model = ordered[i]!.model;
      let j = i;
      while (j < ordered.length && j - i < BATCH && ordered[j]!.model === model) j++;
      await writeBatch(db, model, ordered.slice(i, j));
      done = j;
      i = j;
      options.onProgress?.(done, total);
    }
    for (const p of ordered) if (p.links.length > 0) await writeLinks(db, p);
    await resetSequences(db, rank.keys());
  });
  if (total === 0) options.onProgress?.(0, 0);
  return { objects: total, fixtures: files.length };
}

async function* recordsOf(db: Database, model: AnyModel): AsyncGenerator<FixtureRecord> {
  const { meta } = model;
  const label = meta.label.toLowerCase();
  const m2m = fixtureManyToMany(model);
  const fields = meta.fields.filter((f) => !f.primaryKey);
  let chunk: Record<string, unknown>[] = [];
  const flush = async function* (): AsyncGenerator<FixtureRecord> {
    const keys = chunk.map((r) => r[meta.pk.attr]);
    const links = new Map<string, Map<string, unknown[]>>();
    for (const rel of m2m) {
      const byKey = new Map<string, unknown[]>();
      const pairs = (await rel.through.objects
        .using(db)
        .filter({ [rel.src.name]: { in: keys } } as never)
        .orderBy(rel.dst!.attr as never)
        .valuesList(rel.src.attr as never, rel.dst!.attr as never)) as unknown as [
        unknown,
        unknown,
      ][];
      for (const [src, dst] of pairs) {
        const list = byKey.get(String(src)) ?? [];
        list.push(toFixtureValue(dst));
        byKey.set(String(src), list);
      }
      links.set(rel.name, byKey);
    }
    for (const row of chunk) {
      const out: Record<string, unknown> = {};
      for (const f of fields) out[f.name] = toFixtureValue(row[f.attr]);
      const key = String(row[meta.pk.attr]);
      for (const rel of m2m) out[rel.name] = links.get(rel.name)!.get(key) ?? [];
      yield { model: label, pk: toFixtureValue(row[meta.pk.attr]), fields: out };
    }
    chunk = [];
  };
  for await (const row of model.objects.using(db).orderBy().iterator({ chunkSize: BATCH })) {
    chunk.push(row as Record<string, unknown>);
    if (chunk.length === BATCH) yield* flush();
  }
  if (chunk.length > 0) yield* flush();
}

/**
 * The records of the chosen models, foreign key targets first, each table in key order and read
 * in chunks: iterate with `for await`, and write them out as you go.
 * @throws {FixtureError} `FLG_ERR_FIXTURE_MODEL` for a label that names no installed app or model.
 */
export async function* dumpFixtures(
  project: Project,
  options: DumpFixturesOptions = {},
): AsyncGenerator<FixtureRecord, void> {
  const models = selectModels(project, options.labels, options.exclude);
  const db = project.databases.get(options.using ?? "default");
  for (const m of models) yield* recordsOf(db, m);
}
