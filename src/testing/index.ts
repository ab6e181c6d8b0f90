/**
 * `flagon/testing`: an in-memory test client (Flask's `test_client()`, Django's `Client`) with a
 * cookie jar, redirect following and session access. Requests run through the fetch adapter,
 * so tests exercise the real pipeline without opening a socket. For projects: the test database
 * `flagon test` runs on, `testCase()` (each test in a rolled-back transaction, fixtures loaded),
 * `assertNumQueries` and `captureOnCommitCallbacks`.
 * @module
 */
export {
  assertNumQueries,
  type CapturedQueries,
  type CaptureQueriesOptions,
  captureQueries,
} from "./assert-num-queries.ts";
export { type CaptureOnCommitOptions, captureOnCommitCallbacks } from "./capture-on-commit.ts";
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
export {
  type TestCase,
  type TestCaseFn,
  type TestCaseOptions,
  type TestCaseTest,
  testCase,
} from "./test-case.ts";
export { TestClient, type TestClientOptions } from "./test-client.ts";
export {
  type CreateTestDatabaseOptions,
  createTestDatabase,
  migrateTestDatabase,
  TEST_DATABASE_ENV,
  type TestDatabase,
  testDatabaseName,
} from "./test-database.ts";
export {
  DEFAULT_TEST_PATTERNS,
  type FindTestFilesOptions,
  type FoundTestFiles,
  findTestFiles,
} from "./test-files.ts";
export { type ProjectSource, useTestProject } from "./test-project.ts";
export { type Redirect, TestResponse, type TestResponseInit } from "./test-response.ts";
export {
  inTestTransaction,
  type TestDatabases,
  type TestTransactionOptions,
} from "./test-transaction.ts";
