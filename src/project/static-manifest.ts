/**
 * The manifest `flagon collectstatic` writes beside the files it gathers (`staticfiles.json`,
 * as Django's ManifestStaticFilesStorage): each source path and the content-hashed name it was
 * copied to. Production reads it once at start-up so `static("css/site.css")` becomes
 * `/static/css/site.1a2b3c4d5e6f.css`.
 * @module
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { ERR_STATIC_MANIFEST, ProjectError } from "./errors.ts";

/** The manifest's file name inside the static root. */
export const MANIFEST_NAME = "staticfiles.json";
export const MANIFEST_VERSION = 1;

export interface StaticManifest {
  /** Source path -> hashed path, both relative to the root with `/` separators. */
  readonly paths: ReadonlyMap<string, string>;
  /** Every hashed name, to serve them with far-future caching. */
  readonly hashed: ReadonlySet<string>;
}

/** The first 12 hex digits of the content's SHA-256 (Django keeps 12 of an MD5). */
export function contentHash(content: Uint8Array): string {
  return createHash("sha256").update(content).digest("hex").slice(0, 12);
}

/** `css/site.css` + hash -> `css/site.<hash>.css`; a name without extension gets `.<hash>`. */
export function hashedName(name: string, hash: string): string {
  const dir = posix.dirname(name);
  const base = posix.basename(name);
  const dot = base.lastIndexOf(".");
  const file = dot <= 0 ? `${base}.${hash}` : `${base.slice(0, dot)}.${hash}${base.slice(dot)}`;
  return dir === "." ? file : `${dir}/${file}`;
}

/** The manifest's JSON text, keys sorted so an unchanged collection writes the same bytes. */
export function formatManifest(paths: ReadonlyMap<string, string>): string {
  const sorted = Object.fromEntries([...paths].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ version: MANIFEST_VERSION, paths: sorted }, null, 2)}\n`;
}

function manifestError(file: string, why: string): ProjectError {
  return new ProjectError(
    ERR_STATIC_MANIFEST,
    `${file} ${why}; run "flagon collectstatic" again to rewrite it`,
  );
}

/**
 * Read `<root>/staticfiles.json`; `undefined` when there is none.
 * @throws {ProjectError} `FLG_ERR_STATIC_MANIFEST` for a file that is not a version 1 manifest.
 */
export function readStaticManifest(root: string): StaticManifest | undefined {
  const file = join(root, MANIFEST_NAME);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw manifestError(file, `cannot be read (${(err as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw manifestError(file, "is not valid JSON");
  }
  const { version, paths } = (data ?? {}) as { version?: unknown; paths?: unknown };
  if (version !== MANIFEST_VERSION || paths === null || typeof paths !== "object") {
    throw manifestError(file, `is not a version ${MANIFEST_VERSION} manifest`);
  }
  const map = new Map<string, string>();
  for (const [name, hashed] of Object.entries(paths)) {
    if (typeof hashed !== "string") throw manifestError(file, `maps "${name}" to a non-string`);
    map.set(name, hashed);
  }
  return { paths: map, hashed: new Set(map.values()) };
}
