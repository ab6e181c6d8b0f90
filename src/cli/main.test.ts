// The CLI as users run it: the real bin, spawned, checked by output and exit status.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { type FlagonRun, runFlagon } from "./fixtures/run-flagon.ts";
import { pathToFileURL } from "node:url";
import { main } from "./main.ts";
import type { CliIo } from "./registry.ts";

const VERSION = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;
const empty = mkdtempSync(join(tmpdir(), "flagon-cli-"));
after(() => rmSync(empty, { recursive: true, force: true }));

function flagon(args: string[], cwd = empty, nodeArgs: string[] = []): Promise<FlagonRun> {
  return runFlagon(args, { cwd, nodeArgs, timeoutMs: 10_000 });
}

/** A usage error: exit 2, exactly one line on stderr, no stack trace. */
function assertUsageError(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  assert.equal(r.code, 2);
  assert.match(r.stderr, pattern);
  assert.equal(r.stderr.trim().split("\n").length, 1, `more than one line: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\bat .+:\d+:\d+/);
}

describe("flagon bin", () => {
  test("--version and -v print the package version", async () => {
    for (const flag of ["--version", "-v", "version"]) {
      const r = await flagon([flag]);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `${VERSION}\n`);
    }
  });

  test("help, --help and no arguments list the commands", async () => {
    for (const args of [["help"], ["--help"], []]) {
      const r = await flagon(args);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^Usage: flagon <command>/);
      assert.match(r.stdout, /runserver\s+Run the app for development/);
      assert.match(r.stdout, /serve\s+Run the app for production/);
    }
  });

  test("help for one command shows its usage and options", async () => {
    for (const args of [
      ["help", "runserver"],
      ["runserver", "--help"],
    ]) {
      const r = await flagon(args);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /Usage: flagon runserver \[file\] \[--port N\] \[--host H\]/);
      assert.match(r.stdout, /--port, -p <value>\s+Port to listen on/);
    }
  });

  test("unknown command, unknown option, bad values: one line, exit 2", async () => {
    assertUsageError(
      await flagon(["frobnicate"]),
      /^flagon: unknown command "frobnicate" \(run "flagon help"/,
    );
    assertUsageError(await flagon(["--frobnicate"]), /unknown option "--frobnicate"/);
    assertUsageError(
      await flagon(["help", "frobnicate"]),
      /flagon help: unknown command "frobnicate"/,
    );
    assertUsageError(
      await flagon(["runserver", "--bogus"]),
      /^flagon runserver: unknown option --bogus$/m,
    );
    assertUsageError(await flagon(["runserver", "--port"]), /option --port needs a value/);
    assertUsageError(
      await flagon(["runserver", "--port", "http"]),
      /--port must be a number from 0 to 65535, got "http"/,
    );
    assertUsageError(await flagon(["serve", "--port", "65536"]), /--port must be a number/);
    assertUsageError(await flagon(["runserver", "a.ts", "b.ts"]), /unexpected argument "b.ts"/);
  });

  test("an older Node gets one clear line and exit 1 before any TypeScript loads", async () => {
    const preload = join(empty, "old-node.mjs");
    writeFileSync(
      preload,
      'Object.defineProperty(process, "versions", { value: { ...process.versions, node: "22.17.1" } });\n' +
        'Object.defineProperty(process, "version", { value: "v22.17.1" });\n',
    );
    const r = await flagon(["--version"], empty, ["--import", pathToFileURL(preload).href]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.equal(
      r.stderr,
      "flagon: Node.js 22.18 or newer is required (this is v22.17.1); Node 24 LTS is recommended.\n",
    );
  });

  test("a missing app file is named; no default app file is explained", async () => {
    assertUsageError(
      await flagon(["runserver", "nope.ts"]),
      /^flagon runserver: app file not found: nope\.ts$/m,
    );
    assertUsageError(
      await flagon(["serve", "nope.ts"]),
      /^flagon serve: app file not found: nope\.ts$/m,
    );
    assertUsageError(
      await flagon(["runserver"]),
      /none of app\.ts, src\/app\.ts, app\.js, src\/app\.js exists in/,
    );
  });
});

describe("main() in process", () => {
  function capture(): CliIo & { output: string; errors: string } {
    const io = {
      output: "",
      errors: "",
      out: (t: string) => void (io.output += t),
      err: (t: string) => void (io.errors += t),
      cwd: empty,
      env: {},
    };
    return io;
  }

  test("returns the status instead of exiting, so commands can be tested and embedded", async () => {
    const io = capture();
    assert.equal(await main(["--version"], io), 0);
    assert.equal(io.output, `${VERSION}\n`);
    const bad = capture();
    assert.equal(await main(["nope"], bad), 2);
    assert.match(bad.errors, /unknown command "nope"/);
  });
});
