/**
 * Database URLs. One string per database in settings, as in dj-database-url:
 *
 * - `postgres://user:pass@host:5432/db` (also `postgresql://`)
 * - `mysql://user:pass@host:3306/db` (also `mariadb://`; the flavour is detected on connect)
 * - `sqlite:///relative/path.db`, `sqlite:////absolute/path.db` (three slashes, then the path,
 *   so an absolute path shows four), `sqlite::memory:`
 *
 * Query parameters set driver options; an unknown one is an error rather than being ignored,
 * because a typo in `?pool_max=` silently changing nothing is worse than a failed start.
 * @module
 */
import { DatabaseUrlError } from "./errors.ts";

/** The backends Flagon ships drivers for. MariaDB is `mysql` here; see `Dialect.name`. */
export type Vendor = "sqlite" | "postgres" | "mysql";

export interface SqliteConfig {
  readonly vendor: "sqlite";
  /** A file path (relative to the process's working directory) or `:memory:`. */
  readonly path: string;
  /** Milliseconds a writer waits for a lock before SQLITE_BUSY (`?busy_timeout=`, 5000). */
  readonly busyTimeout: number;
  /** Open read-only (`?mode=ro`). */
  readonly readonly: boolean;
}

export interface ServerConfig {
  readonly vendor: "postgres" | "mysql";
  readonly host: string;
  readonly port: number;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly database: string;
  /** Pool size (`?pool_max=`, 10). */
  readonly poolMax: number;
  /** Milliseconds to wait for a new connection (`?connect_timeout=`, 10000). */
  readonly connectTimeout: number;
  /** `?ssl=require` (encrypt, don't verify) or `?ssl=verify` (encrypt and verify); off by default. */
  readonly ssl: "off" | "require" | "verify";
  /** PostgreSQL `application_name` (`?application_name=`). */
  readonly applicationName: string | undefined;
}

export type DatabaseConfig = SqliteConfig | ServerConfig;

const SCHEMES: Record<string, Vendor> = {
  "sqlite:": "sqlite",
  "postgres:": "postgres",
  "postgresql:": "postgres",
  "mysql:": "mysql",
  "mariadb:": "mysql",
};
const DEFAULT_PORTS = { postgres: 5432, mysql: 3306 } as const;
const SERVER_PARAMS = ["pool_max", "connect_timeout", "ssl", "application_name"];
const SQLITE_PARAMS = ["busy_timeout", "mode"];

/** The URL with any password replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, "$1***@");
}

/** Parse a database URL; throws `FLG_ERR_DB_URL` naming the problem. */
export function parseDatabaseUrl(url: string): DatabaseConfig {
  if (typeof url !== "string" || url.trim() === "")
    throw new DatabaseUrlError("Database URL is empty");
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(url)?.[1]?.toLowerCase();
  const vendor = scheme === undefined ? undefined : SCHEMES[scheme];
  if (vendor === undefined) {
    throw new DatabaseUrlError(
      `Database URL ${quote(url)} has ${scheme ? `the unsupported scheme "${scheme}"` : "no scheme"}; use postgres://, mysql://, mariadb:// or sqlite://`,
    );
  }
  return vendor === "sqlite" ? parseSqlite(url) : parseServer(url, vendor);
}

function quote(url: string): string {
  return JSON.stringify(redactUrl(url));
}

function parseSqlite(url: string): SqliteConfig {
  const [body = "", query = ""] = splitQuery(url.slice("sqlite:".length));
  const params = readParams(url, new URLSearchParams(query), SQLITE_PARAMS);
  let path: string;
  if (body === ":memory:" || body === "//:memory:" || body === "///:memory:") path = ":memory:";
  else if (body.startsWith("///")) path = decode(url, body.slice(3));
  else if (body.startsWith("//"))
    throw new DatabaseUrlError(
      `Database URL ${quote(url)}: an SQLite URL has no host; write sqlite:///relative.db or sqlite:////absolute/path.db`,
    );
  else
    throw new DatabaseUrlError(
      `Database URL ${quote(url)}: write sqlite:///relative.db, sqlite:////absolute/path.db or sqlite::memory:`,
    );
  if (path === "" || path.includes("\0"))
    throw new DatabaseUrlError(`Database URL ${quote(url)} has no SQLite file path`);
  const mode = params.get("mode") ?? "rw";
  if (mode !== "ro" && mode !== "rw")
    throw new DatabaseUrlError(`Database URL ${quote(url)}: mode must be "ro" or "rw"`);
  return {
    vendor: "sqlite",
    path,
    busyTimeout: readInt(url, params, "busy_timeout", 5000, 0),
    readonly: mode === "ro",
  };
}

function parseServer(url: string, vendor: "postgres" | "mysql"): ServerConfig {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DatabaseUrlError(`Database URL ${quote(url)} is not a valid URL`);
  }
  if (u.hostname === "")
    throw new DatabaseUrlError(`Database URL ${quote(url)} has no host (e.g. @127.0.0.1)`);
  const database = decode(url, u.pathname.slice(1));
  if (database === "" || database.includes("/"))
    throw new DatabaseUrlError(
      `Database URL ${quote(url)} must name one database after the host (…/dbname)`,
    );
  if (u.hash !== "") throw new DatabaseUrlError(`Database URL ${quote(url)} has a #fragment`);
  const params = readParams(url, u.searchParams, SERVER_PARAMS);
  const ssl = params.get("ssl") ?? "off";
  if (ssl !== "off" && ssl !== "require" && ssl !== "verify")
    throw new DatabaseUrlError(`Database URL ${quote(url)}: ssl must be off, require or verify`);
  // `new URL` already refused ports above 65535; an explicit default port comes back as "".
  const port = u.port === "" ? DEFAULT_PORTS[vendor] : Number(u.port);
  return {
    vendor,
    host: u.hostname.replace(/^\[(.*)\]$/, "$1"),
    port,
    user: u.username === "" ? undefined : decode(url, u.username),
    password: u.password === "" ? undefined : decode(url, u.password),
    database,
    poolMax: readInt(url, params, "pool_max", 10, 1),
    connectTimeout: readInt(url, params, "connect_timeout", 10_000, 0),
    ssl,
    applicationName: params.get("application_name") ?? undefined,
  };
}

function splitQuery(s: string): [string, string] {
  const i = s.indexOf("?");
  return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + 1)];
}

function decode(url: string, s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new DatabaseUrlError(`Database URL ${quote(url)} has a malformed %-escape`);
  }
}

function readParams(url: string, search: URLSearchParams, known: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of search) {
    if (!known.includes(key))
      throw new DatabaseUrlError(
        `Database URL ${quote(url)} has the unknown option "${key}"; known: ${known.join(", ")}`,
      );
    if (out.has(key)) throw new DatabaseUrlError(`Database URL ${quote(url)} repeats "${key}"`);
    out.set(key, value);
  }
  return out;
}

function readInt(
  url: string,
  params: Map<string, string>,
  key: string,
  fallback: number,
  min: number,
): number {
  const raw = params.get(key);
  if (raw === undefined) return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min)
    throw new DatabaseUrlError(
      `Database URL ${quote(url)}: ${key} must be a whole number >= ${min}, got "${raw}"`,
    );
  return Number(raw);
}
