import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { isFlagonError } from "../../utils/index.ts";
import { Database } from "./database.ts";
import { atomic, configureDatabases, Databases, getDatabases, onCommit } from "./databases.ts";
import { ERR_DB_CONFIG, ERR_DB_DRIVER_MISSING, ERR_DB_URL } from "./errors.ts";
import { loadDriver } from "./load-driver.ts";
import { replicaRouter } from "./router.ts";
import { sql } from "./sql.ts";

const dir = mkdtempSync(join(tmpdir(), "flagon-dbs-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("settings need a default and valid URLs, checked up front", () => {
  assert.throws(
    () => new Databases({ replica: "sqlite::memory:" } as never),
    (e) => isFlagonError(e, ERR_DB_CONFIG),
  );
  assert.throws(
    () => new Databases({ default: "sqlite::memory:", other: "nosql://x" }),
    (e) => isFlagonError(e, ERR_DB_URL),
  );
  assert.throws(
    () => new Databases({ default: { url: 3 } as never }),
    (e) => isFlagonError(e, ERR_DB_CONFIG),
  );
  const dbs = new Databases({ replica: "sqlite::memory:", default: { url: "sqlite::memory:" } });
  assert.deepEqual(dbs.aliases, ["default", "replica"]);
  assert.throws(
    () => dbs.get("nope"),
    /No database "nope" in settings; configured: default, replica/,
  );
});

test("a replica router sends reads to replicas and writes to the primary", () => {
  const dbs = new Databases(
    { default: "sqlite::memory:", r1: "sqlite::memory:", r2: "sqlite::memory:" },
    { routers: [replicaRouter({ replicas: ["r1", "r2"] })] },
  );
  assert.equal(dbs.forWrite().alias, "default");
  assert.deepEqual(
    [dbs.forRead(), dbs.forRead(), dbs.forRead()].map((d) => d.alias),
    ["r1", "r2", "r1"],
  );
});

test("routers are asked in order; undefined passes; unknown aliases are refused", () => {
  const dbs = new Databases(
    { default: "sqlite::memory:", auth: "sqlite::memory:" },
    {
      routers: [
        { dbForRead: (h) => (h.model?.startsWith("auth.") ? "auth" : undefined) },
        { dbForWrite: (h) => (h.model === "bad.Model" ? "missing" : undefined) },
      ],
    },
  );
  assert.equal(dbs.forRead({ model: "auth.User" }).alias, "auth");
  assert.equal(dbs.forRead({ model: "polls.Poll" }).alias, "default");
  assert.throws(
    () => dbs.forWrite({ model: "bad.Model" }),
    (e) => isFlagonError(e, ERR_DB_CONFIG),
  );
});

test("inside an atomic block on the primary, reads stay on the primary", async () => {
  const dbs = new Databases(
    { default: `sqlite:///${join(dir, "p.db")}`, replica: `sqlite:///${join(dir, "r.db")}` },
    { routers: [replicaRouter({ replicas: ["replica"] })] },
  );
  try {
    assert.equal(dbs.forRead().alias, "replica");
    await dbs.forWrite().atomic(async () => {
      assert.equal(dbs.forRead().alias, "default");
    });
    assert.equal(dbs.forRead().alias, "replica");
  } finally {
    await dbs.closeAll();
  }
});

test("file databases use WAL and enforce foreign keys", async () => {
  const db = new Database("default", `sqlite:///${join(dir, "wal.db")}`);
  try {
    const mode = await db.query<{ journal_mode: string }>(sql`pragma journal_mode`);
    assert.equal(mode.rows[0]!.journal_mode, "wal");
    const fk = await db.query<{ foreign_keys: number }>(sql`pragma foreign_keys`);
    assert.equal(fk.rows[0]!.foreign_keys, 1);
  } finally {
    await db.close();
  }
});

test("mode=ro opens an SQLite file read-only", async () => {
  const file = join(dir, "ro.db");
  const rw = new Database("rw", `sqlite:///${file}`);
  await rw.execute(sql`create table flg_dbs_ro (v int)`);
  await rw.execute(sql`insert into flg_dbs_ro values (${1})`);
  await rw.close();
  const ro = new Database("ro", `sqlite:///${file}?mode=ro`);
  try {
    const res = await ro.query<{ v: number }>(sql`select v from flg_dbs_ro`);
    assert.deepEqual(res.rows, [{ v: 1 }]);
    await assert.rejects(ro.execute(sql`insert into flg_dbs_ro values (${2})`), /readonly/i);
  } finally {
    await ro.close();
  }
});

test("the process-wide registry: configure, then atomic/onCommit by alias", async () => {
  const dbs = configureDatabases({ default: "sqlite::memory:", other: "sqlite::memory:" });
  try {
    assert.equal(getDatabases(), dbs);
    const other = dbs.get("other");
    await other.execute(sql`create table flg_dbs_t (v int)`);
    const calls: string[] = [];
    await atomic(
      async () => {
        assert.ok(other.inAtomicBlock);
        assert.equal(dbs.get("default").inAtomicBlock, false);
        await other.execute(sql`insert into flg_dbs_t values (${1})`);
        onCommit(() => calls.push("committed"), { using: "other" });
      },
      { using: "other" },
    );
    assert.deepEqual(calls, ["committed"]);
    await assert.rejects(
      atomic(async () => {}, { using: "missing" }),
      (e) => isFlagonError(e, ERR_DB_CONFIG),
    );
  } finally {
    await dbs.closeAll();
  }
});

test("a missing driver package is a coded error telling what to install", async () => {
  await assert.rejects(
    loadDriver(() => import("flagon-no-such-driver" as string), "flagon-no-such-driver", "Test"),
    (e: Error) =>
      isFlagonError(e, ERR_DB_DRIVER_MISSING) &&
      /npm install flagon-no-such-driver/.test(e.message),
  );
});

test("a server that is down fails the query; the next call tries again", async () => {
  const db = new Database("down", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2000");
  try {
    await assert.rejects(db.query(sql`select 1`));
    await assert.rejects(db.query(sql`select 1`));
  } finally {
    await db.close();
  }
});
