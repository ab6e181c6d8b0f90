/**
 * The registry of named databases built from settings, and the process-wide one the ORM uses.
 *
 * @example
 * configureDatabases(
 *   { default: "postgres://app@db/app", replica: "postgres://app@replica/app" },
 *   { routers: [replicaRouter({ replicas: ["replica"] })] },
 * );
 * await atomic(async () => { ... });
 * @module
 */
import type { CommitCallback } from "./atomic.ts";
import { Database } from "./database.ts";
import { dbError, ERR_DB_CONFIG } from "./errors.ts";
import type { DatabaseRouter, RouteHints } from "./router.ts";

/** One database in settings: a URL, or an object with one (room for options to come). */
export type DatabaseSetting = string | { readonly url: string };

/** `{ default: "sqlite:///db.sqlite3", replica: "postgres://..." }`; `default` is required. */
export type DatabaseSettings = { readonly default: DatabaseSetting } & Readonly<
  Record<string, DatabaseSetting>
>;

export interface DatabasesOptions {
  /** Consulted in order for every routed read and write. */
  readonly routers?: readonly DatabaseRouter[];
}

export class Databases {
  readonly #dbs = new Map<string, Database>();
  readonly #routers: readonly DatabaseRouter[];

  /** Parses every URL now, so a typo fails at start-up; connects on first use. */
  constructor(settings: DatabaseSettings, options: DatabasesOptions = {}) {
    if (settings === null || typeof settings !== "object" || !Object.hasOwn(settings, "default"))
      throw dbError(ERR_DB_CONFIG, 'The databases settings need a "default" database');
    for (const [alias, setting] of Object.entries(settings)) {
      const url = typeof setting === "string" ? setting : setting?.url;
      if (typeof url !== "string")
        throw dbError(ERR_DB_CONFIG, `Database "${alias}" needs a URL string (or { url })`);
      this.#dbs.set(alias, new Database(alias, url));
    }
    this.#routers = [...(options.routers ?? [])];
  }

  /** Every configured alias, `default` first. */
  get aliases(): string[] {
    return [...this.#dbs.keys()].sort((a, b) => (a === "default" ? -1 : b === "default" ? 1 : 0));
  }

  /** The database named `alias`; throws `FLG_ERR_DB_CONFIG` for an unknown one. */
  get(alias = "default"): Database {
    const db = this.#dbs.get(alias);
    if (db === undefined)
      throw dbError(
        ERR_DB_CONFIG,
        `No database "${alias}" in settings; configured: ${this.aliases.join(", ")}`,
      );
    return db;
  }

  /** Where a write goes: the first router's answer, else `default`. */
  forWrite(hints: RouteHints = {}): Database {
    return this.get(this.#route("dbForWrite", hints));
  }

  /**
   * Where a read goes: the first router's answer, else `default`. Inside an atomic block on the
   * database writes go to, reads go there too (a replica has not seen the block's writes).
   */
  forRead(hints: RouteHints = {}): Database {
    const writer = this.forWrite(hints);
    if (writer.inAtomicBlock) return writer;
    return this.get(this.#route("dbForRead", hints));
  }

  #route(method: "dbForRead" | "dbForWrite", hints: RouteHints): string {
    for (const router of this.#routers) {
      const alias = router[method]?.(hints);
      if (alias !== undefined) {
        if (!this.#dbs.has(alias))
          throw dbError(ERR_DB_CONFIG, `A router chose the unknown database "${alias}"`);
        return alias;
      }
    }
    return "default";
  }

  /** Resolve `using` (an alias, a `Database`, or the write database for no hints). */
  resolve(using?: string | Database): Database {
    if (using instanceof Database) return using;
    return using === undefined ? this.forWrite() : this.get(using);
  }

  /** Close every database that was opened. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#dbs.values()].map((db) => db.close()));
  }
}

let current: Databases | undefined;

/** Set the process-wide databases (replacing, not closing, any earlier ones); returns them. */
export function configureDatabases(
  settings: DatabaseSettings,
  options?: DatabasesOptions,
): Databases {
  current = new Databases(settings, options);
  return current;
}

/** The process-wide databases; throws `FLG_ERR_DB_CONFIG` before `configureDatabases`. */
export function getDatabases(): Databases {
  if (current === undefined)
    throw dbError(ERR_DB_CONFIG, "No databases configured: call configureDatabases(settings)");
  return current;
}

export interface AtomicOptions {
  /** The database: an alias of the process-wide registry or a `Database` (default: routed write). */
  readonly using?: string | Database;
}

function target(using: string | Database | undefined): Database {
  return using instanceof Database ? using : getDatabases().resolve(using);
}

/**
 * Run `fn` in a transaction; nested calls on the same database are savepoints. Queries on that
 * database inside `fn` use the transaction's connection without being passed it.
 */
export async function atomic<T>(fn: () => T | Promise<T>, options: AtomicOptions = {}): Promise<T> {
  return target(options.using).atomic(fn);
}

/** Run `cb` once the outermost atomic block commits; dropped if it rolls back. */
export function onCommit(cb: CommitCallback, options: AtomicOptions = {}): void {
  target(options.using).onCommit(cb);
}
