/**
 * `connect_timeout` bounds opening a connection and nothing else (docs/databases.md): a server
 * that accepts the TCP connection and never answers fails the query after the timeout, while a
 * query that waits longer than the timeout for a busy pool's only connection still runs. Both
 * PostgreSQL and MySQL/MariaDB, against a silent local socket and the real servers.
 */
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { after, before, describe, test } from "node:test";
import { Database } from "./database.ts";
import { backends } from "./fixtures/backends.ts";
import { sql } from "./sql.ts";

let silent: Server;
let port = 0;
const sockets: Socket[] = [];

before(async () => {
  // Accepts connections and says nothing: a server that hangs during the handshake.
  silent = createServer((s) => {
    sockets.push(s);
    s.on("error", () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  port = (silent.address() as { port: number }).port;
});

after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

for (const scheme of ["postgres", "mysql"] as const) {
  test(`${scheme}: a server that never answers the handshake fails after connect_timeout`, async () => {
    const db = new Database("silent", `${scheme}://u@127.0.0.1:${port}/d?connect_timeout=300`);
    const t0 = performance.now();
    try {
      await assert.rejects(db.query(sql`select 1`));
      const ms = performance.now() - t0;
      assert.ok(ms >= 250 && ms < 5000, `failed after ${Math.round(ms)} ms`);
    } finally {
      await db.close().catch(() => {});
    }
  });
}

for (const b of backends().filter((x) => x.name !== "sqlite")) {
  describe(`pool waits (${b.name})`, { skip: b.skip }, () => {
    test("a query waiting for a busy pool is not cut off by connect_timeout", async () => {
      const url = new URL(b.url);
      url.searchParams.set("pool_max", "1");
      url.searchParams.set("connect_timeout", "100");
      const db = new Database("busy", url.toString());
      try {
        await db.query(sql`select 1`); // the one connection is open
        const sleep = b.name === "postgres" ? sql`select pg_sleep(0.4)` : sql`select sleep(0.4)`;
        const slow = db.query(sleep);
        const t0 = performance.now();
        const { rows } = await db.query(sql`select 2 as n`);
        assert.equal(Number(rows[0]!.n), 2);
        assert.ok(performance.now() - t0 >= 250, "the second query waited for the first");
        await slow;
      } finally {
        await db.close();
      }
    });
  });
}
