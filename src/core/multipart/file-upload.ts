/**
 * One file part on its way to the upload store: the parser writes the part's bytes as they
 * arrive, the store's `save()` reads them through a `ChunkQueue`. The byte limit is enforced here
 * as well as in the store, so a store that forgets it still cannot receive more than `fileSize`.
 * @module
 */
import type { UploadedFile, UploadMeta, UploadStore } from "../raw-request.ts";
import { ChunkQueue } from "./chunk-queue.ts";
import { limitExceeded } from "./errors.ts";

function noop(): void {}

export class FileUpload {
  readonly #queue = new ChunkQueue();
  readonly #saving: Promise<UploadedFile>;
  readonly #maxBytes: number;
  #size = 0;

  constructor(store: UploadStore, meta: UploadMeta, maxBytes: number) {
    this.#maxBytes = maxBytes;
    const tooLarge = (): Error => limitExceeded("fileSize", maxBytes);
    // Wrapped in an async function so a store that throws synchronously still gives a rejection.
    this.#saving = (async () => store.save(meta, this.#queue, maxBytes, tooLarge))();
    // Once the save is over (a store may fail before it reads a byte), nobody will take chunks:
    // release a waiting push. This also keeps an early failure from being an unhandled
    // rejection; the error itself is read from #saving when the parser next waits on it.
    const release = (): void => this.#queue.cancel();
    this.#saving.then(release, release);
  }

  /** Pass one piece of the part to the store, waiting until the store has taken it. */
  async write(chunk: Buffer): Promise<void> {
    this.#size += chunk.length;
    if (this.#size > this.#maxBytes) throw limitExceeded("fileSize", this.#maxBytes);
    const taken = await this.#queue.push(chunk);
    // The store stopped reading: surface its error now rather than at the end of the part.
    if (!taken) await this.#saving;
  }

  /** The part is complete; resolves with what the store saved. */
  async end(): Promise<UploadedFile> {
    this.#queue.end();
    return await this.#saving;
  }

  /** The body failed: make the store remove its partial file and wait until it has. */
  async abort(error: unknown): Promise<void> {
    this.#queue.fail(error);
    await this.#saving.then(noop, noop);
  }
}
