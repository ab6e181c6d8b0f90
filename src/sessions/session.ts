/**
 * `Session`: the per-request, dict-like view of a visitor's session. It records what happened
 * (read, changed, regenerated, destroyed) and leaves persisting to the middleware and the store.
 * Keys live in a `Map`, so `__proto__` or `constructor` are ordinary keys and never reach a
 * prototype. Values must survive JSON (the signed-cookie store keeps them as JSON).
 * @module
 */
import { randomBytes } from "node:crypto";

/** A flash message: shown once on a later page, then gone (Flask's `flash`). */
export interface Flash {
  readonly category: string;
  readonly message: string;
}

/** What a store hands back for a valid cookie. */
export interface SessionState {
  readonly id: string;
  readonly data: ReadonlyMap<string, unknown>;
  readonly flashes: readonly Flash[];
}

/** 128 random bits: unguessable, so a session id can key server-side state. */
export function newSessionId(): string {
  return randomBytes(16).toString("base64url");
}

export class Session {
  #id: string;
  readonly #data: Map<string, unknown>;
  #flashes: Flash[];
  // Flashes read during this request: a template may ask several times and see the same list.
  readonly #consumed: Flash[] = [];
  /** Ids replaced by `regenerate()`; the middleware asks the store to drop their state. */
  readonly #retired: string[] = [];
  /** True when no valid session cookie came with the request. */
  readonly isNew: boolean;
  /** True once anything was read or written: the response then varies by Cookie. */
  accessed = false;
  /** True once the contents changed. Set it by hand after mutating a nested value in place. */
  modified = false;

  constructor(state?: SessionState) {
    this.isNew = state === undefined;
    this.#id = state?.id ?? newSessionId();
    this.#data = new Map(state?.data);
    this.#flashes = [...(state?.flashes ?? [])];
  }

  /** The session id (a store key for server-side stores; random for the signed cookie). */
  get id(): string {
    return this.#id;
  }

  get size(): number {
    this.accessed = true;
    return this.#data.size;
  }

  /** Nothing stored: no keys and no pending flashes. */
  get isEmpty(): boolean {
    return this.#data.size === 0 && this.#flashes.length === 0;
  }

  /** @internal Ids to drop from a server-side store. */
  get retiredIds(): readonly string[] {
    return this.#retired;
  }

  get<T = unknown>(key: string): T | undefined {
    this.accessed = true;
    return this.#data.get(key) as T | undefined;
  }

  /** Store a JSON value; `undefined` removes the key (JSON could not keep it anyway). */
  set(key: string, value: unknown): this {
    if (value === undefined) {
      this.delete(key);
      return this;
    }
    this.accessed = true;
    this.modified = true;
    this.#data.set(key, value);
    return this;
  }

  has(key: string): boolean {
    this.accessed = true;
    return this.#data.has(key);
  }

  delete(key: string): boolean {
    this.accessed = true;
    const had = this.#data.delete(key);
    if (had) this.modified = true;
    return had;
  }

  keys(): string[] {
    this.accessed = true;
    return [...this.#data.keys()];
  }

  entries(): [string, unknown][] {
    this.accessed = true;
    return [...this.#data.entries()];
  }

  /** Remove every key and pending flash; an emptied session's cookie is deleted. */
  clear(): void {
    this.accessed = true;
    if (this.isEmpty) return;
    this.#data.clear();
    this.#flashes = [];
    this.modified = true;
  }

  /**
   * Keep the contents under a new id and drop the old one. Call it on login and privilege
   * changes: an id planted before login (session fixation) is then worthless.
   */
  regenerate(): void {
    this.accessed = true;
    if (!this.isNew) this.#retired.push(this.#id);
    this.#id = newSessionId();
    this.modified = true;
  }

  /** Empty the session and end it: the cookie is deleted and server-side state dropped. */
  destroy(): void {
    this.clear();
    if (!this.isNew && !this.#retired.includes(this.#id)) this.#retired.push(this.#id);
    this.#id = newSessionId();
    this.modified = true;
  }

  /** Queue a message for the next page that calls `consumeFlashes()`. */
  flash(message: string, category = "message"): void {
    this.accessed = true;
    this.modified = true;
    this.#flashes.push(Object.freeze({ category: String(category), message: String(message) }));
  }

  /**
   * Take the queued flashes (only those in `categories`, when given). Taken messages leave the
   * session but are returned again by later calls in the same request.
   */
  consumeFlashes(categories?: readonly string[]): Flash[] {
    this.accessed = true;
    const wanted = (f: Flash) => categories === undefined || categories.includes(f.category);
    const taken = this.#flashes.filter(wanted);
    if (taken.length > 0) {
      this.#flashes = this.#flashes.filter((f) => !wanted(f));
      this.#consumed.push(...taken);
      this.modified = true;
    }
    return this.#consumed.filter(wanted);
  }

  /** What a store persists (id, data, pending flashes); unlike `toJSON` it is not an access. */
  snapshot(): { id: string; data: Record<string, unknown>; flashes: readonly Flash[] } {
    const data: Record<string, unknown> = Object.create(null);
    for (const [k, v] of this.#data) data[k] = v;
    return { id: this.#id, data, flashes: this.#flashes };
  }

  /** A plain copy of the keys and values (null prototype), e.g. for a debug page. */
  toJSON(): Record<string, unknown> {
    this.accessed = true;
    return this.snapshot().data;
  }
}
