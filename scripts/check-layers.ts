/**
 * Enforce DESIGN.md's layer order: a folder under src/ imports only from folders earlier in the
 * order, and only through their index.ts. The core may not import I/O modules. Test files
 * (`*.test.ts`) are exempt. Exits 1 listing every violation.
 *
 * Usage: node scripts/check-layers.ts [srcDir]
 * @module
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/** Lowest first; names in one inner array share a rank and may not import each other. */
export const LAYERS: readonly (readonly string[])[] = [
  ["utils"],
  ["core"],
  ["adapters", "middleware"],
  ["conf"],
  ["i18n"],
  ["templates"],
  ["cache"],
  ["orm"],
  ["migrations"],
  ["sessions"],
  ["auth"],
  ["forms"],
  ["rest"],
  ["admin"],
  ["tasks"],
  ["realtime"],
  ["project"],
  ["testing"],
  ["cli"],
];

const IO_MODULES = [
  "fs",
  "fs/promises",
  "http",
  "https",
  "http2",
  "net",
  "tls",
  "dgram",
  "child_process",
  "cluster",
  "worker_threads",
];

const rank = new Map<string, number>();
LAYERS.forEach((names, i) => {
  for (const n of names) rank.set(n, i);
});

// import/export ... from "x", import "x", import("x"); comments are not stripped, which can only
// add false alarms, never hide an import.
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*["']([^"']+)["']|(?:^|[\s;])import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    // fixtures/ holds programs that tests start in a child process: test code, not shipped.
    if (entry === "node_modules" || entry === "fixtures" || entry.startsWith(".")) continue;
    if (statSync(full).isDirectory()) yield* walk(full);
    // Tests may drive a layer through higher ones (a core test over the fetch adapter): only
    // shipped code is held to the order.
    else if (/\.(m?ts|tsx)$/.test(entry) && !/\.test(-d)?\.ts$/.test(entry)) yield full;
  }
}

export interface Violation {
  file: string;
  specifier: string;
  reason: string;
}

export function checkLayers(srcDir: string): Violation[] {
  const src = resolve(srcDir);
  const violations: Violation[] = [];
  for (const file of walk(src)) {
    const rel = relative(src, file).split(sep);
    const fromFolder = rel.length > 1 ? rel[0]! : undefined; // undefined: the package entry src/index.ts
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2] ?? m[3])!;
      const add = (reason: string) =>
        violations.push({ file: relative(process.cwd(), file), specifier: spec, reason });
      if (spec.startsWith("node:") || !spec.startsWith(".")) {
        const bare = spec.replace(/^node:/, "");
        if (fromFolder === "core" && IO_MODULES.includes(bare))
          add("the core does no I/O; move this to src/adapters");
        if (fromFolder === "core" && !spec.startsWith("node:")) add("the core has no dependencies");
        continue;
      }
      const target = resolve(dirname(file), spec);
      const trel = relative(src, target).split(sep);
      if (trel[0] === "..") {
        add("imports from outside src/");
        continue;
      }
      const toFolder = trel.length > 1 ? trel[0]! : undefined;
      if (toFolder === undefined) {
        add("nothing may import the package entry src/index.ts");
        continue;
      }
      if (toFolder === fromFolder) continue;
      const toRank = rank.get(toFolder);
      if (toRank === undefined) {
        add(`src/${toFolder} is not a layer listed in DESIGN.md`);
        continue;
      }
      if (fromFolder !== undefined) {
        const fromRank = rank.get(fromFolder);
        if (fromRank === undefined) {
          add(`src/${fromFolder} is not a layer listed in DESIGN.md`);
          continue;
        }
        if (toRank >= fromRank)
          add(`src/${fromFolder} may not import src/${toFolder} (same or higher layer)`);
      }
      if (!(trel.length === 2 && trel[1] === "index.ts"))
        add(`import src/${toFolder} only through src/${toFolder}/index.ts`);
    }
  }
  return violations;
}

if (import.meta.main) {
  const dir = process.argv[2] ?? "src";
  const found = checkLayers(dir);
  if (found.length > 0) {
    for (const v of found) console.error(`${v.file}: "${v.specifier}": ${v.reason}`);
    console.error(`check-layers: ${found.length} violation(s)`);
    process.exit(1);
  }
  console.log(`check-layers: ok (${dir})`);
}
