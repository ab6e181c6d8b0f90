/**
 * Shared by the parser's test files: the in-memory upload store (the one test double, standing
 * in for disk), body builders and assertions. Named `.test.ts` so it never ships in the package.
 * @module
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpError } from "../http-error.ts";
import { DEFAULT_LIMITS, type MultipartLimits } from "../options.ts";
import type { UploadedFile, UploadMeta, UploadStore } from "../raw-request.ts";
import { type MultipartResult, parseMultipart } from "./parse-multipart.ts";

/** The one test double: an upload store that keeps files in memory instead of on disk. */
export class MemoryStore implements UploadStore {
  /** Files present "on disk", including partial ones while a save runs. */
  readonly files = new Map<string, Buffer[]>();
  #next = 0;

  async save(
    meta: UploadMeta,
    chunks: AsyncIterable<Uint8Array>,
    maxBytes: number,
    tooLarge: () => Error,
  ) {
    const path = `/memory/${++this.#next}`;
    const parts: Buffer[] = [];
    this.files.set(path, parts);
    let size = 0;
    try {
      for await (const chunk of chunks) {
        size += chunk.byteLength;
        if (size > maxBytes) throw tooLarge();
        parts.push(Buffer.from(chunk));
      }
    } catch (err) {
      this.files.delete(path);
      throw err;
    }
    return { ...meta, path, size };
  }

  async cleanup(): Promise<void> {
    this.files.clear();
  }

  content(file: UploadedFile): string {
    return Buffer.concat(this.files.get(file.path) ?? []).toString("latin1");
  }
}

const META = { field: "f", filename: "f.txt", contentType: "text/plain" };

export const B = "----FormBoundary";
export const LIMITS: MultipartLimits = DEFAULT_LIMITS.multipart;

export async function* chunked(body: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
}

export async function* pieces(...parts: Buffer[]): AsyncGenerator<Buffer> {
  yield* parts;
}

export function text(name: string, value: string): string {
  return `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
}

export function file(name: string, filename: string, content: string, type = "text/plain"): string {
  const head = `Content-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}`;
  return `--${B}\r\n${head}\r\n\r\n${content}\r\n`;
}

export const end = `--${B}--\r\n`;

export function parse(
  body: string | Buffer,
  opts: {
    store?: UploadStore | null;
    limits?: Partial<MultipartLimits>;
    size?: number;
    total?: number;
  } = {},
) {
  const buf = typeof body === "string" ? Buffer.from(body, "latin1") : body;
  const store = opts.store === null ? undefined : (opts.store ?? new MemoryStore());
  return parseMultipart(
    chunked(buf, opts.size ?? 64 * 1024),
    B,
    { ...LIMITS, ...opts.limits },
    store,
    {
      maxTotalFieldBytes: opts.total,
    },
  );
}

export async function rejectsWith(
  promise: Promise<unknown>,
  status: number,
  code: string,
  pattern?: RegExp,
): Promise<void> {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof HttpError, `expected an HttpError, got ${String(err)}`);
    assert.equal(err.status, status, err.message);
    assert.equal(err.code, code);
    if (pattern !== undefined) assert.match(err.message, pattern);
    return true;
  });
}

/** Result as plain data, file contents included, for comparing runs. */
export function summary(result: MultipartResult, store: MemoryStore) {
  return {
    fields: result.fields,
    files: result.files.map((f) => ({ ...f, path: "", content: store.content(f) })),
  };
}

// The parser's tests lean on this double keeping the UploadStore contract; check that it does.
describe("MemoryStore test double", () => {
  it("throws tooLarge() beyond maxBytes and drops the partial file", async () => {
    const store = new MemoryStore();
    const err = new Error("413");
    await assert.rejects(
      store.save(META, pieces(Buffer.from("abc"), Buffer.from("d")), 3, () => err),
      err,
    );
    assert.equal(store.files.size, 0);
  });

  it("drops the partial file when its chunks fail, and keeps complete ones", async () => {
    const store = new MemoryStore();
    const kept = await store.save(META, pieces(Buffer.from("ok")), 10, () => new Error("413"));
    async function* failing() {
      yield Buffer.from("x");
      throw new Error("aborted");
    }
    await assert.rejects(
      store.save(META, failing(), 10, () => new Error("413")),
      /aborted/,
    );
    assert.deepEqual([...store.files.keys()], [kept.path]);
    assert.equal(store.content(kept), "ok");
  });
});
