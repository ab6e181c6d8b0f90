import assert from "node:assert/strict";
import { connect } from "node:net";
import { test } from "node:test";
import { flagon, type Logger, serve } from "../../index.ts";
import { parserRefusal } from "./client-error.ts";

type Line = { level: string; msg: string; fields?: Record<string, unknown> };

/** Send raw bytes, read until the server closes; resolves with everything it sent. */
function exchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let got = "";
    socket.setEncoding("latin1");
    socket.on("data", (d: string) => {
      got += d;
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(got));
    socket.setTimeout(3000, () => socket.destroy(new Error("no close from the server")));
    socket.write(bytes);
  });
}

test("Node's parser refusals map to the statuses Node itself uses", () => {
  assert.equal(parserRefusal("HPE_HEADER_OVERFLOW").status, 431);
  assert.equal(parserRefusal("HPE_CHUNK_EXTENSIONS_OVERFLOW").status, 413);
  assert.equal(parserRefusal("ERR_HTTP_REQUEST_TIMEOUT").status, 408);
  assert.equal(parserRefusal("HPE_INVALID_METHOD").status, 400);
  assert.equal(parserRefusal(undefined).code, "FLG_ERR_MALFORMED_REQUEST");
});

test("a request the parser refuses: coded JSON 400 with the security headers, closed, logged", async () => {
  const lines: Line[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
    lines.push({ level, msg, fields });
  };
  const logger: Logger = {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
  };
  const app = flagon({ logger, accessLog: false });
  app.get("/", () => "hi");
  const server = await serve(app, { port: 0, host: "127.0.0.1", handleSignals: false });
  try {
    const smuggle =
      "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
    const answer = await exchange(server.port, smuggle);
    const [head, body] = answer.split("\r\n\r\n");
    assert.match(head!, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(head!, /\r\nx-content-type-options: nosniff\r\n/i);
    assert.match(head!, /\r\nconnection: close/i);
    assert.equal(JSON.parse(body!).error.code, "FLG_ERR_MALFORMED_REQUEST");
    const event = lines.find((l) => l.fields?.event === "security");
    assert.equal(event?.fields?.code, "FLG_ERR_MALFORMED_REQUEST");
    assert.match(String(event?.fields?.detail), /^HPE_/);

    const huge = await exchange(
      server.port,
      `GET /${"a".repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    );
    assert.match(huge, /^HTTP\/1\.1 431 /);
    assert.ok(lines.some((l) => l.fields?.code === "FLG_ERR_HEADERS_TOO_LARGE"));

    const noHost = await exchange(server.port, "GET / HTTP/1.1\r\n\r\n");
    assert.match(noHost, /^HTTP\/1\.1 400 /);
    assert.match(noHost, /FLG_ERR_HOST_MISSING/);
    assert.ok(lines.some((l) => l.fields?.code === "FLG_ERR_HOST_MISSING"));
  } finally {
    await server.close();
  }
});

test("clientErrorHandler gives a server made by hand the same refusal as serve()", async () => {
  const { createServer } = await import("node:http");
  const { clientErrorHandler, requestListener } = await import("../index.ts");
  const app = flagon({
    accessLog: false,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  app.get("/", () => "hi");
  const server = createServer({ maxHeaderSize: 1024 }, requestListener(app));
  server.on("clientError", clientErrorHandler(app));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const port = (server.address() as { port: number }).port;
    const answer = await exchange(
      port,
      `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"a".repeat(4096)}\r\n\r\n`,
    );
    const [head, body] = answer.split("\r\n\r\n");
    assert.match(head!, /^HTTP\/1\.1 431 /);
    assert.match(head!, /\r\nx-content-type-options: nosniff\r\n/i);
    assert.equal(JSON.parse(body!).error.code, "FLG_ERR_HEADERS_TOO_LARGE");
  } finally {
    server.close();
  }
});
