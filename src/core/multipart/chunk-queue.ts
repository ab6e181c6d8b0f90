/**
 * A one-slot hand-off from the multipart parser (writer) to an upload store (reader), so a file's
 * bytes flow to the store as they arrive and are never gathered in memory. `push` resolves only
 * once the reader has taken the chunk: the parser reads the body no faster than the store writes
 * it (backpressure), holding at most one chunk per file in flight.
 * @module
 */

interface Waiting<T> {
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

export class ChunkQueue implements AsyncIterable<Uint8Array> {
  #slot: Uint8Array | undefined;
  #ended = false;
  #failure: { error: unknown } | undefined;
  /** Set when the reader stopped early; later pushes are dropped. */
  #cancelled = false;
  #reader: Waiting<IteratorResult<Uint8Array, undefined>> | undefined;
  #writer: ((taken: boolean) => void) | undefined;

  /**
   * Hand `chunk` to the reader. Resolves `true` once taken, `false` when the reader has gone
   * (it stopped iterating, usually because its save failed). One push at a time.
   */
  push(chunk: Uint8Array): Promise<boolean> {
    if (this.#cancelled || this.#ended || this.#failure !== undefined)
      return Promise.resolve(false);
    const reader = this.#reader;
    if (reader !== undefined) {
      this.#reader = undefined;
      reader.resolve({ done: false, value: chunk });
      return Promise.resolve(true);
    }
    this.#slot = chunk;
    return new Promise((resolve) => {
      this.#writer = resolve;
    });
  }

  /** No more chunks: the reader's loop ends normally. */
  end(): void {
    this.#ended = true;
    this.#settleReader(DONE);
  }

  /** The body failed: the reader's next `next()` rejects with `error`, so the store cleans up. */
  fail(error: unknown): void {
    if (this.#failure !== undefined) return;
    this.#failure = { error };
    this.#dropSlot();
    const reader = this.#reader;
    this.#reader = undefined;
    reader?.reject(error);
  }

  /** The reader is gone (its loop exited or its save settled): drop pending and later pushes. */
  cancel(): void {
    this.#cancelled = true;
    this.#dropSlot();
    this.#settleReader(DONE);
  }

  #dropSlot(): void {
    this.#slot = undefined;
    const writer = this.#writer;
    this.#writer = undefined;
    writer?.(false);
  }

  #settleReader(result: IteratorResult<Uint8Array, undefined>): void {
    const reader = this.#reader;
    this.#reader = undefined;
    reader?.resolve(result);
  }

  #next(): Promise<IteratorResult<Uint8Array, undefined>> {
    const chunk = this.#slot;
    if (chunk !== undefined) {
      this.#slot = undefined;
      const writer = this.#writer;
      this.#writer = undefined;
      writer?.(true);
      return Promise.resolve({ done: false, value: chunk });
    }
    if (this.#failure !== undefined) return Promise.reject(this.#failure.error);
    if (this.#ended || this.#cancelled) return Promise.resolve(DONE);
    if (this.#reader !== undefined)
      return Promise.reject(new Error("ChunkQueue: next() called while a read is pending"));
    return new Promise((resolve, reject) => {
      this.#reader = { resolve, reject };
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array, undefined> {
    return {
      next: () => this.#next(),
      // Called when the reader's for-await loop exits early (break or throw).
      return: () => {
        this.cancel();
        return Promise.resolve(DONE);
      },
    };
  }
}
