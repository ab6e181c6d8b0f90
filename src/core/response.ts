/**
 * `FlagonResponse`: status, headers and a body the adapter knows how to write. Bodies are kept in
 * their cheapest form (a string stays a string) so the adapter can hand them to the socket as is.
 * @module
 */
import { serializeCookie } from "../utils/index.ts";
import { ResponseHeaders } from "./response-headers.ts";

/** What the adapter needs to know about a file before sending it. */
export interface FileStat {
  size: number;
  mtimeMs: number;
}

/** A file to send; the adapter stats it (unless `stat` is given), applies conditionals and Range. */
export interface FileBody {
  readonly kind: "file";
  readonly path: string;
  readonly stat?: FileStat;
  /** Set when `path` holds a precompressed variant (`br`, `gzip`) of the requested file. */
  readonly contentEncoding?: string;
}

export type ResponseBody =
  | string
  | Uint8Array
  | AsyncIterable<Uint8Array | string>
  | FileBody
  | null;

/** Status and headers for a response helper: a bare number is the status. */
export type ResponseInit =
  | number
  | { status?: number; headers?: Record<string, string | string[]> | ResponseHeaders };

export interface CookieOptions {
  maxAge?: number;
  expires?: Date;
  path?: string;
  domain?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: "Lax" | "Strict" | "None";
  partitioned?: boolean;
}

/** Defaults for cookies set by handlers: not readable by scripts, not sent cross-site on POST. */
export const COOKIE_DEFAULTS: Readonly<CookieOptions> = Object.freeze({
  path: "/",
  httpOnly: true,
  sameSite: "Lax",
});

export function isFileBody(body: ResponseBody): body is FileBody {
  return typeof body === "object" && body !== null && (body as FileBody).kind === "file";
}

export class FlagonResponse {
  status: number;
  readonly headers: ResponseHeaders;
  body: ResponseBody;

  constructor(body: ResponseBody = null, init?: ResponseInit) {
    this.body = body;
    if (typeof init === "number") {
      this.status = init;
      this.headers = new ResponseHeaders();
    } else {
      this.status = init?.status ?? 200;
      this.headers = new ResponseHeaders(init?.headers);
    }
    if (!Number.isInteger(this.status) || this.status < 100 || this.status > 999) {
      throw new RangeError(`Invalid response status: ${this.status}`);
    }
  }

  /** Add a `Set-Cookie`; defaults are `Path=/; HttpOnly; SameSite=Lax`. */
  setCookie(name: string, value: string, options: CookieOptions = {}): this {
    this.headers.append(
      "set-cookie",
      serializeCookie(name, value, { ...COOKIE_DEFAULTS, ...options }),
    );
    return this;
  }

  /** Expire a cookie; pass the same path and domain it was set with. */
  deleteCookie(
    name: string,
    options: Pick<CookieOptions, "path" | "domain" | "secure"> = {},
  ): this {
    return this.setCookie(name, "", { ...options, maxAge: 0, expires: new Date(0) });
  }
}
