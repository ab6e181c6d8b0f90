import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { request } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, test } from "node:test";
import { App, silentLogger } from "../../core/index.ts";
import { serve } from "./serve.ts";

function get(
  port: number,
  path: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, headers: { host: "localhost" } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe("serve()", () => {
  test("answers over real HTTP with Content-Length and the security headers", async () => {
    const app = new App({ logger: silentLogger, accessLog: false });
    app.get("/", () => "hello");
    const server = await serve(app, { port: 0 });
    try {
      const res = await get(server.port, "/");
      assert.equal(res.status, 200);
      assert.equal(res.body, "hello");
      assert.equal(res.headers["content-length"], "5");
      assert.equal(res.headers["x-content-type-options"], "nosniff");
    } finally {
      await server.close();
    }
  });

  test("close() lets an in-flight request finish, refuses new connections, then runs shutdown hooks", async () => {
    const events: string[] = [];
    const app = new App({ logger: silentLogger, accessLog: false });
    app.get("/slow", async () => {
      await new Promise((r) => setTimeout(r, 300));
      events.push("handler done");
      return "done";
    });
    app.onShutdown(() => {
      events.push("shutdown hook");
    });
    const server = await serve(app, { port: 0 });
    const inflight = get(server.port, "/slow");
    await new Promise((r) => setTimeout(r, 50));
    const closing = server.close();
    await assert.rejects(get(server.port, "/slow"), /ECONNREFUSED/);
    const res = await inflight;
    assert.equal(res.status, 200);
    assert.equal(res.body, "done");
    assert.equal(res.headers.connection, "close", "the in-flight response closes its socket");
    const drained = Date.now();
    await closing;
    assert.ok(Date.now() - drained < 1000, "close() does not wait for the keep-alive timeout");
    assert.deepEqual(events, ["handler done", "shutdown hook"]);
  });

  test("close() cuts requests still running after the grace period", async () => {
    const app = new App({ logger: silentLogger, accessLog: false });
    app.get("/hang", () => new Promise(() => {}));
    const server = await serve(app, { port: 0, shutdownGrace: 200 });
    const hung = get(server.port, "/hang").then(
      () => "answered",
      () => "cut",
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await server.close();
    assert.equal(await hung, "cut");
    assert.ok(Date.now() - started < 2000);
  });
});

describe("app.listen() in its own process", () => {
  test("SIGTERM drains the in-flight request, runs shutdown hooks and exits 0; a floating rejection is not fatal", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(import.meta.dirname, "fixtures", "slow-app.ts")], {
      env: { ...process.env, PORT: String(port), FLAGON_DEBUG: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    try {
      for (let i = 0; i < 100 && !out.includes("ready"); i++)
        await new Promise((r) => setTimeout(r, 50));
      assert.match(out, /ready/);
      assert.equal((await get(port, "/float")).status, 200);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(
        (await get(port, "/float")).status,
        200,
        "still alive after a floating rejection",
      );
      assert.match(out, /unhandled promise rejection/);
      const slow = get(port, "/slow");
      await new Promise((r) => setTimeout(r, 100));
      child.kill("SIGTERM");
      const res = await slow;
      assert.equal(res.body, "finished");
      assert.equal(await exited, 0);
      assert.match(out, /shutdown hook ran/);
    } finally {
      child.kill("SIGKILL");
    }
  });

  test("a port already in use gives one clear error line and exit code 1", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const child = spawn(
        process.execPath,
        [join(import.meta.dirname, "fixtures", "slow-app.ts")],
        {
          env: { ...process.env, PORT: String(port) },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let out = "";
      child.stdout.on("data", (c) => (out += c));
      child.stderr.on("data", (c) => (out += c));
      const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
      assert.equal(code, 1);
      assert.match(out, new RegExp(`port ${port} is already in use`));
      assert.doesNotMatch(out, /\n\s+at /, "no stack trace");
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});
