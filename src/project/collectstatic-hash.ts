/**
 * The hashing pass of `flagon collectstatic`: every collected file gets a name carrying its
 * content hash; a CSS or JavaScript file's references are first rewritten to the hashed names
 * of the files they name (those files hashed first), so its own hash covers the names it points
 * to and a change deep in a chain of `@import`s changes every file above it. Nothing is written
 * here: a missing reference or a cycle stops the command before any file is touched.
 * @module
 */
import { readFile } from "node:fs/promises";
import type { FoundFile } from "./collectstatic-find.ts";
import {
  findReferences,
  hashedUrl,
  hasReferences,
  rewriteReferences,
} from "./collectstatic-refs.ts";
import { ERR_COLLECTSTATIC, ProjectError } from "./errors.ts";
import { contentHash, hashedName } from "./static-manifest.ts";

export interface HashedFiles {
  /** Name -> hashed name, for every file. */
  readonly names: Map<string, string>;
  /** Rewritten content of the CSS/JS files whose references changed. */
  readonly rewritten: Map<string, Buffer>;
  /** Source-map comments naming a missing map, left as written. */
  readonly warnings: string[];
}

/**
 * Hash every file of the collection.
 * @throws {ProjectError} `FLG_ERR_COLLECTSTATIC` for references to files not collected (all of
 *   them counted, the first named) and for files that reference each other in a cycle.
 */
export async function hashStaticFiles(
  files: ReadonlyMap<string, FoundFile>,
  staticUrl: string,
): Promise<HashedFiles> {
  const names = new Map<string, string>();
  const rewritten = new Map<string, Buffer>();
  const warnings: string[] = [];
  const missing: string[] = [];
  const visiting: string[] = [];

  const visit = async (name: string): Promise<string> => {
    const done = names.get(name);
    if (done !== undefined) return done;
    if (visiting.includes(name)) {
      const cycle = [...visiting.slice(visiting.indexOf(name)), name].join(" -> ");
      throw new ProjectError(
        ERR_COLLECTSTATIC,
        `static files reference each other in a cycle (${cycle}); a hashed name cannot include itself`,
      );
    }
    visiting.push(name);
    let content = await readFile(files.get(name)!.source);
    if (hasReferences(name)) {
      const text = content.toString("utf8");
      const refs = findReferences(name, text, staticUrl);
      const targets = new Map<string, string>();
      for (const ref of refs) {
        const t = ref.target;
        if (t !== undefined && files.has(t)) {
          if (t !== name) targets.set(t, await visit(t));
        } else if (ref.kind === "sourcemap") {
          warnings.push(
            `${name}: source map "${ref.url}" is not a collected file; comment left as written`,
          );
        } else
          missing.push(`${name} references "${ref.url}", which is not a collected static file`);
      }
      if (targets.size > 0) {
        const out = rewriteReferences(text, refs, (ref) => {
          const hashed = ref.target === undefined ? undefined : targets.get(ref.target);
          return hashed === undefined ? undefined : hashedUrl(ref.url, hashed);
        });
        content = Buffer.from(out, "utf8");
        rewritten.set(name, content);
      }
    }
    const hashed = hashedName(name, contentHash(content));
    names.set(name, hashed);
    visiting.pop();
    return hashed;
  };

  for (const name of files.keys()) await visit(name);
  if (missing.length > 0) {
    const more = missing.length > 1 ? ` (and ${missing.length - 1} more missing references)` : "";
    throw new ProjectError(ERR_COLLECTSTATIC, `${missing[0]}${more}`);
  }
  return { names, rewritten, warnings };
}
