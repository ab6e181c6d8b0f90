/**
 * `collectStatic` on real files in a temporary project: first-found-wins over the project's and
 * the apps' folders, hashed copies with CSS references rewritten (nested folders, `../`, queries
 * and fragments kept, external URLs and comments left alone), the manifest, precompressed copies,
 * an idempotent second run, a change that ripples up an `@import` chain, missing references and
 * cycles refused before anything is written, and `clear` refusing unsafe roots.
 */
import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { type CollectStaticOptions, collectStatic } from "./collectstatic.ts";
import { defineApp } from "./define-app.ts";
import { defineSettings } from "./define-settings.ts";
import { ERR_COLLECTSTATIC } from "./errors.ts";
import { contentHash, hashedName, readStaticManifest } from "./static-manifest.ts";

const tmp = mkdtempSync(join(tmpdir(), "flagon-collectstatic-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** A fresh project folder with these files (paths relative to it). */
function project(files: Record<string, string | Buffer>): string {
  const dir = join(tmp, `p${++n}`);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

function settingsFor(dir: string, extra: { root?: string; apps?: string[] } = {}) {
  return defineSettings({
    baseDir: dir,
    installedApps: (extra.apps ?? []).map((name) => defineApp({ name, dir: join(dir, name) })),
    ...(extra.root === undefined ? {} : { static: { root: extra.root } }),
    databases: { default: "sqlite::memory:" },
  });
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 4, 5]);
const SITE_CSS = `@import "base/reset.css";
/* url(ignored-in-a-comment.png) */
body { background: url("../img/logo.png") no-repeat; }
.a { background: url(data:image/png;base64,AAAA); }
.b { background: url(https://cdn.example.com/x.png); }
.c { filter: url(#shadow); }
@font-face { src: url('fonts/My%20Font.woff?v=2#iefix'); }
.d { background: url( /static/img/logo.png ); }
.e { background: url(/elsewhere/img.png); content: "url(not-a-reference.png)"; }
`;
const RESET_CSS =
  "html { background: url('../../img/logo.png'); }\n/*# sourceMappingURL=reset.css.map */\n";

function demoProject(): string {
  return project({
    "static/css/site.css": SITE_CSS,
    "static/css/base/reset.css": RESET_CSS,
    "static/css/base/reset.css.map": '{"version":3}',
    "static/css/fonts/My Font.woff": "font-bytes",
    "static/img/logo.png": PNG,
    "static/.hidden": "skipped",
    "static/notes.txt~": "skipped",
    "blog/static/css/site.css": "body { color: red }",
    "blog/static/blog/app.js": `console.log(${JSON.stringify("x".repeat(400))});\n//# sourceMappingURL=app.js.map\n`,
    "blog/static/blog/app.js.map": '{"version":3,"sources":[]}',
  });
}

const collect = (dir: string, options?: CollectStaticOptions) =>
  collectStatic(settingsFor(dir, { apps: ["blog"] }), options);

describe("collectStatic", () => {
  test("copies, hashes, rewrites CSS references and writes the manifest", async () => {
    const dir = demoProject();
    const root = join(dir, "staticfiles");
    const r = await collect(dir);
    assert.equal(r.root, root);
    assert.equal(r.copied, 7);
    assert.equal(r.unmodified, 0);
    assert.equal(r.postProcessed, 7);
    assert.equal(r.shadowed, 1, "the app's css/site.css is shadowed by the project's");
    assert.equal(existsSync(join(root, ".hidden")), false);
    assert.equal(existsSync(join(root, "notes.txt~")), false);
    assert.equal(
      readFileSync(join(root, "css/site.css"), "utf8"),
      SITE_CSS,
      "plain copy unchanged",
    );

    const manifest = readStaticManifest(root)!;
    const logo = hashedName("img/logo.png", contentHash(PNG));
    assert.equal(manifest.paths.get("img/logo.png"), logo);
    assert.match(logo, /^img\/logo\.[0-9a-f]{12}\.png$/);
    const json = JSON.parse(readFileSync(join(root, "staticfiles.json"), "utf8"));
    assert.equal(json.version, 1);
    assert.deepEqual(Object.keys(json.paths), [...Object.keys(json.paths)].sort());

    const logoFile = logo.split("/")[1]!;
    const map = manifest.paths.get("css/base/reset.css.map")!.split("/").pop()!;
    const reset = readFileSync(join(root, manifest.paths.get("css/base/reset.css")!), "utf8");
    assert.equal(
      reset,
      `html { background: url('../../img/${logoFile}'); }\n/*# sourceMappingURL=${map} */\n`,
    );
    const resetName = manifest.paths.get("css/base/reset.css")!;
    assert.equal(resetName, hashedName("css/base/reset.css", contentHash(Buffer.from(reset))));
    const font = manifest.paths.get("css/fonts/My Font.woff")!.split("/").pop()!;
    const site = readFileSync(join(root, manifest.paths.get("css/site.css")!), "utf8");
    assert.equal(
      site,
      SITE_CSS.replace('"base/reset.css"', `"base/${resetName.split("/").pop()}"`)
        .replace('"../img/logo.png"', `"../img/${logoFile}"`)
        .replace("fonts/My%20Font.woff?v=2#iefix", `fonts/${encodeURIComponent(font)}?v=2#iefix`)
        .replace("/static/img/logo.png", `/static/img/${logoFile}`),
    );
    const js = readFileSync(join(root, manifest.paths.get("blog/app.js")!), "utf8");
    assert.match(js, /\/\/# sourceMappingURL=app\.js\.[0-9a-f]{12}\.map\n$/);

    // Precompressed copies of text files, for the plain and the hashed name; none for a PNG.
    for (const name of ["blog/app.js", manifest.paths.get("blog/app.js")!]) {
      const original = readFileSync(join(root, name));
      assert.deepEqual(gunzipSync(readFileSync(join(root, `${name}.gz`))), original);
      assert.deepEqual(brotliDecompressSync(readFileSync(join(root, `${name}.br`))), original);
    }
    assert.equal(existsSync(join(root, `${logo}.gz`)), false);
    assert.equal(existsSync(join(root, "img/logo.png.br")), false);
    // Fonts are not text: no variant.
    assert.equal(existsSync(join(root, "css/fonts/My Font.woff.gz")), false);
  });

  test("a second run copies nothing; a change ripples up the @import chain", async () => {
    const dir = demoProject();
    const root = join(dir, "staticfiles");
    const first = await collect(dir);
    const listing = () =>
      readdirSync(root, { recursive: true })
        .map(String)
        .sort()
        .map((f) => `${f}:${statSync(join(root, f)).mtimeMs}`);
    const before = listing();
    const again = await collect(dir);
    assert.equal(again.copied, 0);
    assert.equal(again.unmodified, 7);
    assert.equal(again.compressed, 0);
    assert.deepEqual(listing(), before, "nothing rewritten");
    assert.deepEqual(again.manifest, first.manifest);

    writeFileSync(join(dir, "static/img/logo.png"), Buffer.concat([PNG, PNG]));
    const third = await collect(dir);
    assert.equal(third.copied, 1);
    for (const name of ["img/logo.png", "css/base/reset.css", "css/site.css"])
      assert.notEqual(third.manifest.get(name), first.manifest.get(name), name);
    assert.equal(third.manifest.get("blog/app.js"), first.manifest.get("blog/app.js"));
    // Old hashed names stay for pages still cached by browsers, as Django keeps them.
    assert.ok(existsSync(join(root, first.manifest.get("css/site.css")!)));
  });

  test("a reference to a missing file names the CSS file and the reference; nothing is written", async () => {
    const dir = project({
      "static/css/a.css": "a { background: url(../img/gone.png) }",
      "static/css/b.css": "@import 'nope.css';",
      "static/js/app.js": "//# sourceMappingURL=app.js.map\n",
    });
    await assert.rejects(
      collectStatic(settingsFor(dir)),
      (e: { code?: string; message: string }) =>
        e.code === ERR_COLLECTSTATIC &&
        e.message.includes('css/a.css references "../img/gone.png"') &&
        e.message.includes("1 more"),
    );
    assert.equal(existsSync(join(dir, "staticfiles")), false);
    // A missing source map only warns, and the comment is kept.
    rmSync(join(dir, "static/css"), { recursive: true });
    const r = await collectStatic(settingsFor(dir));
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0]!, /js\/app\.js: source map "app\.js\.map"/);
  });

  test("references that escape the root or form a cycle are refused", async () => {
    const escaping = project({
      "static/a.css": "a { background: url(../../settings.ts) }",
      "settings.ts": "",
    });
    await assert.rejects(
      collectStatic(settingsFor(escaping)),
      /a\.css references "\.\.\/\.\.\/settings\.ts"/,
    );
    const cycle = project({
      "static/a.css": "@import 'b.css';",
      "static/b.css": "@import 'a.css';",
    });
    await assert.rejects(
      collectStatic(settingsFor(cycle)),
      (e: { code?: string; message: string }) =>
        e.code === ERR_COLLECTSTATIC && e.message.includes("a.css -> b.css -> a.css"),
    );
  });

  test("dry run and --no-post-process", async () => {
    const dir = demoProject();
    const r = await collect(dir, { dryRun: true });
    assert.equal(r.copied, 7);
    assert.equal(existsSync(join(dir, "staticfiles")), false);
    const plain = await collect(dir, { postProcess: false });
    assert.equal(plain.postProcessed, 0);
    assert.equal(existsSync(join(dir, "staticfiles/staticfiles.json")), false);
    assert.equal(existsSync(join(dir, "staticfiles/blog/app.js.gz")), false);
    assert.ok(existsSync(join(dir, "staticfiles/blog/app.js")));
  });

  test("clear empties the root, unlinking links without following them", async () => {
    const dir = demoProject();
    const outside = join(tmp, `outside-${n}.txt`);
    writeFileSync(outside, "keep me");
    await collect(dir);
    const root = join(dir, "staticfiles");
    writeFileSync(join(root, "stale.txt"), "old");
    mkdirSync(join(root, "linkdir"));
    symlinkSync(outside, join(root, "link.txt"));
    symlinkSync(tmp, join(root, "linkdir/up"));
    const dry = await collect(dir, { clear: true, dryRun: true });
    assert.ok(dry.cleared > 0);
    assert.equal(dry.copied, 7, "after a real clear every file is copied again");
    assert.ok(existsSync(join(root, "stale.txt")));
    const r = await collect(dir, { clear: true });
    assert.equal(r.copied, 7);
    assert.equal(existsSync(join(root, "stale.txt")), false);
    assert.equal(existsSync(join(root, "link.txt")), false);
    assert.equal(readFileSync(outside, "utf8"), "keep me");
    assert.ok(existsSync(join(tmp, `p${n}`)), "the link's target folder survives");
  });

  test("clear refuses /, the project folder, a folder above it, a project-like or source folder", async () => {
    const dir = demoProject();
    const refused = async (root: string, why: RegExp) => {
      const settings = settingsFor(dir, { root, apps: ["blog"] });
      await assert.rejects(
        collectStatic(settings, { clear: true }),
        (e: { code?: string; message: string }) =>
          e.code === ERR_COLLECTSTATIC && why.test(e.message),
      );
    };
    await refused("/", /file-system root/);
    await refused(dir, /overlaps the static folder|project folder/);
    await refused(join(dir, ".."), /overlaps|project folder/);
    mkdirSync(join(dir, "other/.git"), { recursive: true });
    await refused(join(dir, "other"), /looks like a project/);
    await refused(join(dir, "static/collected"), /overlaps the static folder/);
    await refused(join(dir, "blog"), /overlaps the static folder/);
    // Without clear, a root overlapping a static folder is still refused (it would collect itself).
    await assert.rejects(
      collectStatic(settingsFor(dir, { root: join(dir, "static/out") })),
      /overlaps the static folder/,
    );
    assert.ok(existsSync(join(dir, "static/css/site.css")), "nothing deleted");
  });
});
