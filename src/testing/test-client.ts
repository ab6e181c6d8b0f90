/**
 * `TestClient`: Flask's `test_client()` and Django's `Client` for Flagon. Requests are real
 * Fetch `Request` objects answered by the fetch adapter in memory, so a test runs the whole
 * pipeline (host check, routing, middleware, body parsing, error pages) with no socket.
 * @module
 */
import { fetchHandler } from "../adapters/index.ts";
import type { App, Scope } from "../core/index.ts";
import { type Session, type SessionOptions, sessionOptionsOf } from "../sessions/index.ts";
import { CookieJar } from "./cookie-jar.ts";
import { testingError } from "./errors.ts";
import { followUp, isRedirect, MAX_REDIRECTS } from "./redirects.ts";
import {
  type HeadersInit,
  type PreparedBody,
  prepareBody,
  type RequestOptions,
  withQuery,
} from "./request-options.ts";
import { readSession, runWithSession, type SessionTarget } from "./session-access.ts";
import { parseSetCookie, type SetCookie } from "./set-cookie.ts";
import { type Redirect, TestResponse } from "./test-response.ts";

export interface TestClientOptions {
  /** The Host the requests go to; it must be in the app's `allowedHosts`. @default "localhost" */
  host?: string;
  /**
   * Send requests as `https://`: the app sees a secure request and `Secure` cookies are sent.
   * @default the app's `https` option, so an app configured for HTTPS gets its cookies back
   */
  https?: boolean;
  /** The client address the app sees as `ctx.req.ip`. @default "127.0.0.1" */
  remoteAddress?: string;
  /** Follow redirects by default; each call can override it. @default false */
  followRedirects?: boolean;
  /** Headers sent with every request (a call's own headers win). */
  headers?: HeadersInit;
  /**
   * The session options `session()` and `withSession()` use. By default, those of the first
   * `sessions()` middleware installed on the app (or, failing that, on one of its blueprints),
   * so a custom cookie name, store or secret needs no repeating here.
   */
  session?: SessionOptions;
}

export class TestClient {
  readonly app: App;
  /** Cookies kept across requests, as a browser keeps them. */
  readonly cookies: CookieJar;
  /** `http://localhost` by default; paths are resolved against it. */
  readonly baseUrl: string;
  readonly #handle: (request: Request) => Promise<Response>;
  readonly #follow: boolean;
  readonly #headers: Headers;
  readonly #session: SessionOptions | undefined;

  constructor(app: App, options: TestClientOptions = {}) {
    const host = options.host ?? "localhost";
    this.app = app;
    this.baseUrl = `${(options.https ?? app.settings.https) ? "https" : "http"}://${host}`;
    this.cookies = new CookieJar(host);
    this.#handle = fetchHandler(app, { remoteAddress: options.remoteAddress ?? "127.0.0.1" });
    this.#follow = options.followRedirects ?? false;
    this.#headers = new Headers(options.headers);
    this.#session = options.session;
  }

  /**
   * The current session's data as a plain object, read through the app's session settings from
   * the cookie this client holds (Django's `client.session`). `{}` when there is none.
   */
  session(): Promise<Record<string, unknown>> {
    return readSession(this.#sessionTarget());
  }

  /**
   * Change the session from the test (Flask's `session_transaction`): `fn` gets the `Session`
   * (set, delete, clear, flash, regenerate ...), and the cookie the app would send for the
   * result is stored in the jar. Resolves to what `fn` returns.
   * @example await client.withSession((s) => { s.set("cart", [3, 7]); });
   */
  withSession<T>(fn: (session: Session) => T | Promise<T>): Promise<T> {
    return runWithSession(this.#sessionTarget(), fn);
  }

  #sessionTarget(): SessionTarget {
    return {
      app: this.app,
      cookies: this.cookies,
      baseUrl: this.baseUrl,
      // Looked up per call: middleware may be added after the client was made.
      sessionOptions: this.#session ?? installedSessionOptions(this.app) ?? {},
    };
  }

  get(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request("GET", path, options);
  }

  post(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request("POST", path, options);
  }

  put(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request("PUT", path, options);
  }

  patch(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request("PATCH", path, options);
  }

  delete(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request("DELETE", path, options);
  }

  head(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request("HEAD", path, options);
  }

  options(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request("OPTIONS", path, options);
  }

  /** Send one request (and its redirects, when followed); `path` may carry a query string. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<TestResponse> {
    let verb = method.toUpperCase();
    let body: PreparedBody | undefined = prepareBody(verb, options);
    let url = this.#resolve(withQuery(path, options.query));
    const follow = options.followRedirects ?? this.#follow;
    const redirects: Redirect[] = [];
    const cookies: Record<string, SetCookie> = Object.create(null);
    const headers = new Headers(this.#headers);
    for (const [name, value] of new Headers(options.headers)) headers.set(name, value);
    for (;;) {
      const response = await this.#handle(this.#build(verb, url, headers, body));
      for (const header of response.headers.getSetCookie()) {
        const cookie = parseSetCookie(header);
        if (cookie === undefined) continue;
        this.cookies.receive(cookie, url);
        cookies[cookie.name] = cookie;
      }
      const location = response.headers.get("location");
      if (!follow || location === null || !isRedirect(response.status)) {
        return TestResponse.from(response, {
          method: verb,
          url: url.pathname + url.search,
          redirects,
          cookies,
        });
      }
      await response.body?.cancel();
      redirects.push({ status: response.status, location });
      if (redirects.length > MAX_REDIRECTS) {
        const chain = redirects.map((r) => `${r.status} ${r.location}`).join(" -> ");
        throw testingError(
          "FLG_ERR_TOO_MANY_REDIRECTS",
          `${method.toUpperCase()} ${path} redirected more than ${MAX_REDIRECTS} times: ${chain}`,
        );
      }
      const next = new URL(location, url);
      // The client can only reach this app; pretending to fetch another site would hide a bug.
      if (next.host !== url.host) {
        throw testingError(
          "FLG_ERR_EXTERNAL_REDIRECT",
          `${verb} ${url.pathname} redirected to ${next.href}, outside ${url.host}; use followRedirects: false to assert on it`,
        );
      }
      const step = followUp(response.status, verb);
      verb = step.method;
      if (!step.keepBody && body !== undefined) {
        // A body dropped by a 303 takes its description with it.
        body = undefined;
        headers.delete("content-type");
        headers.delete("content-length");
      }
      url = next;
    }
  }

  #resolve(path: string): URL {
    if (!path.startsWith("/") && !/^https?:\/\//i.test(path)) {
      throw testingError(
        "FLG_ERR_TEST_PATH",
        `Request paths start with "/" (or are http(s) URLs), got "${path}"`,
      );
    }
    // Concatenated, not resolved: "//x" is a path here, not a protocol-relative URL to host x.
    return path.startsWith("/") ? new URL(this.baseUrl + path) : new URL(path);
  }

  #build(method: string, url: URL, base: Headers, body: PreparedBody | undefined): Request {
    const headers = new Headers(base);
    if (body?.contentType !== undefined && !headers.has("content-type"))
      headers.set("content-type", body.contentType);
    const jar = this.cookies.headerFor(url);
    if (jar !== undefined) {
      const own = headers.get("cookie");
      headers.set("cookie", own === null ? jar : `${own}; ${jar}`);
    }
    return new Request(url, { method, headers, body: body?.body });
  }
}

/** The options of the first `sessions()` middleware on `scope` or, depth first, its blueprints. */
function installedSessionOptions(scope: Scope): SessionOptions | undefined {
  for (const middleware of scope.middleware) {
    const options = sessionOptionsOf(middleware);
    if (options !== undefined) return options;
  }
  for (const mount of scope.mounts) {
    const options = installedSessionOptions(mount.scope as Scope);
    if (options !== undefined) return options;
  }
  return undefined;
}
