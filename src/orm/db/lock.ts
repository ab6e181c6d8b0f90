/**
 * A FIFO async mutex. SQLite has one connection per database file here, so a transaction must
 * own it across its awaits: queries from other async contexts wait until it is released.
 * @module
 */
export class Lock {
  #held = false;
  #waiters: Array<() => void> = [];

  get held(): boolean {
    return this.#held;
  }

  /** Resolves once the lock is ours. */
  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Hand the lock to the next waiter, or free it. */
  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#held = false;
  }
}
