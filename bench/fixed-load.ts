/**
 * Exactly `count` GET requests over `connections` keep-alive connections, each connection
 * sending its next request when the previous answer is complete (no pipelining, as wrk does it).
 * For measurements that need a known number of requests rather than a duration: the
 * instruction counts of bench/instructions.ts divide by it.
 * @module
 */
import { connect } from "node:net";

/** Where a complete HTTP/1.1 answer ends in `buf`, or -1 if it is not complete yet. */
export function answerEnd(buf: string): number {
  const head = buf.indexOf("\r\n\r\n");
  if (head === -1) return -1;
  const m = /\r\ncontent-length: *(\d+)/i.exec(buf.slice(0, head + 2));
  if (m === null) {
    // Every server in bench/servers frames its answers with Content-Length; a chunked one would
    // be miscounted, so it is refused rather than guessed at.
    throw new Error(`answer without Content-Length: ${JSON.stringify(buf.slice(0, head))}`);
  }
  const end = head + 4 + Number(m[1]);
  return buf.length >= end ? end : -1;
}

/** Send the requests; resolves once every answer has arrived. Rejects on a socket error. */
export function sendRequests(
  port: number,
  path: string,
  count: number,
  connections = 8,
): Promise<void> {
  const request = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`;
  let sent = 0;
  let answered = 0;
  return new Promise((resolve, reject) => {
    const sockets = Array.from({ length: Math.min(connections, count) }, () => {
      const socket = connect(port, "127.0.0.1");
      let buf = "";
      const next = (): void => {
        if (sent < count) {
          sent++;
          socket.write(request);
        } else socket.end();
      };
      socket.setEncoding("latin1");
      socket.on("connect", next);
      socket.on("error", (err) => {
        for (const s of sockets) s.destroy();
        reject(err);
      });
      socket.on("data", (chunk: string) => {
        buf += chunk;
        for (;;) {
          let end: number;
          try {
            end = answerEnd(buf);
          } catch (err) {
            for (const s of sockets) s.destroy();
            reject(err);
            return;
          }
          if (end === -1) return;
          buf = buf.slice(end);
          if (++answered === count) {
            for (const s of sockets) s.end();
            resolve();
            return;
          }
          next();
        }
      });
      return socket;
    });
  });
}
