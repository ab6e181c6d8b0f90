// runserver and serve end to end: the real bin on a temp app file, a real server, real requests.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startCli, stopCli, within } from "../fixtures/spawn-cli.ts";

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

// The 20 s waits of this file: a single-file app starts faster than a project.
const WAIT = 20_000;
const start = (args: string[], extraEnv: Record<string, string | undefined> = {}) =>
  startCli(dir, args, extraEnv);

const LISTENING = /listening on (http:\/\/[0-9.:]+)/;

describe("flagon runserver", { timeout: 60_000 }, () => {
  test("serves the app with debug on, restarts on change, stops on SIGTERM", async () => {
    writeFileSync(join(dir, "app.ts"), appSource("v1"));
    // Defaults to ./app.ts; FLAGON_DEBUG=0 from the caller is overridden to 1.
    const run = start(["runserver", "--port", "0"], { FLAGON_DEBUG: "0", NODE_ENV: undefined });
    try {
      const first = await run.waitFor(LISTENING, 0, WAIT);
      assert.equal(await (await fetch(first[1]!)).text(), "v1 debug=1 env=undefined");
      const mark = run.output().length;
      writeFileSync(join(dir, "app.ts"), appSource("v2"));
      const second = await run.waitFor(LISTENING, mark, WAIT);
      assert.equal(await (await fetch(second[1]!)).text(), "v2 debug=1 env=undefined");
      run.child.kill("SIGTERM");
      await within(run.exited, 10_000, "runserver shutdown");
      await assert.rejects(fetch(second[1]!), "the app is still answering after runserver exited");
    } finally {
      stopCli(run);
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
      const m = await run.waitFor(LISTENING, 0, WAIT);
      assert.equal(await (await fetch(m[1]!)).text(), "prod debug=undefined env=production");
      run.child.kill("SIGTERM");
      assert.equal(await within(run.exited, 10_000, "serve shutdown"), 0);
    } finally {
      stopCli(run);
    }
  });
});
