/**
 * bench/servers/node-http.ts sending, on every response, the three security headers Flagon sends
 * by default (research/security.md, N3). The load test and the instruction counts measure it
 * beside bare node:http, to show what those headers cost in Node's own header code, whoever
 * sends them, and so what Flagon can be compared with on equal terms.
 *
 * Bare `node:http`: the physical limit. Hand-written the way a careful author would: exact
 * routing on the path, a digits-only check for the id, query parsed only on the route that reads
 * it, Content-Type and Content-Length on every response, 404 for anything else.
 * @module
 */
import { createServer } from "node:http";

const port = Number(process.env.PORT ?? 3000);
const HELLO = "Hello, World!";
const SECURITY = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
} as const;
const NOT_FOUND = "Not Found";

const server = createServer((req, res) => {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  const readable = req.method === "GET" || req.method === "HEAD";
  if (readable && path === "/plaintext") {
    res.writeHead(200, {
      "content-type": "text/plain; charset=utf-8",
      ...SECURITY,
      "content-length": HELLO.length,
    });
    res.end(HELLO);
    return;
  }
  if (readable && path === "/json") {
    const body = JSON.stringify({ message: HELLO });
    res.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      ...SECURITY,
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
    return;
  }
  if (readable && path.startsWith("/users/")) {
    const raw = path.slice(7);
    if (/^[0-9]{1,15}$/.test(raw)) {
      const query = new URLSearchParams(q === -1 ? "" : url.slice(q + 1));
      const body = JSON.stringify({ id: Number(raw), fields: query.get("fields") });
      res.writeHead(200, {
        "content-type": "application/json; charset=utf-8",
        ...SECURITY,
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
      return;
    }
  }
  res.writeHead(404, {
    "content-type": "text/plain; charset=utf-8",
    ...SECURITY,
    "content-length": NOT_FOUND.length,
  });
  res.end(NOT_FOUND);
});

server.listen(port, "127.0.0.1");
