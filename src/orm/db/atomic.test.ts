import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isFlagonError } from "../../utils/index.ts";
import { ERR_DB_TRANSACTION } from "./errors.ts";
import { autoPk, backends, useDatabase } from "./fixtures/backends.ts";
import { sql } from "./sql.ts";

const T = "flg_atomic_item";

for (const backend of backends()) {
  describe(`atomic (${backend.name})`, { skip: backend.skip }, () => {
    const h = useDatabase(backend, [T]);
    const t = sql.id(T);
    const add = (name: string) => h.db.execute(sql`insert into ${t} (name) values (${name})`);
    const names = async () =>
      (await h.db.query<{ name: string }>(sql`select name from ${t} order by id`)).rows.map(
        (r) => r.name,
      );
    const reset = () => h.db.execute(sql`delete from ${t}`);

    test("setup", async () => {
      const engine = backend.name === "mysql" ? sql` engine=InnoDB` : sql.empty;
      await h.db.execute(sql`create table ${t} (${autoPk(backend)}, name varchar(20))${engine}`);
    });

    test("commits and passes the result through", async () => {
      await reset();
      const out = await h.db.atomic(async () => {
        await add("a");
        assert.ok(h.db.inAtomicBlock);
        return 42;
      });
      assert.equal(out, 42);
      assert.equal(h.db.inAtomicBlock, false);
      assert.deepEqual(await names(), ["a"]);
    });

    test("a returned thenable that has not started runs inside the block", async () => {
      await reset();
      await add("a");
      // Like a QuerySet: the query starts only when something calls then().
      const lazy = (query: () => Promise<string[]>) => ({
        // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose, as QuerySet is
        then: (ok: (v: string[]) => unknown, fail: (e: unknown) => unknown) =>
          query().then(ok, fail),
      });
      const seen = await h.db.atomic(() => {
        // The block holds the only SQLite connection: run outside it, this query would wait for
        // the block forever (and on the other backends read on another connection).
        return lazy(async () => {
          assert.ok(h.db.inAtomicBlock, "the query runs inside the block");
          return names();
        }) as unknown as Promise<string[]>;
      });
      assert.deepEqual(seen, ["a"]);
    });

    test("a throw rolls back and rethrows the same error", async () => {
      await reset();
      const boom = new Error("boom");
      await assert.rejects(
        h.db.atomic(async () => {
          await add("a");
          throw boom;
        }),
        (e) => e === boom,
      );
      assert.deepEqual(await names(), []);
    });

    test("a nested block is a savepoint: its throw undoes only its own writes", async () => {
      await reset();
      await h.db.atomic(async () => {
        await add("outer");
        await assert.rejects(
          h.db.atomic(async () => {
            await add("inner");
            throw new Error("inner");
          }),
          /inner/,
        );
        await h.db.atomic(async () => {
          await add("inner2");
          await h.db.atomic(() => add("deep"));
        });
      });
      assert.deepEqual(await names(), ["outer", "inner2", "deep"]);
    });

    test("an outer throw undoes released savepoints too", async () => {
      await reset();
      await assert.rejects(
        h.db.atomic(async () => {
          await h.db.atomic(() => add("inner"));
          throw new Error("outer");
        }),
        /outer/,
      );
      assert.deepEqual(await names(), []);
    });

    test("onCommit runs after the outermost commit only, in order", async () => {
      await reset();
      const calls: string[] = [];
      await h.db.atomic(async () => {
        h.db.onCommit(() => calls.push("outer"));
        await h.db.atomic(async () => {
          h.db.onCommit(() => calls.push("released savepoint"));
        });
        await assert.rejects(
          h.db.atomic(async () => {
            h.db.onCommit(() => calls.push("rolled-back savepoint"));
            throw new Error("x");
          }),
        );
        await add("a");
        assert.deepEqual(calls, [], "nothing runs before COMMIT");
      });
      assert.deepEqual(calls, ["outer", "released savepoint"]);
    });

    test("onCommit callbacks are dropped on rollback; outside a block they run now", async () => {
      const calls: string[] = [];
      await assert.rejects(
        h.db.atomic(async () => {
          h.db.onCommit(() => calls.push("never"));
          throw new Error("x");
        }),
      );
      assert.equal(calls.length, 0);
      h.db.onCommit(() => calls.push("now"));
      assert.deepEqual(calls, ["now"]);
    });

    test("onCommit callbacks see the committed data and query outside the transaction", async () => {
      await reset();
      let seen: string[] = [];
      await h.db.atomic(async () => {
        await add("a");
        h.db.onCommit(async () => {
          assert.equal(h.db.inAtomicBlock, false);
          seen = await names();
        });
      });
      assert.deepEqual(seen, ["a"]);
    });

    test("a failing onCommit callback rejects atomic(), after the commit and the others", async () => {
      await reset();
      const calls: string[] = [];
      await assert.rejects(
        h.db.atomic(async () => {
          await add("kept");
          h.db.onCommit(() => {
            throw new Error("callback");
          });
          h.db.onCommit(() => calls.push("second"));
        }),
        /callback/,
      );
      assert.deepEqual(calls, ["second"]);
      assert.deepEqual(await names(), ["kept"]);
    });

    test("other async contexts do not see uncommitted writes", async () => {
      await reset();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let inserted!: () => void;
      const didInsert = new Promise<void>((r) => (inserted = r));
      const block = h.db.atomic(async () => {
        await add("a");
        inserted();
        await gate;
      });
      await didInsert;
      const outside = names();
      if (backend.name === "sqlite") {
        // One connection: the outside query waits for the transaction to finish.
        let done = false;
        void outside.then(() => (done = true));
        await new Promise((r) => setTimeout(r, 20));
        assert.equal(done, false, "the outside query waited for the transaction");
        release();
        await block;
        assert.deepEqual(await outside, ["a"]);
      } else {
        assert.deepEqual(await outside, [], "the outside query ran on another connection");
        release();
        await block;
        assert.deepEqual(await names(), ["a"]);
      }
    });

    test("independent blocks run concurrently without losing writes", async () => {
      await reset();
      await Promise.all(
        ["a", "b", "c", "d", "e"].map((n) =>
          h.db.atomic(async () => {
            await add(n);
            await h.db.atomic(() => add(`${n}2`));
          }),
        ),
      );
      assert.equal((await names()).length, 10);
    });

    test("a query after its block ended is refused", async () => {
      let late: Promise<unknown> | undefined;
      await h.db.atomic(async () => {
        late = new Promise((r) => setTimeout(r, 10)).then(() => names());
      });
      await assert.rejects(late!, (e) => isFlagonError(e, ERR_DB_TRANSACTION));
    });

    test("two nested blocks at once are refused (savepoints must nest)", async () => {
      await reset();
      await h.db.atomic(async () => {
        const results = await Promise.allSettled([
          h.db.atomic(() => add("x")),
          h.db.atomic(() => add("y")),
        ]);
        const refused = results.filter(
          (r) => r.status === "rejected" && isFlagonError(r.reason, ERR_DB_TRANSACTION),
        );
        assert.equal(refused.length, 1);
      });
      assert.equal((await names()).length, 1);
    });
  });
}
