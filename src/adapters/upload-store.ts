/**
 * `TempDirUploadStore`: the upload store node:http and fetch adapters hand the core. Each file
 * goes to a fresh random name in a private temp directory, streamed with backpressure, and is
 * removed again when the request ends (security.md 2.8, 3.F F7, F8, F10).
 * @module
 */
import { once } from "node:events";
import type { WriteStream } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { UploadedFile, UploadMeta, UploadStore } from "../core/index.ts";
import { nodeFsPromises, nodeStreamPromises } from "../utils/index.ts";

/** The default directory for uploads: `flagon-uploads` under the OS temp directory. */
export function uploadDir(): string {
  return join(process.getBuiltinModule("node:os").tmpdir(), "flagon-uploads");
}

export interface TempDirUploadStoreOptions {
  /** Where files are written; created with mode 0o700 if missing. @default uploadDir() */
  dir?: string;
}

// Directories already checked in this process, so a request pays for mkdir/lstat only once.
const prepared = new Map<string, Promise<void>>();

/**
 * Create `dir` private to this user, and refuse one that someone else could read or swap files
 * in: on a shared /tmp another user may have created the directory first.
 */
async function prepare(dir: string): Promise<void> {
  const { chmod, lstat, mkdir } = nodeFsPromises();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await lstat(dir);
  if (!info.isDirectory()) throw new Error(`Upload directory ${dir} is not a directory`);
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid)
    throw new Error(`Upload directory ${dir} belongs to another user`);
  if (uid !== undefined && (info.mode & 0o077) !== 0) await chmod(dir, 0o700);
}

function ensureDir(dir: string): Promise<void> {
  let ready = prepared.get(dir);
  if (ready === undefined) {
    ready = prepare(dir);
    prepared.set(dir, ready);
    // A failed check is retried by the next request rather than cached forever.
    ready.catch(() => prepared.delete(dir));
  }
  return ready;
}

async function removeFile(path: string): Promise<void> {
  try {
    await nodeFsPromises().unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}

/** Destroy the stream and wait until its descriptor is closed (Windows cannot unlink open files). */
async function discard(out: WriteStream): Promise<void> {
  if (out.closed) return;
  const closed = once(out, "close").catch(() => undefined);
  out.destroy();
  await closed;
}

export class TempDirUploadStore implements UploadStore {
  readonly dir: string;
  /** Every file this store created and has not removed yet. */
  readonly #paths = new Set<string>();
  readonly #saving = new Set<Promise<unknown>>();

  constructor(options: TempDirUploadStoreOptions = {}) {
    this.dir = options.dir ?? uploadDir();
  }

  save(
    meta: UploadMeta,
    chunks: AsyncIterable<Uint8Array>,
    maxBytes: number,
    tooLarge: () => Error,
  ): Promise<UploadedFile> {
    const saving = this.#save(meta, chunks, maxBytes, tooLarge);
    this.#saving.add(saving);
    const forget = () => this.#saving.delete(saving);
    saving.then(forget, forget);
    return saving;
  }

  async #save(
    meta: UploadMeta,
    chunks: AsyncIterable<Uint8Array>,
    maxBytes: number,
    tooLarge: () => Error,
  ): Promise<UploadedFile> {
    // The name is ours alone: the client's file name is metadata and never touches the path.
    const path = join(this.dir, crypto.randomUUID());
    const out = (await this.#create(path)).createWriteStream();
    this.#paths.add(path);
    // Errors also surface through `once`/`finished` below; this listener keeps one emitted
    // while nobody waits from becoming an uncaught exception.
    out.on("error", () => {});
    let size = 0;
    try {
      for await (const chunk of chunks) {
        size += chunk.byteLength;
        if (size > maxBytes) throw tooLarge();
        if (!out.write(chunk)) await once(out, "drain");
      }
      out.end();
      await nodeStreamPromises().finished(out);
    } catch (err) {
      await discard(out);
      await removeFile(path);
      this.#paths.delete(path);
      throw err;
    }
    return { ...meta, path, size };
  }

  /** Open a new private file; "wx" never follows or reuses anything already at that path. */
  async #create(path: string): Promise<FileHandle> {
    await ensureDir(this.dir);
    try {
      return await nodeFsPromises().open(path, "wx", 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      // The directory vanished since it was checked (tmp cleaners remove idle ones): make it
      // again rather than failing every upload until a restart.
      prepared.delete(this.dir);
      await ensureDir(this.dir);
      return await nodeFsPromises().open(path, "wx", 0o600);
    }
  }

  /** Remove every file this store wrote (moved ones are skipped); safe to call more than once. */
  async cleanup(): Promise<void> {
    // A save still running could create its file after the sweep; let it settle first.
    await Promise.allSettled(this.#saving);
    const paths = [...this.#paths];
    this.#paths.clear();
    const results = await Promise.allSettled(paths.map(removeFile));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed.length > 0) {
      for (const [i, r] of results.entries())
        if (r.status === "rejected") this.#paths.add(paths[i]!);
      throw new AggregateError(
        failed.map((r) => r.reason),
        "Some uploaded files could not be removed",
      );
    }
  }
}
