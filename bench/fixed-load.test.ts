import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { callgrindTotal } from "./callgrind.ts";
import { answerEnd, sendRequests } from "./fixed-load.ts";

test("sendRequests makes exactly the number of requests asked for, on keep-alive connections", async () => {
  let served = 0;
  const sockets = new Set<unknown>();
  const server = createServer((req, res) => {
    served++;
    sockets.add(req.socket);
    res.writeHead(200, { "content-type": "text/plain", "content-length": "2" });
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await sendRequests((server.address() as AddressInfo).port, "/x", 1003, 4);
    assert.equal(served, 1003);
    assert.equal(sockets.size, 4);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test("answerEnd finds the end of a Content-Length answer and waits for the rest", () => {
  const answer = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
  assert.equal(answerEnd(answer + "HTTP/1.1"), answer.length);
  assert.equal(answerEnd(answer.slice(0, -1)), -1);
  assert.equal(answerEnd("HTTP/1.1 200 OK\r\n"), -1);
  assert.throws(
    () => answerEnd("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
    /Content-Length/,
  );
});

test("callgrindTotal reads the totals line, else the summary line", () => {
  assert.equal(callgrindTotal("events: Ir\nsummary: 42\nfn=x\n1 5\ntotals: 1234\n"), 1234);
  assert.equal(callgrindTotal("events: Ir\nsummary: 42\n"), 42);
  assert.throws(() => callgrindTotal("events: Ir\n"), /unreadable/);
});
