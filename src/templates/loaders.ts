/**
 * Loaders find template source by name. `DictLoader` serves an in-memory mapping;
 * `FileSystemLoader` searches a list of folders in order (first wins, so a project folder placed
 * first overrides an app's template, as in Django). Names are `/`-separated and may not climb out
 * of a folder with `..`. `searched(name)` lists the places tried, for the not-found message.
 * @module
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export interface TemplateSource {
  source: string;
  /** Where it came from (a file path), for messages. */
  filename?: string;
  /** False once the source changed; checked when the environment reloads templates. */
  uptodate?: () => boolean;
}

export interface Loader {
  load(name: string): TemplateSource | null;
  searched(name: string): string[];
}

export class DictLoader implements Loader {
  readonly mapping: Map<string, string>;
  constructor(mapping: Record<string, string> | Map<string, string>) {
    this.mapping = mapping instanceof Map ? mapping : new Map(Object.entries(mapping));
  }
  load(name: string): TemplateSource | null {
    const source = this.mapping.get(name);
    if (source === undefined) return null;
    return { source, uptodate: () => this.mapping.get(name) === source };
  }
  searched(name: string): string[] {
    return [`in-memory templates (${JSON.stringify(name)})`];
  }
}

/** Split a template name into path segments, refusing `..`, absolute paths and NUL. */
export function splitTemplatePath(name: string): string[] | null {
  if (name.includes("\0") || name.includes("\\")) return null;
  const parts: string[] = [];
  for (const p of name.split("/")) {
    if (p === "..") return null;
    if (p && p !== ".") parts.push(p);
  }
  return parts.length ? parts : null;
}

export class FileSystemLoader implements Loader {
  readonly paths: string[];
  readonly encoding: BufferEncoding;
  constructor(paths: string | string[], encoding: BufferEncoding = "utf8") {
    this.paths = (Array.isArray(paths) ? paths : [paths]).map((p) => resolve(p));
    this.encoding = encoding;
  }
  load(name: string): TemplateSource | null {
    const parts = splitTemplatePath(name);
    if (!parts) return null;
    for (const root of this.paths) {
      const file = join(root, ...parts);
      if (!file.startsWith(root + sep)) continue;
      let mtime: number;
      try {
        const st = statSync(file);
        if (!st.isFile()) continue;
        mtime = st.mtimeMs;
      } catch {
        continue;
      }
      const source = readFileSync(file, this.encoding);
      return {
        source,
        filename: file,
        uptodate: () => {
          try {
            return statSync(file).mtimeMs === mtime;
          } catch {
            return false;
          }
        },
      };
    }
    return null;
  }
  searched(name: string): string[] {
    const parts = splitTemplatePath(name);
    if (!parts) return [`(refused name ${JSON.stringify(name)})`];
    return this.paths.map((p) => join(p, ...parts));
  }
}

/**
 * Templates shipped inside a package or an app folder, found relative to a module:
 * `new PackageLoader(import.meta.url, "templates")` reads the `templates` folder beside that
 * module, wherever the package is installed.
 */
export class PackageLoader extends FileSystemLoader {
  constructor(moduleUrl: string, folder = "templates", encoding: BufferEncoding = "utf8") {
    const base = moduleUrl.startsWith("file:") ? dirname(fileURLToPath(moduleUrl)) : moduleUrl;
    super(join(base, folder), encoding);
  }
}

/** Try several loaders in order. */
export class ChoiceLoader implements Loader {
  readonly loaders: Loader[];
  constructor(loaders: Loader[]) {
    this.loaders = loaders;
  }
  load(name: string): TemplateSource | null {
    for (const l of this.loaders) {
      const s = l.load(name);
      if (s) return s;
    }
    return null;
  }
  searched(name: string): string[] {
    return this.loaders.flatMap((l) => l.searched(name));
  }
}
