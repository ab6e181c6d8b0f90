/**
 * Containment on the real file system: the target's realpath (every symlink followed) must lie
 * inside the root's realpath plus a separator. The separator matters: `/srv/static-secret` starts
 * with `/srv/static` but is not inside it (send's sibling-prefix bug).
 * @module
 */
import type { Stats } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { sep } from "node:path";

export interface Target {
  /** The real path, symlinks resolved: what is opened, so a later swap of a link cannot redirect it. */
  path: string;
  stats: Stats;
}

/** True when `real` is `root` itself or lies under it. */
export function isInside(root: string, real: string): boolean {
  if (real === root) return true;
  const prefix = root.endsWith(sep) ? root : root + sep;
  return real.startsWith(prefix);
}

/**
 * Resolve `candidate` (a path built under `root`, which is already a realpath). `undefined` for
 * anything missing, unreadable or outside: the caller answers all of them with the same 404.
 */
export async function resolveInside(root: string, candidate: string): Promise<Target | undefined> {
  // Checked segments hold no `..`, so the join cannot climb; checked anyway, it costs nothing.
  if (!isInside(root, candidate)) return undefined;
  try {
    const real = await realpath(candidate);
    if (!isInside(root, real)) return undefined;
    return { path: real, stats: await stat(real) };
  } catch {
    // ENOENT, ENOTDIR, EACCES, ELOOP, ENAMETOOLONG: all "not found" to the client.
    return undefined;
  }
}
