import assert from "node:assert/strict";
import { test } from "node:test";
import { abort, flagon, HttpError, type Logger } from "../index.ts";
import { logSecurityEvent, securityRefusal } from "./security-event.ts";

type Line = { level: string; msg: string; fields?: Record<string, unknown> };
function memoryLogger(): Logger & { lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (level: string) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, msg, fields });
    };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

test("Flagon's own 400/401/403/413/415/431 refusals are security events; an app's abort is not", () => {
  for (const status of [400, 401, 403, 413, 415, 431]) {
    assert.deepEqual(securityRefusal(new HttpError(status, "x", { code: "FLG_ERR_X" })), {
      code: "FLG_ERR_X",
      status,
    });
  }
  assert.equal(securityRefusal(new HttpError(400, "name is required")), undefined);
  assert.equal(securityRefusal(new HttpError(404, "x", { code: "FLG_ERR_NOT_FOUND" })), undefined);
  assert.equal(securityRefusal(new Error("boom")), undefined);
});

test("the event line: warn level, coded message, fields, long paths cut", () => {
  const logger = memoryLogger();
  logSecurityEvent(
    logger,
    "FLG_ERR_X",
    400,
    { method: "GET", path: `/${"a".repeat(500)}`, ip: "10.0.0.1" },
    "HPE_X",
  );
  const [line] = logger.lines;
  assert.equal(line?.level, "warn");
  assert.equal(line?.msg, "security: FLG_ERR_X");
  assert.equal(line?.fields?.event, "security");
  assert.equal(line?.fields?.status, 400);
  assert.equal(line?.fields?.ip, "10.0.0.1");
  assert.equal(line?.fields?.detail, "HPE_X");
  assert.equal(String(line?.fields?.path).length, 203);
});

test("through the app: a malformed JSON body logs one event, a handler's abort(400) none", async () => {
  const logger = memoryLogger();
  const app = flagon({ logger, accessLog: false });
  app.post("/json", async (ctx) => await ctx.req.json());
  app.get("/validate", () => abort(400, "name is required"));
  // A registered 400 handler still sees the error, and the event is logged all the same.
  app.onError(400, () => "handled");
  const bad = await app.fetch(
    new Request("http://localhost/json", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    }),
  );
  assert.equal(bad.status, 200);
  assert.equal(await bad.text(), "handled");
  const events = logger.lines.filter((l) => l.fields?.event === "security");
  assert.equal(events.length, 1);
  assert.equal(events[0]?.fields?.code, "FLG_ERR_JSON_INVALID");
  assert.equal(events[0]?.fields?.path, "/json");
  logger.lines.length = 0;
  await app.fetch(new Request("http://localhost/validate"));
  assert.deepEqual(
    logger.lines.filter((l) => l.fields?.event === "security"),
    [],
  );
});

test("a request refused before routing (bad Host) logs its event with the raw path", async () => {
  const logger = memoryLogger();
  const app = flagon({ logger, accessLog: false });
  app.get("/", () => "hi");
  const res = await app.fetch(new Request("http://evil.example/"));
  assert.equal(res.status, 400);
  const events = logger.lines.filter((l) => l.fields?.event === "security");
  assert.deepEqual(
    events.map((l) => [l.fields?.code, l.fields?.path]),
    [["FLG_ERR_HOST_INVALID", "/"]],
  );
});
