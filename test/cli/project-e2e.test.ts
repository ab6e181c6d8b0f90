// A project's life end to end, as a user types it: the real bin/flagon.js in child processes,
// in a temporary folder: startproject, startapp, a model, makemigrations, migrate,
// collectstatic, serve (real HTTP on a free port), and the generated project's own tests with
// `flagon test`. On SQLite always; on PostgreSQL and MariaDB through DATABASE_URL when
// FLAGON_TEST_POSTGRES_URL / FLAGON_TEST_MYSQL_URL are set, each in a database made for the run.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { runFlagon } from "../../src/cli/fixtures/run-flagon.ts";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(REPO, "bin", "flagon.js");
const root = mkdtempSync(join(tmpdir(), "flagon-e2e-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** A strong key: `flagon serve` runs the deploy checks, and the generated dev key fails them. */
const SECRET = randomBytes(32).toString("base64url");

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  // The outer test runner's variables must not leak into the project's own run.
  for (const key of [
    "FLAGON_DEBUG",
    "FLAGON_SETTINGS",
    "FLAGON_TEST_DATABASE_URL",
    "NODE_TEST_CONTEXT",
  ])
    delete env[key];
  for (const key of Object.keys(env)) if (key.startsWith("NODE_TEST")) delete env[key];
  return env;
}

function flagon(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  ms = 120_000,
): Promise<Result> {
  return runFlagon(args, { cwd, env, timeoutMs: ms });
}

function ok(step: string, r: Result): Result {
  assert.equal(r.code, 0, `flagon ${step} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Start `flagon serve --port 0` and resolve with its URL once it listens. */
function serve(
  cwd: string,
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; url: Promise<string>; output: () => string } {
  // Its own process group, so cleanup ends the CLI and anything it started.
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--host", "127.0.0.1"], {
    cwd,
    env,
    detached: true,
  });
  let out = "";
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 60_000);
    const look = (d: Buffer) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m !== null && m[1] !== "0") {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout!.on("data", look);
    child.stderr!.on("data", look);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening:\n${out}`));
    });
  });
  return { child, url, output: () => out };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.pid === undefined) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  process.kill(-child.pid, "SIGTERM");
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {}
  }, 10_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

const MODELS = `import { f, model } from "flagon/orm";

export const Post = model("blog.Post", {
  title: f.string({ maxLength: 200 }),
  published: f.datetime({ default: () => new Date() }),
});
`;

const ROUTES = `import { Blueprint } from "flagon";
import { Post } from "./models.ts";

const routes = new Blueprint("blog", { prefix: "/blog" });

routes.get("/", (ctx) => ctx.render("blog/index.html", { app: "blog" }), "index");

routes.get("/posts", async () => {
  const posts = await Post.objects.orderBy("id");
  return { posts: posts.map((p) => ({ id: p.id, title: p.title })) };
}, "posts");

routes.post("/posts", async (ctx) => {
  const body = (await ctx.req.json()) as { title?: unknown };
  if (typeof body.title !== "string") return ctx.json({ error: "title" }, 400);
  const post = await Post.objects.create({ title: body.title });
  return ctx.json({ id: post.id, title: post.title }, 201);
});

export default routes;
`;

/** A test of the model, run by the project's `flagon test` on its test database. */
const POSTS_TEST = `import assert from "node:assert/strict";
import { after, test } from "node:test";
import { TestClient } from "flagon/testing";
import app, { project } from "../app.ts";
import { Post } from "./models.ts";

after(() => project.close());

test("posts are written and listed through the API", async () => {
  const client = new TestClient(app);
  assert.equal((await client.post("/blog/posts", { json: { title: "from a test" } })).status, 201);
  const list = (await client.get("/blog/posts")).json() as { posts: { title: string }[] };
  assert.deepEqual(list.posts.map((p) => p.title), ["from a test"]);
  assert.equal(await Post.objects.count(), 1);
});
`;

interface Backend {
  name: string;
  /** DATABASE_URL for the project; undefined means the generated SQLite default. */
  setup(): Promise<string | undefined>;
  teardown(): Promise<void>;
}

function serverDatabase(kind: "postgres" | "mysql", base: string): Backend {
  const url = new URL(base);
  const dbName = `${url.pathname.slice(1) || "flagon"}_e2e_${randomBytes(4).toString("hex")}`;
  const testName = `test_${dbName}`;
  const admin = async (statements: string[]) => {
    if (kind === "postgres") {
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        for (const s of statements) await client.query(s);
      } finally {
        await client.end();
      }
    } else {
      const mysql = await import("mysql2/promise");
      const conn = await mysql.createConnection(base);
      try {
        for (const s of statements) await conn.query(s);
      } finally {
        await conn.end();
      }
    }
  };
  const q = (n: string) => (kind === "postgres" ? `"${n}"` : `\`${n}\``);
  return {
    name: kind === "postgres" ? "PostgreSQL" : "MariaDB",
    async setup() {
      await admin([`CREATE DATABASE ${q(dbName)}`]);
      const project = new URL(base);
      project.pathname = `/${dbName}`;
      return project.href;
    },
    async teardown() {
      const force = kind === "postgres" ? " WITH (FORCE)" : "";
      await admin([
        `DROP DATABASE IF EXISTS ${q(testName)}${force}`,
        `DROP DATABASE IF EXISTS ${q(dbName)}${force}`,
      ]);
    },
  };
}

const backends: Backend[] = [
  { name: "SQLite", setup: async () => undefined, teardown: async () => {} },
];
if (process.env.FLAGON_TEST_POSTGRES_URL)
  backends.push(serverDatabase("postgres", process.env.FLAGON_TEST_POSTGRES_URL));
if (process.env.FLAGON_TEST_MYSQL_URL)
  backends.push(serverDatabase("mysql", process.env.FLAGON_TEST_MYSQL_URL));

describe("a project end to end", { concurrency: false }, () => {
  for (const backend of backends) {
    test(`startproject to flagon test on ${backend.name}`, { timeout: 600_000 }, async () => {
      const work = join(root, backend.name.toLowerCase());
      mkdirSync(work);
      const databaseUrl = await backend.setup();
      const env = baseEnv(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl });
      let server: ReturnType<typeof serve> | undefined;
      try {
        // 1. A project and an app, as typed.
        ok("startproject", await flagon(["startproject", "mysite"], work, env));
        const site = join(work, "mysite");
        // What `npm install` would do: node_modules/flagon is this checkout. Node resolves the
        // link to its real path, outside node_modules, so the TypeScript sources run.
        mkdirSync(join(site, "node_modules"));
        symlinkSync(REPO, join(site, "node_modules", "flagon"), "dir");
        const app = ok("startapp", await flagon(["startapp", "blog"], site, env));
        assert.match(app.stdout, /Added blog to installedApps in settings\.ts/);
        const settings = await readFile(join(site, "settings.ts"), "utf8");
        assert.match(settings, /installedApps: \[blog\],/);

        // 2. A model, and a route that queries it.
        await writeFile(join(site, "blog", "models.ts"), MODELS);
        await writeFile(join(site, "blog", "routes.ts"), ROUTES);
        await writeFile(join(site, "blog", "posts.test.ts"), POSTS_TEST);

        // 3. Migrations.
        ok("makemigrations", await flagon(["makemigrations"], site, env));
        const migrations = readdirSync(join(site, "blog", "migrations")).filter((f) =>
          f.endsWith(".ts"),
        );
        assert.deepEqual(migrations, ["0001_initial.ts"]);
        ok("makemigrations --check", await flagon(["makemigrations", "--check"], site, env));
        ok("migrate", await flagon(["migrate"], site, env));
        if (databaseUrl === undefined) assert.ok(existsSync(join(site, "db.sqlite3")));

        // 4. Production static files, then the production server.
        ok("collectstatic", await flagon(["collectstatic", "--no-input"], site, env));
        const serveEnv = baseEnv({
          ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
          FLAGON_SECRET_KEY: SECRET,
          FLAGON_ALLOWED_HOSTS: "127.0.0.1,localhost",
        });
        server = serve(site, serveEnv);
        const base = await server.url;
        const home = await fetch(`${base}/`);
        assert.equal(home.status, 200, server.output());
        assert.match(await home.text(), /<h1>mysite is running<\/h1>/);
        const css = await fetch(`${base}/static/css/site.css`);
        assert.equal(css.status, 200, "collected static files are served");
        assert.match(await css.text(), /font-family/);
        const index = await fetch(`${base}/blog/`);
        assert.equal(index.status, 200);
        assert.match(await index.text(), /<h1>blog<\/h1>/);
        const created = await fetch(`${base}/blog/posts`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ title: "Hello from the e2e test" }),
        });
        assert.equal(created.status, 201, await created.clone().text());
        const list = (await (await fetch(`${base}/blog/posts`)).json()) as {
          posts: { title: string }[];
        };
        assert.deepEqual(
          list.posts.map((p) => p.title),
          ["Hello from the e2e test"],
        );
        assert.equal((await fetch(`${base}/missing`)).status, 404);
        assert.equal(await stop(server.child), 0, `graceful shutdown:\n${server.output()}`);
        server = undefined;

        // 5. The project's own tests, on a test database made and dropped for the run: the row
        // written above is not there (the posts test expects exactly its own one).
        const run = ok("test", await flagon(["test"], site, env, 300_000));
        const output = run.stdout + run.stderr;
        for (const name of [
          "the home page says the project is running",
          "the blog index page",
          "posts are written and listed through the API",
        ]) {
          assert.ok(output.includes(name), `flagon test ran "${name}":\n${output}`);
        }
      } finally {
        if (server !== undefined) await stop(server.child);
        await backend.teardown();
      }
    });
  }
});
