/**
 * `FlagonRequest`: everything about the incoming request, parsed on first access. Nothing is
 * computed for a request that never asks (no query parse, no cookie parse, no body read).
 * @module
 */
import {
  isJsonType,
  parseContentType,
  parseCookies,
  parseJsonSafe,
  parseQuery,
  type QueryDict,
} from "../utils/index.ts";
import { FormData } from "./form-data.ts";
import { HttpError } from "./http-error.ts";
import type { AppOptions } from "./options.ts";
import { clientAddresses, firstForwarded, peerIsTrusted } from "./proxy.ts";
import type { RawHeaders, RawRequest } from "./raw-request.ts";
import { checkIdentityEncoding, readBody } from "./read-body.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

function unsupported(expected: string, got: string | undefined): HttpError {
  return new HttpError(
    415,
    `Expected a ${expected} body, got ${got === undefined ? "no Content-Type" : `"${got.slice(0, 80)}"`}`,
    {
      code: "FLG_ERR_UNSUPPORTED_MEDIA_TYPE",
    },
  );
}

export class FlagonRequest {
  /** What the adapter handed over; for escape hatches only. */
  readonly raw: RawRequest;
  readonly method: string;
  /** The path as received, percent-encoded, without the query string. */
  readonly path: string;
  /** The validated Host header (lower-cased, with port when one was sent). */
  readonly host: string;
  readonly #options: AppOptions;
  readonly #queryString: string;
  #query: QueryDict | undefined;
  #cookies: Record<string, string> | undefined;
  #body: Promise<Buffer> | undefined;
  #form: Promise<FormData> | undefined;

  constructor(
    raw: RawRequest,
    path: string,
    queryString: string,
    host: string,
    options: AppOptions,
  ) {
    this.raw = raw;
    this.method = raw.method;
    this.path = path;
    this.#queryString = queryString;
    this.host = host;
    this.#options = options;
  }

  /** Query parameters, flat: `?a=1&a=2` keeps both; `a[b]=1` is the key `"a[b]"`. */
  get query(): QueryDict {
    this.#query ??= parseQuery(this.#queryString, { maxParams: this.#options.limits.queryParams });
    return this.#query;
  }

  /** The raw query string without `?`. */
  get queryString(): string {
    return this.#queryString;
  }

  /** Lower-case header names, as the adapter received them. */
  get headers(): RawHeaders {
    return this.raw.headers;
  }

  /** One header (case-insensitive); repeated headers are joined with ", ". */
  header(name: string): string | undefined {
    const v = this.raw.headers[name.toLowerCase()];
    return Array.isArray(v) ? v.join(", ") : v;
  }

  /** Cookies; for a repeated name the first one wins. */
  get cookies(): Record<string, string> {
    this.#cookies ??= parseCookies(this.header("cookie"));
    return this.#cookies;
  }

  /** `https` when the connection is TLS, or a trusted proxy says so. */
  get protocol(): "http" | "https" {
    if (this.raw.encrypted) return "https";
    if (peerIsTrusted(this.raw.remoteAddress, this.#options.trustProxy)) {
      const proto = firstForwarded(this.raw.headers["x-forwarded-proto"])?.toLowerCase();
      if (proto === "https") return "https";
    }
    return "http";
  }

  get secure(): boolean {
    return this.protocol === "https";
  }

  /** The client address: the peer, or what trusted proxies report. */
  get ip(): string | undefined {
    return this.ips[0];
  }

  /** Client first, nearest trusted proxy last. */
  get ips(): string[] {
    return clientAddresses(
      this.raw.remoteAddress,
      this.raw.headers["x-forwarded-for"],
      this.#options.trustProxy,
    );
  }

  /** Absolute URL of the request, built from the validated host. */
  get url(): string {
    return `${this.protocol}://${this.host}${this.raw.url}`;
  }

  /** Content type essence, lower-cased (`application/json`), or `undefined`. */
  get contentType(): string | undefined {
    return parseContentType(this.header("content-type"))?.type;
  }

  /** Aborted when the client disconnects. */
  get signal(): AbortSignal | undefined {
    return this.raw.signal;
  }

  /** The body bytes, at most `limits.bodySize`. Can be called more than once. */
  bytes(): Promise<Buffer> {
    this.#body ??= readBody(this.raw, this.#options.limits.bodySize);
    return this.#body;
  }

  /** The body as UTF-8 text; invalid UTF-8 is a 400. */
  async text(): Promise<string> {
    const bytes = await this.bytes();
    try {
      return utf8.decode(bytes);
    } catch {
      throw new HttpError(400, "Request body is not valid UTF-8", {
        code: "FLG_ERR_BODY_ENCODING",
      });
    }
  }

  /**
   * The body parsed as JSON. Requires a JSON content type (a `text/plain` body to a JSON route
   * is a 415, which closes the CORS-simple-request CSRF hole), refuses `__proto__` keys and
   * nesting deeper than `limits.jsonDepth`.
   */
  async json<T = unknown>(): Promise<T> {
    const type = this.contentType;
    if (type === undefined || !isJsonType(type))
      throw unsupported("JSON", this.header("content-type"));
    return parseJsonSafe(await this.text(), { maxDepth: this.#options.limits.jsonDepth }) as T;
  }

  /** The body as a form: urlencoded or multipart (files stored to a temp dir, removed after). */
  form(): Promise<FormData> {
    this.#form ??= this.#readForm();
    return this.#form;
  }

  async #readForm(): Promise<FormData> {
    const header = this.header("content-type");
    const type = parseContentType(header)?.type;
    if (type === "application/x-www-form-urlencoded") {
      const body = (await this.bytes()).toString("utf8");
      return new FormData(parseQuery(body, { maxParams: this.#options.limits.formParams }));
    }
    if (type === "multipart/form-data") {
      checkIdentityEncoding(this.raw);
      // Loaded on first use: most apps never parse multipart, and every module costs start-up.
      const { boundaryFrom, parseMultipart } = await import("./multipart/index.ts");
      const limits = this.#options.limits.multipart;
      const store = this.raw.uploads();
      const total = this.#options.limits.bodySize;
      const result = await parseMultipart(this.raw.body(), boundaryFrom(header!), limits, store, {
        maxTotalFieldBytes: total,
      });
      const fields = parseQuery("", { maxParams: 1 });
      for (const [k, v] of result.fields) fields.append(k, v);
      return new FormData(fields, result.files);
    }
    // A multipart type whose parameters do not parse (empty or quoted-wrong boundary) is a
    // malformed multipart body, not a different media type.
    if (
      type === undefined &&
      header !== undefined &&
      /^\s*multipart\/form-data\s*(;|$)/i.test(header)
    ) {
      throw new HttpError(400, "The multipart boundary parameter is missing or malformed", {
        code: "FLG_ERR_MULTIPART_BOUNDARY",
        headers: { connection: "close" },
      });
    }
    throw unsupported("form (urlencoded or multipart)", header);
  }
}
