/**
 * The "sentinel app" of security.md 3.0: one Flagon app exercising every core battery, served
 * on 127.0.0.1 with small timeouts, logging into memory, plus `check()`, the universal
 * invariants every case asserts afterwards.
 *
 * Importing this module points TMPDIR at a private directory (before any request), so
 * `uploadDir()` is this test process's own and "no leftover upload" can be asserted exactly even
 * while other suites upload in parallel.
 * @module
 */
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { copyFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { uploadDir } from "../../src/adapters/index.ts";
import {
  type App,
  type AppOptionsInput,
  type FlagonServer,
  flagon,
  type Logger,
  type ServeOptions,
  serve,
} from "../../src/index.ts";
import { mountStatic } from "../../src/middleware/index.ts";
import { getSession, type SessionOptions, sessions } from "../../src/sessions/index.ts";
import { http } from "./raw.ts";

// ---------------------------------------------------------------------------------------------
// Process-wide setup: private temp dir, fixture tree, prototype snapshot.

const ORIGINAL_TMP = tmpdir();
/** This process's private TMPDIR; `uploadDir()` lives under it. */
export const PRIVATE_TMP = realpathSync(mkdtempSync(join(ORIGINAL_TMP, "flagon-sec-tmp-")));
process.env.TMPDIR = PRIVATE_TMP;

/** Fixture tree: `root/static` is served; everything else in `root` must never be. */
export const ROOT = realpathSync(mkdtempSync(join(ORIGINAL_TMP, "flagon-sec-root-")));
export const STATIC_DIR = join(ROOT, "static");
export const MEDIA_DIR = join(ROOT, "media");

/** Markers that must never appear in a response body. */
export const SECRETS = {
  parent: "PARENT-SECRET-2f1c",
  sibling: "SIBLING-SECRET-77ab",
  dotenv: "DOTENV-SECRET-91d0",
  git: "GIT-SECRET-0c3e",
  /** In the message of every error the sentinel throws on purpose. */
  thrown: "sentinel-secret-detail",
} as const;

/** PNG magic bytes followed by an HTML payload: the content-sniffing probe of F11. */
export const PNG_HTML = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("<html><script>alert(document.cookie)</script></html>"),
]);

function buildFixtures(): void {
  mkdirSync(STATIC_DIR, { recursive: true });
  mkdirSync(MEDIA_DIR, { recursive: true });
  mkdirSync(join(ROOT, "static-secret"), { recursive: true });
  writeFileSync(join(ROOT, "secret.txt"), SECRETS.parent);
  writeFileSync(join(ROOT, "static-secret", "key"), SECRETS.sibling);
  writeFileSync(join(STATIC_DIR, "hello.txt"), "hello from static\n");
  writeFileSync(join(STATIC_DIR, "page.html"), "<!doctype html><title>p</title>\n");
  writeFileSync(join(STATIC_DIR, "x.png"), PNG_HTML);
  writeFileSync(join(STATIC_DIR, "big.txt"), "0123456789".repeat(1000));
  writeFileSync(join(STATIC_DIR, ".env"), SECRETS.dotenv);
  mkdirSync(join(STATIC_DIR, ".git"), { recursive: true });
  writeFileSync(join(STATIC_DIR, ".git", "config"), SECRETS.git);
  mkdirSync(join(STATIC_DIR, "sub"), { recursive: true });
  writeFileSync(join(STATIC_DIR, "sub", "a.txt"), "a\n");
  // Symlinks pointing outside the root: a directory (/etc) and a file (../secret.txt).
  symlinkSync("/etc", join(STATIC_DIR, "link"));
  symlinkSync(join(ROOT, "secret.txt"), join(STATIC_DIR, "secret-link.txt"));
}
buildFixtures();

process.once("exit", () => {
  rmSync(ROOT, { recursive: true, force: true });
  rmSync(PRIVATE_TMP, { recursive: true, force: true });
});

const PROTO_SNAPSHOT = Object.getOwnPropertyNames(Object.prototype).sort().join(",");

// ---------------------------------------------------------------------------------------------
// The app.

export interface LogLine {
  level: "debug" | "info" | "warn" | "error";
  msg: string;
  fields: Record<string, unknown> | undefined;
}

export interface UploadRecord {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  path: string;
  id: string;
}

export interface SentinelOptions {
  app?: AppOptionsInput;
  serve?: ServeOptions;
  /** Install `sessions()` with these options (`true`: defaults). */
  sessions?: SessionOptions | boolean;
}

export interface Sentinel {
  app: App;
  server: FlagonServer;
  port: number;
  logs: LogLine[];
  /** `METHOD path` of every request that reached routing (after Host validation). */
  seen: string[];
  /** What handlers observed: aborts, body sizes, errors they saw. */
  events: Array<Record<string, unknown>>;
  uploads: UploadRecord[];
  /** Side effects of state-changing handlers ("the DB"): must not move on rejected requests. */
  db: { writes: number; resets: number };
  /** Seconds added to the session clock (G3). */
  clock: { offset: number };
  /** Error-level log lines. */
  errors(): LogLine[];
  /** Forget logs, seen, events (call at the start of a case). */
  reset(): void;
  /** The universal invariants of security.md 3.0 (see `CheckOptions`). */
  check(responses?: ReadonlyArray<Checked>, options?: CheckOptions): Promise<void>;
  close(): Promise<void>;
}

/** Anything with a status and a body to check. */
export interface Checked {
  status: number;
  body?: Buffer | string;
  text?: string;
  /** Response headers (raw.ts and http() both keep `set-cookie` as an array). */
  headers?: Record<string, unknown>;
}

/** Rejections (security.md 3.0 #5 and #8): none may carry a Set-Cookie. */
const REJECTIONS = new Set([400, 401, 403, 405, 408, 411, 413, 414, 415, 416, 431]);
/** Refusals that must leave a structured security event in the log (security.md 3.0 #8). */
const SECURITY_EVENT_STATUSES = new Set([400, 401, 403, 413, 415, 431]);

export interface CheckOptions {
  /** The row allows a 5xx (N1, N2, N4). */
  allow5xx?: boolean;
  /** Also assert no error-level log line since the last `reset()`. */
  noErrorLogs?: boolean;
  /** Skip the "connections back to zero" wait (a case that keeps sockets on purpose). */
  skipConnections?: boolean;
}

/** Generous for a 2-core box running two suites at once; security.md says 100 ms unloaded. */
export const HEALTH_BUDGET_MS = 500;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Poll `fn` until it is true or `ms` pass; returns the last value. */
export async function waitFor(
  fn: () => boolean | Promise<boolean>,
  ms = 2000,
  step = 20,
): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn()) return true;
    if (Date.now() > end) return false;
    await sleep(step);
  }
}

/** Naive recursive merge, the classic pollution gadget: proves a `__proto__` key never reaches a handler. */
function naiveMerge(target: any, src: any): any {
  for (const key in src) {
    const v = src[key];
    if (typeof v === "object" && v !== null) {
      if (typeof target[key] !== "object" || target[key] === null) target[key] = {};
      naiveMerge(target[key], v);
    } else {
      target[key] = v;
    }
  }
  return target;
}

const STACK = /\n\s+at\s|\bat (?:async )?[\w$.<>]+ \(|node:internal|file:\/\/|\.(?:ts|js|mjs):\d+/;

/** A response body leaks nothing: no stack frame, file path or thrown message. */
export function assertNoLeak(body: string, what = "response body"): void {
  assert.doesNotMatch(
    body,
    STACK,
    `${what} contains a stack trace or source location: ${body.slice(0, 300)}`,
  );
  for (const path of [ROOT, PRIVATE_TMP, process.cwd(), "/work/"]) {
    assert.ok(
      !body.includes(path),
      `${what} contains a server file path (${path}): ${body.slice(0, 300)}`,
    );
  }
  for (const marker of Object.values(SECRETS)) {
    assert.ok(!body.includes(marker), `${what} contains the secret marker ${marker}`);
  }
}

export function strongKey(): string {
  return randomBytes(32).toString("base64url");
}

export async function startSentinel(options: SentinelOptions = {}): Promise<Sentinel> {
  const logs: LogLine[] = [];
  const push =
    (level: LogLine["level"]) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      logs.push({ level, msg, fields });
    };
  const logger: Logger = {
    debug: push("debug"),
    info: push("info"),
    warn: push("warn"),
    error: push("error"),
  };
  const seen: string[] = [];
  const events: Array<Record<string, unknown>> = [];
  const uploads: UploadRecord[] = [];
  const db = { writes: 0, resets: 0 };
  const clock = { offset: 0 };
  const media = new Map<string, UploadRecord>();

  const app = flagon({ secretKey: strongKey(), logger, ...options.app });

  app.use(async (ctx, next) => {
    seen.push(`${ctx.req.method} ${ctx.req.path}`);
    const res = await next();
    // N2 "rejects after responding": the response exists, then the middleware fails.
    if (ctx.req.path === "/throw-after")
      throw new Error(`${SECRETS.thrown}: after the response was built`);
    return res;
  });
  if (options.sessions !== undefined && options.sessions !== false) {
    const o = options.sessions === true ? {} : options.sessions;
    app.use(sessions({ now: () => Date.now() + clock.offset * 1000, ...o }));
  }
  app.teardown((ctx) => {
    if (ctx.req.path === "/teardown-throw") throw new Error(`${SECRETS.thrown}: teardown failed`);
  });

  app.get("/", () => "home");
  app.get("/health", () => "ok");
  app.get("/dir/", () => "dir");
  app.get("/header-count", (ctx) => ({ count: Object.keys(ctx.req.headers).length }));
  app.get("/echo", (ctx) => ({
    method: ctx.req.method,
    path: ctx.req.path,
    url: ctx.req.url,
    host: ctx.req.host,
    protocol: ctx.req.protocol,
    secure: ctx.req.secure,
    ip: ctx.req.ip ?? null,
    query: ctx.query.toJSON(),
  }));
  const resetLink = (ctx: { req: { protocol: string; host: string } }) => {
    db.resets++;
    return { link: `${ctx.req.protocol}://${ctx.req.host}/reset/abc123` };
  };
  app.get("/reset-link", resetLink);
  app.post("/reset-link", resetLink);
  app.get("/users/:id", (ctx) => ({ id: ctx.params.id }));
  app.get("/files/:a/:b", (ctx) => ({ a: ctx.params.a, b: ctx.params.b }));
  app.get("/query", (ctx) => {
    const q = ctx.query;
    const polluted: Record<string, unknown> = naiveMerge({}, q.toJSON());
    return {
      query: q.toJSON(),
      isAdmin: (q as unknown as Record<string, unknown>).isAdmin ?? null,
      mergedIsAdmin: (polluted as { isAdmin?: unknown }).isAdmin ?? null,
      role: q.get("role") ?? null,
      roles: q.getAll("role"),
      size: q.size,
    };
  });
  app.post("/json", async (ctx) => {
    let body: unknown;
    try {
      body = await ctx.req.json();
    } catch (err) {
      events.push({
        route: "/json",
        error: (err as { code?: string }).code ?? String(err),
        aborted: ctx.req.signal?.aborted ?? null,
      });
      throw err;
    }
    // What careless handlers do with a body: shallow copy, then a deep merge into config.
    Object.assign({}, body);
    naiveMerge({}, body);
    db.writes++;
    return { received: body, type: Array.isArray(body) ? "array" : typeof body };
  });
  app.post("/form", async (ctx) => {
    const form = await ctx.req.form();
    naiveMerge({}, form.fields.toJSON());
    db.writes++;
    return {
      fields: form.fields.toJSON(),
      query: ctx.query.toJSON(),
      role: form.get("role") ?? null,
      queryRole: ctx.query.get("role") ?? null,
      size: form.fields.size,
    };
  });
  app.post("/upload", async (ctx) => {
    let form: Awaited<ReturnType<typeof ctx.req.form>>;
    try {
      form = await ctx.req.form();
    } catch (err) {
      events.push({
        route: "/upload",
        error: (err as { code?: string }).code ?? String(err),
        aborted: ctx.req.signal?.aborted ?? null,
      });
      throw err;
    }
    const files: UploadRecord[] = [];
    for (const f of form.files()) {
      const id = randomUUID();
      // Keep a copy to serve back (F11); the temp file itself must vanish after the response.
      await copyFile(f.path, join(MEDIA_DIR, id));
      const rec = {
        field: f.field,
        filename: f.filename,
        contentType: f.contentType,
        size: f.size,
        path: f.path,
        id,
      };
      files.push(rec);
      uploads.push(rec);
      media.set(id, rec);
    }
    naiveMerge({}, form.fields.toJSON());
    // Paths stay server-side (in `uploads`): a body naming them would fail the leak check.
    const shown = files.map(({ path: _path, ...rest }) => rest);
    return { fields: form.fields.toJSON(), files: shown };
  });
  app.get("/media/:id", (ctx) => {
    const rec = media.get(ctx.params.id);
    if (rec === undefined) return ctx.json({ error: "no such upload" }, 404);
    return ctx.file(join(MEDIA_DIR, rec.id), {
      contentType: rec.contentType,
      download: rec.filename || "download",
    });
  });
  app.get("/redirect", (ctx) => ctx.redirect(ctx.query.get("next") ?? "/"));
  app.get("/set-header", (ctx) => {
    ctx.header("x-echo", ctx.query.get("v") ?? "");
    return "ok";
  });
  app.get("/set-header-raw", (ctx) => {
    // Bypasses Flagon's header check on purpose, so Node's own ERR_INVALID_CHAR is what stops it.
    const res = ctx.text("ok");
    res.headers.record["x-echo"] = ctx.query.get("v") ?? "";
    return res;
  });
  app.get("/set-cookie", (ctx) => {
    ctx.cookie("c", ctx.query.get("v") ?? "");
    return "ok";
  });
  app.get("/throw-sync", () => {
    throw new Error(`${SECRETS.thrown}: sync /srv/app/handlers.ts:12`);
  });
  app.get("/throw-async", async () => {
    await sleep(1);
    throw new Error(`${SECRETS.thrown}: async /srv/app/handlers.ts:20`);
  });
  app.get("/throw-after", () => "built");
  app.get("/teardown-throw", () => "fine");
  app.get("/stream-error", (ctx) =>
    ctx.stream(
      (async function* () {
        yield "first chunk\n";
        await sleep(20);
        throw new Error(`${SECRETS.thrown}: stream broke`);
      })(),
      {},
      "text/plain; charset=utf-8",
    ),
  );
  app.get("/floating", () => {
    // A promise the handler forgot: rejects after the response went out.
    void sleep(30).then(() => {
      throw new Error(`${SECRETS.thrown}: floating rejection`);
    });
    return "responded";
  });

  if (options.sessions !== undefined && options.sessions !== false) {
    app.post("/login", (ctx) => {
      const s = getSession(ctx);
      s.regenerate();
      s.set("user", ctx.query.get("user") ?? "alice");
      return { id: s.id };
    });
    app.get("/whoami", (ctx) => {
      const s = getSession(ctx);
      return { user: s.get("user") ?? null, isNew: s.isNew, id: s.id };
    });
    app.post("/touch", (ctx) => {
      const s = getSession(ctx);
      s.set("touched", true);
      return { id: s.id, user: s.get("user") ?? null };
    });
  }

  mountStatic(app, "/static", STATIC_DIR);

  const server = await serve(app, {
    port: 0,
    host: "127.0.0.1",
    headersTimeout: 1000,
    requestTimeout: 2000,
    keepAliveTimeout: 1000,
    connectionsCheckingInterval: 200,
    shutdownGrace: 500,
    ...options.serve,
  });
  const port = server.port;
  const pid = process.pid;

  const connections = (): Promise<number> =>
    new Promise((resolve) => server.server.getConnections((_err, n) => resolve(n ?? 0)));

  const s: Sentinel = {
    app,
    server,
    port,
    logs,
    seen,
    events,
    uploads,
    db,
    clock,
    errors: () => logs.filter((l) => l.level === "error"),
    reset() {
      logs.length = 0;
      seen.length = 0;
      events.length = 0;
    },
    async check(responses = [], opts = {}) {
      // 1. Same process, still listening, /health answers 200 quickly.
      assert.equal(process.pid, pid);
      assert.ok(server.server.listening, "the server stopped listening");
      const health = await http(port, { path: "/health", timeout: 2000 });
      assert.equal(health.status, 200, "GET /health after the case");
      assert.ok(
        health.ms < HEALTH_BUDGET_MS,
        `GET /health took ${health.ms.toFixed(0)} ms (budget ${HEALTH_BUDGET_MS})`,
      );
      // 2. No 5xx unless the row says so; 6. no stack trace, path or secret in any body.
      for (const r of responses) {
        if (opts.allow5xx !== true) assert.ok(r.status < 500, `unexpected ${r.status}`);
        const body = r.text ?? (r.body === undefined ? "" : r.body.toString("latin1"));
        assertNoLeak(body);
        if (REJECTIONS.has(r.status)) {
          const setCookie = r.headers?.["set-cookie"];
          assert.ok(
            setCookie === undefined || (Array.isArray(setCookie) && setCookie.length === 0),
            `Set-Cookie on a rejected (${r.status}) request: ${String(setCookie)}`,
          );
        }
      }
      // 8. A structured security event for every refusal in the security categories.
      const events = logs.filter((l) => l.fields?.event === "security");
      for (const r of responses) {
        if (!SECURITY_EVENT_STATUSES.has(r.status)) continue;
        const event = events.find((l) => l.fields?.status === r.status);
        assert.ok(
          event !== undefined,
          `a ${r.status} refusal without a security event in the log (logged: ${JSON.stringify(logs.map((l) => l.msg))})`,
        );
        assert.equal(event.level, "warn");
        assert.match(String(event.fields?.code), /^FLG_ERR_[A-Z_]+$/);
      }
      // 3. Prototype untouched.
      assert.equal(
        Object.getOwnPropertyNames(Object.prototype).sort().join(","),
        PROTO_SNAPSHOT,
        "Object.prototype changed",
      );
      assert.equal(
        ({} as { isAdmin?: unknown }).isAdmin,
        undefined,
        "({}).isAdmin is defined: prototype polluted",
      );
      // 7. Temp upload dir empty; this case's connections closed.
      const dir = uploadDir();
      const leftovers = (): string[] => {
        try {
          return readdirSync(dir);
        } catch {
          return [];
        }
      };
      assert.ok(
        await waitFor(() => leftovers().length === 0),
        `upload temp dir not empty: ${leftovers().join(", ")}`,
      );
      if (opts.skipConnections !== true) {
        assert.ok(
          await waitFor(async () => (await connections()) === 0, 3000),
          `connections still open: ${await connections()}`,
        );
      }
      if (opts.noErrorLogs === true) {
        const errs = logs.filter((l) => l.level === "error");
        assert.deepEqual(
          errs.map((l) => l.msg),
          [],
          `error-level log lines: ${JSON.stringify(errs.map((l) => ({ msg: l.msg, err: String((l.fields?.err as Error | undefined)?.message) })))}`,
        );
      }
    },
    close: () => server.close(),
  };
  return s;
}

/** Number of open file descriptors of this process (Linux). */
export function openFds(): number {
  try {
    return readdirSync("/proc/self/fd").length;
  } catch {
    return -1;
  }
}

/** Copy a fixture into the static dir (for tests that need a file of their own). */
export function addStaticFile(name: string, content: string | Buffer): string {
  const path = join(STATIC_DIR, name);
  writeFileSync(path, content);
  return path;
}
