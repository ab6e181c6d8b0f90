/**
 * `flagon/testing`: an in-memory test client (Flask's `test_client()`, Django's `Client`) with a
 * cookie jar, redirect following and session access. Requests run through the fetch adapter,
 * so tests exercise the real pipeline without opening a socket.
 * @module
 */
export {
  type CookieScope,
  CookieJar,
  type SetCookieOptions,
  type StoredCookie,
} from "./cookie-jar.ts";
export type { TestingErrorCode } from "./errors.ts";
export { MAX_REDIRECTS } from "./redirects.ts";
export type {
  FormInput,
  FormValue,
  HeadersInit,
  QueryInput,
  QueryValue,
  RequestOptions,
} from "./request-options.ts";
export { parseSetCookie, type SetCookie } from "./set-cookie.ts";
export { TestClient, type TestClientOptions } from "./test-client.ts";
export { type Redirect, TestResponse, type TestResponseInit } from "./test-response.ts";
