// Adds the platform packages that a partial npm mirror leaves out of package-lock.json.
//
// Why: the registry mirror on our build machines serves only the Linux glibc builds of packages
// that ship one native binary per platform (Biome's CLI is one). `npm install` then writes a
// lock file whose parent lists `optionalDependencies` that have no entry of their own, and
// `npm ci` on a clean clone refuses such a lock ("Missing: @biomejs/cli-darwin-arm64@ from lock
// file"). An entry that names the platform (os, cpu, libc) is enough: npm skips a package whose
// platform does not match without fetching it, so the entry needs no integrity hash.
//
// Run after any `npm install` that rewrote the lock: node scripts/complete-lock.ts

import { readFileSync, writeFileSync } from "node:fs";

type LockEntry = {
  version?: string;
  dev?: boolean;
  license?: string;
  engines?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
};

/** os / cpu / libc of a platform package, read off its name (the convention Biome and others follow). */
function platformOf(name: string): { os: string; cpu: string; libc?: string } | undefined {
  const match = /-(linux|darwin|win32|android|freebsd)-(x64|arm64|ia32|arm)(-musl)?$/.exec(name);
  if (!match) return undefined;
  const [, os = "", cpu = "", musl] = match;
  if (os === "linux") return { os, cpu, libc: musl ? "musl" : "glibc" };
  return { os, cpu };
}

type Lock = { packages: Record<string, LockEntry> };

/** The entries `npm ci` will ask for: optional platform packages named by a parent, absent. */
export function missingPlatformEntries(lock: Lock): Array<{ key: string; entry: LockEntry }> {
  const out: Array<{ key: string; entry: LockEntry }> = [];
  for (const [parent, entry] of Object.entries(lock.packages)) {
    for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const key = `node_modules/${dep}`;
      if (lock.packages[key] || out.some((o) => o.key === key)) continue;
      const platform = platformOf(dep);
      if (!platform) {
        throw new Error(
          `${dep} (optional dependency of ${parent}) is missing from the lock and is not a platform package`,
        );
      }
      out.push({
        key,
        entry: {
          version,
          cpu: [platform.cpu],
          dev: entry.dev,
          ...(platform.libc ? { libc: [platform.libc] } : {}),
          license: entry.license,
          optional: true,
          os: [platform.os],
          ...(entry.engines ? { engines: entry.engines } : {}),
        },
      });
    }
  }
  return out;
}

if (import.meta.main) {
  const path = new URL("../package-lock.json", import.meta.url);
  const lock = JSON.parse(readFileSync(path, "utf8")) as Lock;
  const missing = missingPlatformEntries(lock);
  for (const { key, entry } of missing) lock.packages[key] = entry;
  // npm keeps the packages map sorted by key; so does this, so the next `npm install` is a no-op diff.
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(
    `complete-lock: added ${missing.length} platform entr${missing.length === 1 ? "y" : "ies"}`,
  );
}
