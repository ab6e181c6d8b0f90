/**
 * security.md 3.P — slow clients and connection exhaustion, bounded and on loopback only. The
 * sentinel runs with small timeouts (headersTimeout 1 s, requestTimeout 2 s, keepAliveTimeout
 * 1 s, checked every 200 ms) so the whole file takes a few seconds; the production defaults are
 * 15 s / 60 s / 5 s / 1 s (docs/security.md).
 */
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { after, before, beforeEach, test } from "node:test";
import { head, http, type Piece, raw } from "./raw.ts";
import { openFds, type Sentinel, startSentinel, waitFor } from "./sentinel.ts";

const HEADERS_TIMEOUT = 1000;
const REQUEST_TIMEOUT = 2000;
const KEEP_ALIVE = 1000;
const INTERVAL = 200;
/** Scheduling slack on a busy 2-core box. */
const SLACK = 800;

let s: Sentinel;
before(async () => {
  s = await startSentinel({
    serve: {
      headersTimeout: HEADERS_TIMEOUT,
      requestTimeout: REQUEST_TIMEOUT,
      keepAliveTimeout: KEEP_ALIVE,
      connectionsCheckingInterval: INTERVAL,
    },
  });
});
after(() => s.close());
beforeEach(() => s.reset());

test("P1 header trickle, 1 byte / 300 ms -> 408 and close at headersTimeout (+ checking interval)", async () => {
  const pieces: Piece[] = ["GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "];
  for (let i = 0; i < 20; i++) pieces.push({ delay: 300 }, "a");
  const r = await raw(s.port, pieces, { after: "none", timeout: 5000 });
  assert.ok(!r.timedOut, "the server never gave up on the slow client");
  assert.equal(r.status, 408);
  assert.ok(r.closedByServer);
  assert.ok(
    r.ms >= HEADERS_TIMEOUT - 50 && r.ms <= HEADERS_TIMEOUT + INTERVAL + SLACK,
    `closed after ${r.ms.toFixed(0)} ms`,
  );
  assert.deepEqual(s.seen, []);
  await s.check(r.responses);
});

test("P2 body trickle, 1 byte / 200 ms on a Content-Length: 1000 POST -> 408 at requestTimeout", async () => {
  const pieces: Piece[] = [
    "POST /json HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n",
  ];
  for (let i = 0; i < 25; i++) pieces.push({ delay: 200 }, " ");
  const r = await raw(s.port, pieces, { after: "none", timeout: 6000 });
  assert.ok(!r.timedOut, "the server never gave up on the slow body");
  assert.equal(r.status, 408);
  assert.ok(r.closedByServer);
  assert.ok(
    r.ms >= REQUEST_TIMEOUT - 50 && r.ms <= REQUEST_TIMEOUT + INTERVAL + SLACK,
    `closed after ${r.ms.toFixed(0)} ms`,
  );
  await s.check(r.responses);
});

test("P3 200 idle keep-alive sockets after one request each -> closed at keepAliveTimeout; fds back to baseline", async () => {
  const fdsBefore = openFds();
  const N = 200;
  const results = await Promise.all(
    Array.from({ length: N }, () =>
      raw(s.port, head("GET /health HTTP/1.1", "Host: 127.0.0.1"), {
        after: "none",
        timeout: 6000,
      }),
    ),
  );
  const statuses = new Set(results.map((r) => r.status));
  assert.deepEqual([...statuses], [200]);
  const notClosed = results.filter((r) => !r.closedByServer || r.timedOut).length;
  assert.equal(notClosed, 0, `${notClosed} of ${N} idle sockets were never closed by the server`);
  // Node 24 keeps an idle socket for keepAliveTimeout + keepAliveTimeoutBuffer (1 s by default).
  const slowest = Math.max(...results.map((r) => r.ms));
  assert.ok(
    slowest <= KEEP_ALIVE + 1000 + INTERVAL + SLACK,
    `the last idle socket closed after ${slowest.toFixed(0)} ms`,
  );
  assert.ok(
    await waitFor(() => openFds() <= fdsBefore + 2, 3000),
    `fds ${fdsBefore} -> ${openFds()}`,
  );
  await s.check(results.flatMap((r) => r.responses));
});

test("P4 (bounded) 200 silent connections: normal requests stay fast, the silent ones are reaped at headersTimeout", async () => {
  const fdsBefore = openFds();
  const silent: Socket[] = [];
  const closed: Promise<void>[] = [];
  for (let i = 0; i < 200; i++) {
    const sock = connect({ host: "127.0.0.1", port: s.port });
    sock.on("error", () => {});
    // Flowing, so the server's 408 is read and its FIN seen.
    sock.resume();
    closed.push(new Promise((r) => sock.once("close", () => r())));
    silent.push(sock);
  }
  await Promise.all(
    silent.map(
      (sock) => new Promise((r) => (sock.connecting ? sock.once("connect", r) : r(undefined))),
    ),
  );
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const r = await http(s.port, { path: "/health" });
    assert.equal(r.status, 200);
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  assert.ok(
    times[times.length - 1]! < 100,
    `slowest normal request: ${times[times.length - 1]!.toFixed(1)} ms`,
  );
  const reaped = await Promise.race([
    Promise.all(closed).then(() => true),
    new Promise<boolean>((r) =>
      setTimeout(() => r(false), HEADERS_TIMEOUT + INTERVAL + 2 * SLACK + 1000),
    ),
  ]);
  for (const sock of silent) sock.destroy();
  assert.ok(reaped, "silent sockets were not reaped");
  assert.ok(
    await waitFor(() => openFds() <= fdsBefore + 2, 3000),
    `fds ${fdsBefore} -> ${openFds()}`,
  );
  await s.check();
});
