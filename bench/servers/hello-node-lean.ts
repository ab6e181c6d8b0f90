/**
 * The leanest cold-start baseline: bench/servers/hello-node.ts with node:http loaded through
 * `process.getBuiltinModule` instead of an ES import. On Node 24 the ES import builds node:http's
 * ESM facade, which loads undici (about 50 ms); Flagon avoids that cost, so this row shows what
 * Flagon's start-up costs against a hand-written server that avoids it too. Shown, not judged.
 * @module
 */
const { createServer } = process.getBuiltinModule("node:http");

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

// Exit normally on SIGTERM so Node writes its compile cache (see hello-node.ts).
process.once("SIGTERM", () => process.exit(0));
