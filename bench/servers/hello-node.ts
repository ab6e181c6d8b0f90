/**
 * Cold-start baseline: the smallest correct hello server on bare `node:http`, the counterpart of
 * examples/hello/app.ts. A .ts file like the example, so both pay Node's type-stripping start-up.
 * @module
 */
import { createServer } from "node:http";

const port = Number(process.env.PORT ?? 8000);
const HELLO = "Hello, World!";

createServer((req, res) => {
  if (req.url === "/" && (req.method === "GET" || req.method === "HEAD")) {
    res.writeHead(200, {
      "content-type": "text/plain; charset=utf-8",
      "content-length": HELLO.length,
    });
    res.end(HELLO);
    return;
  }
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8", "content-length": 9 });
  res.end("Not Found");
}).listen(port, "127.0.0.1");

// Exit normally on SIGTERM, as Flagon's server does: Node writes its compile cache at exit, and a
// process killed by the signal would never have a warm cache to start from.
process.once("SIGTERM", () => process.exit(0));
