import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ERR_DB_CHECK,
  ERR_DB_FOREIGN_KEY,
  ERR_DB_NOT_NULL,
  ERR_DB_UNIQUE,
  IntegrityError,
} from "./errors.ts";
import { Database } from "./database.ts";
import { autoPk, type Backend, backends, useDatabase } from "./fixtures/backends.ts";
import type { Sql } from "./sql.ts";
import { sql } from "./sql.ts";

const AUTHOR = "flg_int_author";
const BOOK = "flg_int_book";

interface Expected {
  code: string;
  table: string;
  columns: string[];
  referencedTable?: string;
}

async function expectIntegrity(run: () => Promise<unknown>, want: Expected): Promise<void> {
  await assert.rejects(run, (err: unknown) => {
    assert.ok(err instanceof IntegrityError, `an IntegrityError, got ${String(err)}`);
    assert.equal(err.code, want.code, err.message);
    assert.equal(err.table, want.table, err.message);
    assert.deepEqual(err.columns, want.columns, err.message);
    if (want.referencedTable) assert.equal(err.referencedTable, want.referencedTable);
    assert.ok(err.cause, "the driver's error is kept as cause");
    for (const c of want.columns) assert.match(err.message, new RegExp(`${want.table}\\.${c}`));
    return true;
  });
}

function schema(b: Backend): Sql[] {
  const author = sql.id(AUTHOR);
  const book = sql.id(BOOK);
  const engine = b.name === "mysql" ? sql` engine=InnoDB` : sql.empty;
  return [
    sql`create table ${author} (${autoPk(b)}, name varchar(50) not null, email varchar(100) not null, constraint flg_int_author_email unique (email))${engine}`,
    sql`create table ${book} (${autoPk(b)}, title varchar(50) not null, pages int check (pages > 0), author_id bigint references ${author} (id), edition int not null default 1, constraint flg_int_book_title_ed unique (title, edition), constraint flg_int_book_short check (edition < 100))${engine}`,
  ];
}

for (const backend of backends()) {
  describe(`integrity errors (${backend.name})`, { skip: backend.skip }, () => {
    const h = useDatabase(backend, [AUTHOR, BOOK]);
    const author = sql.id(AUTHOR);
    const book = sql.id(BOOK);

    test("setup", async () => {
      for (const s of schema(backend)) await h.db.execute(s);
      await h.db.execute(sql`insert into ${author} (name, email) values (${"Ann"}, ${"ann@x"})`);
      await h.db.execute(sql`insert into ${book} (title, author_id) values (${"T"}, ${1})`);
    });

    test("unique on one column", () =>
      expectIntegrity(
        () => h.db.execute(sql`insert into ${author} (name, email) values (${"B"}, ${"ann@x"})`),
        { code: ERR_DB_UNIQUE, table: AUTHOR, columns: ["email"] },
      ));

    test("the coded error's stack shows the code that ran the statement", async () => {
      async function insertTheDuplicate(): Promise<void> {
        await h.db.execute(sql`insert into ${author} (name, email) values (${"C"}, ${"ann@x"})`);
      }
      await assert.rejects(insertTheDuplicate(), (err: Error) => {
        assert.ok(err instanceof IntegrityError, String(err));
        assert.match(err.stack ?? "", /insertTheDuplicate/);
        return true;
      });
    });

    test("unique over two columns, in constraint order", () =>
      expectIntegrity(() => h.db.execute(sql`insert into ${book} (title) values (${"T"})`), {
        code: ERR_DB_UNIQUE,
        table: BOOK,
        columns: ["title", "edition"],
      }));

    test("primary key", () =>
      expectIntegrity(
        () =>
          h.db.execute(
            sql`insert into ${author} (id, name, email) values (${1}, ${"C"}, ${"c@x"})`,
          ),
        { code: ERR_DB_UNIQUE, table: AUTHOR, columns: ["id"] },
      ));

    test("not null, given as NULL and on update", async () => {
      await expectIntegrity(
        () => h.db.execute(sql`insert into ${author} (name, email) values (${null}, ${"d@x"})`),
        { code: ERR_DB_NOT_NULL, table: AUTHOR, columns: ["name"] },
      );
      await expectIntegrity(() => h.db.execute(sql`update ${book} set title = ${null}`), {
        code: ERR_DB_NOT_NULL,
        table: BOOK,
        columns: ["title"],
      });
    });

    test("not null, column left out with no default", () =>
      expectIntegrity(() => h.db.execute(sql`insert into ${author} (name) values (${"E"})`), {
        code: ERR_DB_NOT_NULL,
        table: AUTHOR,
        columns: ["email"],
      }));

    test("foreign key: a missing parent", () =>
      expectIntegrity(
        () => h.db.execute(sql`insert into ${book} (title, author_id) values (${"U"}, ${999})`),
        { code: ERR_DB_FOREIGN_KEY, table: BOOK, columns: ["author_id"], referencedTable: AUTHOR },
      ));

    test("foreign key: deleting a parent still referenced names the child", () =>
      expectIntegrity(() => h.db.execute(sql`delete from ${author} where id = ${1}`), {
        code: ERR_DB_FOREIGN_KEY,
        table: BOOK,
        columns: ["author_id"],
      }));

    test("check, column-level and named", async () => {
      await expectIntegrity(
        () => h.db.execute(sql`insert into ${book} (title, pages) values (${"V"}, ${0})`),
        { code: ERR_DB_CHECK, table: BOOK, columns: ["pages"] },
      );
      await expectIntegrity(
        () => h.db.execute(sql`insert into ${book} (title, edition) values (${"W"}, ${100})`),
        { code: ERR_DB_CHECK, table: BOOK, columns: ["edition"] },
      );
    });

    test("inside a transaction, and the transaction goes on after a savepoint", async () => {
      await h.db.atomic(async () => {
        await expectIntegrity(
          () =>
            h.db.atomic(() =>
              h.db.execute(sql`insert into ${book} (title, author_id) values (${"X"}, ${998})`),
            ),
          { code: ERR_DB_FOREIGN_KEY, table: BOOK, columns: ["author_id"] },
        );
        await expectIntegrity(
          () =>
            h.db.atomic(() =>
              h.db.execute(sql`insert into ${author} (name, email) values (${"F"}, ${"ann@x"})`),
            ),
          { code: ERR_DB_UNIQUE, table: AUTHOR, columns: ["email"] },
        );
        await h.db.execute(sql`insert into ${author} (name, email) values (${"G"}, ${"g@x"})`);
      });
      const res = await h.db.query<{ n: number }>(
        sql`select count(*) as n from ${author} where email = ${"g@x"}`,
      );
      assert.equal(res.rows[0]!.n, 1);
    });

    test("with a pool of one connection held by a transaction, errors come without waiting", {
      timeout: 5000,
    }, async () => {
      const url =
        backend.name === "sqlite"
          ? backend.url
          : `${backend.url}${backend.url.includes("?") ? "&" : "?"}pool_max=1`;
      const small = backend.name === "sqlite" ? h.db : new Database("small", url);
      try {
        await small.atomic(() =>
          expectIntegrity(
            () =>
              small.atomic(() =>
                small.execute(sql`insert into ${author} (name, email) values (${"H"}, ${"ann@x"})`),
              ),
            { code: ERR_DB_UNIQUE, table: AUTHOR, columns: ["email"] },
          ),
        );
      } finally {
        if (small !== h.db) await small.close();
      }
    });

    test("the failed statement left nothing behind", async () => {
      const res = await h.db.query<{ n: number }>(sql`select count(*) as n from ${book}`);
      assert.equal(res.rows[0]!.n, 1);
    });
  });
}
