// runserver and serve end to end: the real bin on a temp app file, a real server, real requests.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const BIN = fileURLToPath(new URL("../../../bin/flagon.js", import.meta.url));
const ENTRY = pathToFileURL(fileURLToPath(new URL("../../index.ts", import.meta.url))).href;
const dir = mkdtempSync(join(tmpdir(), "flagon-runserver-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function appSource(version: string): string {
  return `import { flagon } from ${JSON.stringify(ENTRY)};
const app = flagon({ debug: process.env.FLAGON_DEBUG === "1", accessLog: false });
app.get("/", () => \`${version} debug=\${process.env.FLAGON_DEBUG} env=\${process.env.NODE_ENV}\`);
app.listen();
`;
}

interface Running {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the first match of `re` found after `from` characters of output. */
  waitFor(re: RegExp, from?: number, ms?: number): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

function start(args: string[], extraEnv: Record<string, string | undefined> = {}): Running {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(extraEnv)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  // Its own process group, so cleanup can end the CLI and the app it started together.
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, detached: true });
  let out = "";
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    waitFor(re, from = 0, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(out.slice(from));
          if (m === null) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(m);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${re} within ${ms}ms; output:\n${out}`));
        }, ms);
        listeners.add(check);
        check();
      });
    },
  };
}

function stop(r: Running): void {
  try {
    process.kill(-r.child.pid!, "SIGKILL");
  } catch {
    // Already gone.
  }
}

async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms}ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const LISTENING = /listening on (http:\/\/[0-9.:]+)/;

describe("flagon runserver", { timeout: 60_000 }, () => {
  test("serves the app with debug on, restarts on change, stops on SIGTERM", async () => {
    writeFileSync(join(dir, "app.ts"), appSource("v1"));
    // Defaults to ./app.ts; FLAGON_DEBUG=0 from the caller is overridden to 1.
    const run = start(["runserver", "--port", "0"], { FLAGON_DEBUG: "0", NODE_ENV: undefined });
    try {
      const first = await run.waitFor(LISTENING);
      assert.equal(await (await fetch(first[1]!)).text(), "v1 debug=1 env=undefined");
      const mark = run.output().length;
      writeFileSync(join(dir, "app.ts"), appSource("v2"));
      const second = await run.waitFor(LISTENING, mark);
      assert.equal(await (await fetch(second[1]!)).text(), "v2 debug=1 env=undefined");
      run.child.kill("SIGTERM");
      await within(run.exited, 10_000, "runserver shutdown");
      await assert.rejects(fetch(second[1]!), "the app is still answering after runserver exited");
    } finally {
      stop(run);
    }
  });
});

describe("flagon serve", { timeout: 30_000 }, () => {
  test("runs the named file without debug, even when FLAGON_DEBUG is set, and exits 0 on SIGTERM", async () => {
    writeFileSync(join(dir, "prod.ts"), appSource("prod"));
    const run = start(["serve", "prod.ts", "--port", "0", "--host", "127.0.0.1"], {
      FLAGON_DEBUG: "1",
      NODE_ENV: undefined,
    });
    try {
      const m = await run.waitFor(LISTENING);
      assert.equal(await (await fetch(m[1]!)).text(), "prod debug=undefined env=production");
      run.child.kill("SIGTERM");
      assert.equal(await within(run.exited, 10_000, "serve shutdown"), 0);
    } finally {
      stop(run);
    }
  });
});
