/**
 * `TestResponse`: what a test client call resolves to. The body is read once, eagerly, so a test
 * can look at `text`, `bytes` and `json()` in any order and as often as it likes.
 * @module
 */
import { testingError } from "./errors.ts";
import type { SetCookie } from "./set-cookie.ts";

/** One redirect the client followed: the status and the `Location` it was sent to. */
export interface Redirect {
  readonly status: number;
  readonly location: string;
}

export interface TestResponseInit {
  readonly method: string;
  /** The final path and query string. */
  readonly url: string;
  readonly redirects: readonly Redirect[];
  readonly cookies: Readonly<Record<string, SetCookie>>;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
// Replacement characters rather than an exception: a test reading `text` of a binary body should
// see garbage it can assert on, not a crash.
const utf8 = new TextDecoder("utf-8");

export class TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Uint8Array;
  readonly text: string;
  /** The path and query of the last request (after redirects, when they were followed). */
  readonly url: string;
  readonly method: string;
  /** Redirects followed on the way here, in order; empty when none were. */
  readonly redirects: readonly Redirect[];
  /** Cookies set during this call, by name (every hop's, when redirects were followed). */
  readonly cookies: Readonly<Record<string, SetCookie>>;

  constructor(status: number, headers: Headers, bytes: Uint8Array, init: TestResponseInit) {
    this.status = status;
    this.headers = headers;
    this.bytes = bytes;
    this.text = utf8.decode(bytes);
    this.url = init.url;
    this.method = init.method;
    this.redirects = init.redirects;
    this.cookies = init.cookies;
  }

  /** Read a finished fetch `Response` into a `TestResponse`. */
  static async from(response: Response, init: TestResponseInit): Promise<TestResponse> {
    const bytes = new Uint8Array(await response.arrayBuffer());
    return new TestResponse(response.status, response.headers, bytes, init);
  }

  /** Status 200 to 299. */
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** The `Content-Type` header, or `undefined`. */
  get contentType(): string | undefined {
    return this.headers.get("content-type") ?? undefined;
  }

  /**
   * The body parsed as JSON. Throws `FLG_ERR_TEST_NOT_JSON` when the response has no JSON content
   * type or the body does not parse, with the status and the start of the body in the message:
   * an HTML error page where JSON was expected is then obvious from the test output alone.
   */
  json<T = unknown>(): T {
    const type = this.contentType;
    if (type === undefined || !JSON_TYPE.test(type)) {
      throw this.#notJson(`content type is ${type === undefined ? "missing" : `"${type}"`}`);
    }
    try {
      return JSON.parse(this.text) as T;
    } catch (err) {
      throw this.#notJson((err as Error).message, err);
    }
  }

  #notJson(why: string, cause?: unknown): Error {
    const start = this.text.length > 200 ? `${this.text.slice(0, 200)}...` : this.text;
    return testingError(
      "FLG_ERR_TEST_NOT_JSON",
      `Expected JSON from ${this.method} ${this.url} (status ${this.status}) but ${why}; body: ${JSON.stringify(start)}`,
      cause,
    );
  }
}
