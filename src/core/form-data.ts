/**
 * The parsed form of a request: text fields (repeated names kept) and uploaded files.
 * @module
 */
import type { QueryDict } from "../utils/index.ts";
import type { UploadedFile } from "./raw-request.ts";

export class FormData {
  /** Text fields; `get` returns the first value, `getAll` every value. */
  readonly fields: QueryDict;
  readonly #files: Map<string, UploadedFile[]>;

  constructor(fields: QueryDict, files: readonly UploadedFile[] = []) {
    this.fields = fields;
    this.#files = new Map();
    for (const f of files) {
      const list = this.#files.get(f.field);
      if (list === undefined) this.#files.set(f.field, [f]);
      else list.push(f);
    }
  }

  /** First value of a text field. */
  get(name: string): string | undefined {
    return this.fields.get(name);
  }

  getAll(name: string): string[] {
    return this.fields.getAll(name);
  }

  /** First file uploaded under `name`. */
  file(name: string): UploadedFile | undefined {
    return this.#files.get(name)?.[0];
  }

  files(name?: string): UploadedFile[] {
    if (name !== undefined) return [...(this.#files.get(name) ?? [])];
    return [...this.#files.values()].flat();
  }
}
