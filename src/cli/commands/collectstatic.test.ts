// `flagon collectstatic` as users run it: the real bin, spawned in a temporary project, checked
// by its output, exit status and the files it leaves.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { type FlagonRun, runFlagon } from "../fixtures/run-flagon.ts";
import { fileURLToPath, pathToFileURL } from "node:url";
import { main } from "../main.ts";

const PROJECT = pathToFileURL(
  fileURLToPath(new URL("../../project/index.ts", import.meta.url)),
).href;
const tmp = mkdtempSync(join(tmpdir(), "flagon-collectstatic-cli-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

let count = 0;
function project(files: Record<string, string>, staticOptions = "{}"): string {
  const dir = join(tmp, `p${++count}`);
  const all: Record<string, string> = {
    "settings.ts": `import { defineApp, defineSettings } from ${JSON.stringify(PROJECT)};
const blog = defineApp({ name: "blog", dir: import.meta.dirname + "/blog" });
export default defineSettings({
  baseDir: import.meta.dirname,
  installedApps: [blog],
  databases: { default: "sqlite::memory:" },
  static: ${staticOptions},
});
`,
    ...files,
  };
  for (const [rel, text] of Object.entries(all)) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

function flagon(args: string[], cwd: string): Promise<FlagonRun> {
  return runFlagon(args, { cwd });
}

const FILES = {
  "static/css/site.css": "body { background: url(../img/a.svg) }",
  "static/img/a.svg": "<svg/>",
  "blog/static/css/site.css": "shadowed",
  "blog/static/blog/app.js": "console.log(1);",
};

describe("flagon collectstatic", () => {
  test("collects, then reports a second run as unmodified", async () => {
    const dir = project(FILES);
    const root = join(dir, "staticfiles");
    const first = await flagon(["collectstatic", "--no-input"], dir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      new RegExp(`^3 static files copied to ${root}, 0 unmodified, 3 post-processed\\.$`, "m"),
    );
    assert.match(
      first.stdout,
      /1 file shadowed by a file of the same path in an earlier folder \(--verbosity 2 lists them\)/,
    );
    const manifest = JSON.parse(readFileSync(join(root, "staticfiles.json"), "utf8"));
    assert.deepEqual(Object.keys(manifest.paths), ["blog/app.js", "css/site.css", "img/a.svg"]);
    const second = await flagon(["collectstatic", "-v", "2"], dir);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /^0 static files copied to .*, 3 unmodified, 3 post-processed\.$/m);
    assert.match(second.stdout, /Found 'css\/site\.css' in .*blog\/static, shadowed by .*\/static/);
    assert.match(
      second.stdout,
      /Post-processed 'css\/site\.css' as 'css\/site\.[0-9a-f]{12}\.css'/,
    );
  });

  test("--dry-run writes nothing; -v 0 prints nothing", async () => {
    const dir = project(FILES);
    const dry = await flagon(["collectstatic", "--dry-run"], dir);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /3 static files copied .*\(dry run: nothing written\)/);
    assert.equal(existsSync(join(dir, "staticfiles")), false);

    // A broken manifest does not stop the command that rewrites it.
    mkdirSync(join(dir, "staticfiles"));
    writeFileSync(join(dir, "staticfiles/staticfiles.json"), "{ broken");
    const quiet = await flagon(["collectstatic", "--verbosity", "0"], dir);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stdout, "");
    const fixed = JSON.parse(readFileSync(join(dir, "staticfiles/staticfiles.json"), "utf8"));
    assert.equal(fixed.version, 1);
  });

  test("a missing reference or an unsafe --clear is one line and exit 1; a bad option exit 2", async () => {
    const dir = project({ "static/css/site.css": "a { background: url(gone.png) }" });
    const missing = await flagon(["collectstatic"], dir);
    assert.equal(missing.code, 1);
    assert.equal(
      missing.stderr,
      'flagon collectstatic: css/site.css references "gone.png", which is not a collected static file [FLG_ERR_COLLECTSTATIC]\n',
    );
    const unsafe = project(FILES, '{ root: "." }');
    const clear = await flagon(["collectstatic", "--clear"], unsafe);
    assert.equal(clear.code, 1);
    assert.match(clear.stderr, /--clear refused: static\.root .* is the project folder/);
    assert.equal(clear.stderr.trim().split("\n").length, 1);
    assert.ok(existsSync(join(unsafe, "settings.ts")), "nothing deleted");
    const bad = await flagon(["collectstatic", "--verbosity", "9"], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--verbosity must be 0, 1, 2 or 3/);
  });

  test("on a terminal, one progress line is redrawn in place", async () => {
    const dir = project(FILES);
    let out = "";
    const code = await main(["collectstatic"], {
      out: (t) => (out += t),
      err: (t) => (out += t),
      cwd: dir,
      env: { ...process.env },
      isTTY: true,
    });
    assert.equal(code, 0, out);
    assert.match(out, /\r\x1b\[2K\[6\/6\] Post-processed /);
    assert.match(out, /\r\x1b\[2K1 file shadowed .*\n3 static files copied to /);
  });
});
