/**
 * The raw-driver side of each operation: better-sqlite3 prepared statements, `pg` pool queries,
 * `mysql2` pool `execute` (server-side prepared, as Flagon's MySQL driver does). Each groups the
 * prefetched children by parent as the ORM does, so both sides do the same work.
 * @module
 */
import type BetterSqlite3 from "better-sqlite3";
import type { Pool as MysqlPool } from "mysql2/promise";
import type { Pool as PgPool } from "pg";
import { PARENTS, SCORES } from "./models.ts";
import type { Op } from "./ops.ts";

type Row = Record<string, unknown>;

const P_COLS = "id, name, score";
const C_COLS = "id, parent_id, label";

function group(parents: Row[], children: Row[]): number {
  const by = new Map<unknown, Row[]>();
  for (const p of parents) by.set(p.id, []);
  for (const c of children) by.get(c.parent_id)?.push(c);
  let n = 0;
  for (const list of by.values()) n += list.length;
  return n;
}

/** better-sqlite3: statements prepared once, as a hand-tuned program would. */
export function sqliteRawOps(db: BetterSqlite3.Database): Record<string, Op> {
  const get = db.prepare(`select ${P_COLS} from flg_bench_parent where id = ?`);
  const filter = db.prepare(`select ${P_COLS} from flg_bench_parent where score = ?`);
  const insert = db.prepare("insert into flg_bench_parent (name, score) values (?, ?)");
  const update = db.prepare("update flg_bench_parent set score = ? where id = ?");
  const parents = db.prepare(`select ${P_COLS} from flg_bench_parent where id <= 100`);
  return {
    "get by key": async (i) => get.get((i % PARENTS) + 1),
    "filter 20 rows": async (i) => filter.all(i % SCORES),
    "insert one": async (i) => insert.run(`new ${i}`, i % SCORES).lastInsertRowid,
    "update one": async (i) => update.run(i % SCORES, (i % PARENTS) + 1).changes,
    "100 parents + prefetched children": async () => {
      const ps = parents.all() as Row[];
      const ids = ps.map((p) => p.id);
      const marks = ids.map(() => "?").join(", ");
      // The IN list's length varies in general, so the statement is prepared per call.
      const children = db
        .prepare(`select ${C_COLS} from flg_bench_child where parent_id in (${marks})`)
        .all(...ids) as Row[];
      return group(ps, children);
    },
  };
}

/** `pg`: pool.query with text and values, no named statements (as Flagon's driver). */
export function pgRawOps(pool: PgPool): Record<string, Op> {
  return {
    "get by key": async (i) =>
      (
        await pool.query(`select ${P_COLS} from flg_bench_parent where id = $1`, [
          (i % PARENTS) + 1,
        ])
      ).rows[0],
    "filter 20 rows": async (i) =>
      (await pool.query(`select ${P_COLS} from flg_bench_parent where score = $1`, [i % SCORES]))
        .rows,
    "insert one": async (i) =>
      (
        await pool.query(
          "insert into flg_bench_parent (name, score) values ($1, $2) returning id",
          [`new ${i}`, i % SCORES],
        )
      ).rows[0],
    "update one": async (i) =>
      (
        await pool.query("update flg_bench_parent set score = $1 where id = $2", [
          i % SCORES,
          (i % PARENTS) + 1,
        ])
      ).rowCount,
    "100 parents + prefetched children": async () => {
      const ps = (await pool.query(`select ${P_COLS} from flg_bench_parent where id <= 100`)).rows;
      const ids = ps.map((p) => p.id);
      const marks = ids.map((_, k) => `$${k + 1}`).join(", ");
      const cs = (
        await pool.query(`select ${C_COLS} from flg_bench_child where parent_id in (${marks})`, ids)
      ).rows;
      return group(ps, cs);
    },
  };
}

/** `mysql2`: pool.execute, prepared on the server and cached per connection. */
export function mysqlRawOps(pool: MysqlPool): Record<string, Op> {
  return {
    "get by key": async (i) =>
      (
        (await pool.execute(`select ${P_COLS} from flg_bench_parent where id = ?`, [
          (i % PARENTS) + 1,
        ])) as unknown as [Row[]]
      )[0][0],
    "filter 20 rows": async (i) =>
      (
        await pool.execute(`select ${P_COLS} from flg_bench_parent where score = ?`, [i % SCORES])
      )[0],
    "insert one": async (i) =>
      (
        await pool.execute("insert into flg_bench_parent (name, score) values (?, ?)", [
          `new ${i}`,
          i % SCORES,
        ])
      )[0],
    "update one": async (i) =>
      (
        await pool.execute("update flg_bench_parent set score = ? where id = ?", [
          i % SCORES,
          (i % PARENTS) + 1,
        ])
      )[0],
    "100 parents + prefetched children": async () => {
      const [ps] = (await pool.execute(
        `select ${P_COLS} from flg_bench_parent where id <= 100`,
      )) as unknown as [Row[]];
      const ids = ps.map((p) => p.id as number);
      const marks = ids.map(() => "?").join(", ");
      const [cs] = (await pool.execute(
        `select ${C_COLS} from flg_bench_child where parent_id in (${marks})`,
        ids,
      )) as unknown as [Row[]];
      return group(ps, cs);
    },
  };
}
