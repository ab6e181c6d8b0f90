/**
 * The loader `useTemplates()` gives an app: the project's folders first, then any extra loader,
 * then the template folder of every blueprint in registration order (depth first). The first
 * hit wins, so a project overrides a blueprint's template by putting one at the same name, as a
 * Django project overrides an app's. Blueprints are read at load time, not at setup, so
 * `useTemplates()` may be called before or after they are registered.
 * @module
 */
import { fileURLToPath } from "node:url";
import type { Scope } from "../core/index.ts";
import { FileSystemLoader, type Loader, type TemplateSource } from "./loaders.ts";

function folderPath(folder: string | URL): string {
  return folder instanceof URL || folder.startsWith("file:") ? fileURLToPath(folder) : folder;
}

function blueprintFolders(scope: Scope, out: string[], seen: Set<Scope>): string[] {
  for (const mount of scope.mounts) {
    const child = mount.scope as Scope & { templateFolder?: string | URL };
    if (seen.has(child)) continue;
    seen.add(child);
    if (child.templateFolder !== undefined) out.push(folderPath(child.templateFolder));
    blueprintFolders(child, out, seen);
  }
  return out;
}

export class AppLoader implements Loader {
  readonly #app: Scope;
  readonly #project: FileSystemLoader | undefined;
  readonly #extra: Loader | undefined;
  #blueprints: FileSystemLoader | undefined;
  #blueprintKey = "";

  constructor(app: Scope, folders: ReadonlyArray<string | URL>, extra: Loader | undefined) {
    this.#app = app;
    this.#project = folders.length > 0 ? new FileSystemLoader(folders.map(folderPath)) : undefined;
    this.#extra = extra;
  }

  #chain(): Loader[] {
    const folders = blueprintFolders(this.#app, [], new Set());
    const key = folders.join("\0");
    if (this.#blueprints === undefined || key !== this.#blueprintKey) {
      this.#blueprintKey = key;
      this.#blueprints = new FileSystemLoader(folders);
    }
    const out: Loader[] = [];
    if (this.#project) out.push(this.#project);
    if (this.#extra) out.push(this.#extra);
    out.push(this.#blueprints);
    return out;
  }

  load(name: string): TemplateSource | null {
    for (const loader of this.#chain()) {
      const hit = loader.load(name);
      if (hit) return hit;
    }
    return null;
  }

  searched(name: string): string[] {
    return this.#chain().flatMap((l) => l.searched(name));
  }
}
