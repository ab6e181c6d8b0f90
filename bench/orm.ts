/**
 * `node bench/orm.ts`: the ORM against the raw driver on in-memory SQLite, PostgreSQL and
 * MariaDB/MySQL, five operations each, the two implementations alternating over rounds. Prints
 * ops/s and ORM time / raw time per operation and, with `--write`, puts a dated section in
 * docs/benchmarks.md. See bench/README.md.
 *
 * Flags: `--rounds N` (8), `--seconds S` per measured run (0.5), `--only sqlite,postgres,mysql`,
 * `--write`. URLs: FLG_BENCH_PG_URL, FLG_BENCH_MYSQL_URL (defaults: the local test servers).
 * @module
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import BetterSqlite3 from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";
import {
  createModel,
  createModelSql,
  type Database,
  Databases,
  deleteModel,
} from "../src/orm/index.ts";
import { CHILDREN_PER_PARENT, Child, PARENTS, Parent, SCORES } from "./orm/models.ts";
import { OP_NAMES, type Op } from "./orm/ops.ts";
import { ormOps } from "./orm/orm-side.ts";
import { mysqlRawOps, pgRawOps, sqliteRawOps } from "./orm/raw-side.ts";
import { type OpSamples, renderTable } from "./orm/report.ts";
import { writeDoc } from "./report.ts";

const log = (line: string) => process.stdout.write(`${line}\n`);

/** Seed through the ORM's database; the raw side of the server backends reads the same tables. */
async function seed(db: Database): Promise<void> {
  await deleteModel(db, Child, { ifExists: true });
  await deleteModel(db, Parent, { ifExists: true });
  await createModel(db, Parent);
  await createModel(db, Child);
  const parents = Parent.objects.using(db);
  await parents.bulkCreate(
    Array.from({ length: PARENTS }, (_, i) => ({ name: `parent ${i}`, score: i % SCORES })),
  );
  const children = [];
  for (let p = 1; p <= PARENTS; p++) {
    for (let c = 0; c < CHILDREN_PER_PARENT; c++) children.push({ parentId: p, label: `c${c}` });
  }
  await Child.objects.using(db).bulkCreate(children);
}

async function cleanUp(db: Database): Promise<void> {
  await deleteModel(db, Child, { ifExists: true });
  await deleteModel(db, Parent, { ifExists: true });
}

/** Operations per second of `op` run back to back for `ms` milliseconds. */
async function rate(op: Op, ms: number, start: number): Promise<number> {
  let i = start;
  const t0 = performance.now();
  const end = t0 + ms;
  let now = t0;
  while (now < end) {
    // 16 calls between clock reads keep the clock out of the sub-microsecond SQLite figures.
    for (let k = 0; k < 16; k++) await op(i++);
    now = performance.now();
  }
  return ((i - start) * 1000) / (now - t0);
}

interface Backend {
  name: string;
  db: Database;
  raw: Record<string, Op>;
  close: () => Promise<void>;
}

async function measure(b: Backend, rounds: number, ms: number): Promise<OpSamples[]> {
  const orm = ormOps(b.db);
  const out: OpSamples[] = [];
  for (const name of OP_NAMES) {
    const s: OpSamples = { op: name, orm: [], raw: [] };
    const impls = [
      { key: "orm" as const, op: orm[name]! },
      { key: "raw" as const, op: b.raw[name]! },
    ];
    for (const impl of impls) await rate(impl.op, Math.min(300, ms), 0); // warm-up, JIT
    for (let r = 0; r < rounds; r++) {
      // Alternate which implementation goes first, so neither always meets a warmer cache.
      const order = r % 2 === 0 ? impls : [...impls].reverse();
      for (const impl of order) s[impl.key].push(await rate(impl.op, ms, (r + 1) * 100_000));
    }
    log(`  ${b.name.padEnd(16)} ${name.padEnd(34)} orm ${fmt(s.orm)}  raw ${fmt(s.raw)} ops/s`);
    out.push(s);
  }
  return out;
}

const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join("/");

async function openBackend(kind: string, dbs: Databases): Promise<Backend> {
  if (kind === "sqlite") {
    const db = dbs.get("sqlite");
    await seed(db);
    // The raw side gets its own in-memory database with the same tables and rows.
    const raw = new BetterSqlite3(":memory:");
    const dialect = (await db.connection()).dialect;
    for (const m of [Parent, Child]) for (const s of createModelSql(m.meta, dialect)) raw.exec(s);
    const ins = raw.prepare("insert into flg_bench_parent (name, score) values (?, ?)");
    const insC = raw.prepare("insert into flg_bench_child (parent_id, label) values (?, ?)");
    raw.transaction(() => {
      for (let i = 0; i < PARENTS; i++) ins.run(`parent ${i}`, i % SCORES);
      for (let p = 1; p <= PARENTS; p++)
        for (let c = 0; c < CHILDREN_PER_PARENT; c++) insC.run(p, `c${c}`);
    })();
    return {
      name: "SQLite (memory)",
      db,
      raw: sqliteRawOps(raw),
      close: async () => {
        raw.close();
      },
    };
  }
  if (kind === "postgres") {
    const db = dbs.get("postgres");
    await seed(db);
    const pool = new pg.Pool({ connectionString: PG_URL, max: 10 });
    return {
      name: "PostgreSQL",
      db,
      raw: pgRawOps(pool),
      close: async () => {
        await pool.end();
        await cleanUp(db);
      },
    };
  }
  const db = dbs.get("mysql");
  await seed(db);
  const pool = mysql.createPool({ uri: MYSQL_URL, connectionLimit: 10 });
  return {
    name: "MariaDB",
    db,
    raw: mysqlRawOps(pool),
    close: async () => {
      await pool.end();
      await cleanUp(db);
    },
  };
}

const PG_URL = process.env.FLG_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const MYSQL_URL = process.env.FLG_BENCH_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: "8" },
      seconds: { type: "string", default: "0.5" },
      only: { type: "string", default: "sqlite,postgres,mysql" },
      write: { type: "boolean", default: false },
    },
  });
  const rounds = Number(values.rounds);
  const ms = Number(values.seconds) * 1000;
  if (!(rounds >= 1 && ms > 0)) {
    log(
      "usage: node bench/orm.ts [--rounds N] [--seconds S] [--only sqlite,postgres,mysql] [--write]",
    );
    return 2;
  }
  const dbs = new Databases({
    default: "sqlite::memory:",
    sqlite: "sqlite::memory:",
    postgres: PG_URL,
    mysql: MYSQL_URL,
  });
  const sections: string[] = [];
  try {
    for (const kind of values.only.split(",").map((k) => k.trim())) {
      let b: Backend;
      try {
        b = await openBackend(kind, dbs);
      } catch (err) {
        log(`${kind}: not measured: ${(err as Error).message.split("\n")[0]}`);
        sections.push(`${kind}: not measured (${(err as Error).message.split("\n")[0]})`);
        continue;
      }
      try {
        sections.push(renderTable(b.name, await measure(b, rounds, ms)));
      } finally {
        await b.close();
      }
    }
  } finally {
    await dbs.closeAll();
  }
  const body = [
    `Node ${process.version}; \`node bench/orm.ts --rounds ${rounds} --seconds ${ms / 1000}\`: ` +
      "one operation at a time on one connection, ORM and raw driver alternating over rounds; " +
      "median rates; ORM time / raw is the median over rounds of the round's raw rate over its ORM " +
      "rate (1.00x = no overhead), with the range of those per-round ratios.",
    ...sections,
  ].join("\n\n");
  const stamp = new Date().toISOString().slice(0, 16).replace("T", " ");
  log(`\n## ${stamp} UTC: ORM against the raw driver\n\n${body}\n`);
  if (values.write) {
    writeDoc(
      join(import.meta.dirname, "..", "docs", "benchmarks.md"),
      `${stamp} UTC: ORM against the raw driver`,
      body,
    );
    log("written: docs/benchmarks.md");
  }
  return 0;
}

process.exitCode = await main();
