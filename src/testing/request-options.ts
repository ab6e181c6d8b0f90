/**
 * What one test request may carry, and how it becomes a URL, headers and a body: `query` turns
 * into a query string, `json` into a JSON body, `form` into urlencoded or multipart (when a value
 * is a file), `body` is sent as given.
 * @module
 */
import { testingError } from "./errors.ts";

// The DOM lib's HeadersInit and BodyInit are not globals under @types/node; derive them from the
// constructors so they always match what Node's Headers and Request accept.
/** Anything `new Headers(...)` accepts: a record, pairs or a `Headers`. */
export type HeadersInit = NonNullable<ConstructorParameters<typeof Headers>[0]>;
type BodyInit = NonNullable<NonNullable<ConstructorParameters<typeof Request>[1]>["body"]>;

export type QueryValue = string | number | boolean | bigint | null | undefined;
/** Arrays repeat the key (`{ tag: ["a", "b"] }` is `tag=a&tag=b`); `undefined` leaves it out. */
export type QueryInput = Readonly<Record<string, QueryValue | readonly QueryValue[]>>;

export type FormValue = string | number | boolean | bigint | Blob;
/** A value that is a `Blob` or `File` makes the whole form multipart. */
export type FormInput = Readonly<Record<string, FormValue | readonly FormValue[] | undefined>>;

export interface RequestOptions {
  headers?: HeadersInit;
  query?: QueryInput;
  /** Serialised with `JSON.stringify`; sets `content-type: application/json` unless given. */
  json?: unknown;
  form?: FormInput;
  /** Sent as is; a string gets `text/plain` unless a content type is given. */
  body?: string | Uint8Array | ArrayBuffer | Blob;
  /** Overrides the client's `followRedirects` for this call. */
  followRedirects?: boolean;
}

/** A body that can be sent again as it is (redirects 307 and 308 resend it). */
export interface PreparedBody {
  readonly body: BodyInit | undefined;
  /** The content type to send when the caller's headers have none. */
  readonly contentType: string | undefined;
}

/** Append `query` to `path`, keeping a query string already in the path. */
export function withQuery(path: string, query: QueryInput | undefined): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== undefined) params.append(key, v === null ? "" : String(v));
    }
  }
  const search = params.toString();
  if (search === "") return path;
  const hash = path.indexOf("#");
  const base = hash === -1 ? path : path.slice(0, hash);
  return `${base}${base.includes("?") ? "&" : "?"}${search}`;
}

/** Turn `json`, `form` or `body` into something a `Request` accepts. */
export function prepareBody(method: string, options: RequestOptions): PreparedBody {
  const given = (["json", "form", "body"] as const).filter((k) => options[k] !== undefined);
  if (given.length === 0) return { body: undefined, contentType: undefined };
  if (given.length > 1) {
    throw testingError(
      "FLG_ERR_TEST_BODY_CONFLICT",
      `Pass one of json, form or body, not ${given.join(" and ")}`,
    );
  }
  // The Fetch API refuses a body on GET and HEAD; saying so here names the real mistake.
  if (method === "GET" || method === "HEAD") {
    throw testingError(
      "FLG_ERR_TEST_BODY_NOT_ALLOWED",
      `A ${method} request cannot have a body; use query for ${method} parameters`,
    );
  }
  if (options.json !== undefined)
    return { body: JSON.stringify(options.json), contentType: "application/json" };
  if (options.form !== undefined) return prepareForm(options.form);
  const body = options.body!;
  // Copied so the body type is a plain ArrayBuffer view, which is what BodyInit accepts.
  return {
    body: body instanceof Uint8Array ? new Uint8Array(body) : body,
    contentType: typeof body === "string" ? "text/plain; charset=utf-8" : undefined,
  };
}

function prepareForm(form: FormInput): PreparedBody {
  const entries: Array<[string, FormValue]> = [];
  for (const [key, value] of Object.entries(form)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) entries.push([key, v as FormValue]);
  }
  if (entries.some(([, v]) => v instanceof Blob)) {
    const data = new FormData();
    for (const [key, v] of entries) {
      if (v instanceof Blob) data.append(key, v);
      else data.append(key, String(v));
    }
    // The Request computes multipart/form-data with its boundary from the FormData itself.
    return { body: data, contentType: undefined };
  }
  const params = new URLSearchParams();
  for (const [key, v] of entries) params.append(key, String(v));
  return { body: params.toString(), contentType: "application/x-www-form-urlencoded" };
}
