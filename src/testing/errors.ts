/**
 * Coded errors of the test client. They are thrown at the test, never sent to the app: each one
 * means the test asked for something the client cannot do, or the app did something a test
 * should hear about (a redirect loop, a body that is not JSON).
 * @module
 */
import { FlagonError } from "../utils/index.ts";

export type TestingErrorCode =
  | "FLG_ERR_TOO_MANY_REDIRECTS"
  | "FLG_ERR_EXTERNAL_REDIRECT"
  | "FLG_ERR_TEST_NOT_JSON"
  | "FLG_ERR_TEST_BODY_CONFLICT"
  | "FLG_ERR_TEST_BODY_NOT_ALLOWED"
  | "FLG_ERR_TEST_PATH"
  | "FLG_ERR_TEST_SESSION"
  | "FLG_ERR_TEST_DATABASE"
  | "FLG_ERR_TEST_TRANSACTION";

/**
 * A test-client error. The status is 500 because FlagonError needs one; it never becomes a
 * response, it fails the test that caused it.
 */
export function testingError(
  code: TestingErrorCode,
  message: string,
  cause?: unknown,
): FlagonError {
  return new FlagonError(code, message, 500, cause === undefined ? undefined : { cause });
}
