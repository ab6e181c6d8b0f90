/**
 * Make the npm package run from built JavaScript. Node strips TypeScript types only outside
 * node_modules, so an installed Flagon cannot run its `.ts` sources: `npm pack`/`npm publish`
 * build `dist/` first (prepack) and ship a package.json whose exports point into it, then put the
 * checkout's package.json back (postpack). In the checkout the exports keep pointing at `src/`,
 * which Node runs directly.
 *
 * Usage: node scripts/pack-manifest.ts prepack|postpack
 * @module
 */
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const MANIFEST = join(ROOT, "package.json");
const SAVED = join(ROOT, "package.json.checkout");

type Exports = Record<string, string | Record<string, string>>;

/** `./src/orm/index.ts` -> `{ types: ./dist/orm/index.d.ts, default: ./dist/orm/index.js }`. */
export function builtExports(exports: Exports): Exports {
  const out: Exports = {};
  for (const [key, target] of Object.entries(exports)) {
    if (typeof target === "string" && target.startsWith("./src/") && target.endsWith(".ts")) {
      const base = `./dist/${target.slice("./src/".length, -".ts".length)}`;
      out[key] = { types: `${base}.d.ts`, default: `${base}.js` };
    } else out[key] = target;
  }
  return out;
}

/** Files under src/ that are not TypeScript (templates for generated projects, READMEs). */
function copyAssets(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "fixtures") copyAssets(path);
    } else if (!entry.name.endsWith(".ts")) {
      cpSync(path, join(ROOT, "dist", relative(join(ROOT, "src"), path)));
    }
  }
}

function prepack(): void {
  if (existsSync(SAVED))
    throw new Error(`${SAVED} exists: a previous pack did not finish; restore it first`);
  rmSync(join(ROOT, "dist"), { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: ROOT,
      stdio: "inherit",
    },
  );
  copyAssets(join(ROOT, "src"));
  const text = readFileSync(MANIFEST, "utf8");
  writeFileSync(SAVED, text);
  const pkg = JSON.parse(text);
  pkg.exports = builtExports(pkg.exports);
  pkg.files = ["dist", "bin", "!dist/**/*.test.*", "!dist/**/fixtures"];
  writeFileSync(MANIFEST, `${JSON.stringify(pkg, null, 2)}\n`);
}

function postpack(): void {
  if (existsSync(SAVED)) renameSync(SAVED, MANIFEST);
  // A checkout must not run stale built files: bin/flagon.js prefers dist/ when it exists.
  rmSync(join(ROOT, "dist"), { recursive: true, force: true });
}

if (import.meta.main) {
  const step = process.argv[2];
  if (step === "prepack") prepack();
  else if (step === "postpack") postpack();
  else {
    process.stderr.write("usage: node scripts/pack-manifest.ts prepack|postpack\n");
    process.exitCode = 2;
  }
}
