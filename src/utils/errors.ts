/**
 * Coded errors. `FlagonError` is the base class for every error Flagon throws on purpose: `code`
 * is a stable machine-readable string (documented in docs/reference), `status` the HTTP status a
 * request should get when the error escapes a handler (500 for programmer errors, 4xx for bad
 * input). The codes thrown from this folder are listed below so callers can match on constants.
 * @module
 */

export class FlagonError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status = 500, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FlagonError";
    this.code = code;
    this.status = status;
  }
}

/** True when `err` is a `FlagonError`, optionally with the given code. */
export function isFlagonError(err: unknown, code?: string): err is FlagonError {
  return err instanceof FlagonError && (code === undefined || err.code === code);
}

/** `serializeCookie` refused a name, value or attribute (programmer error). */
export const ERR_COOKIE_INVALID = "FLG_ERR_COOKIE_INVALID";
/** A JSON text did not parse. */
export const ERR_JSON_INVALID = "FLG_ERR_JSON_INVALID";
/** A JSON text nests arrays/objects deeper than allowed. */
export const ERR_JSON_TOO_DEEP = "FLG_ERR_JSON_TOO_DEEP";
/** A JSON text carries a `__proto__` key or a `constructor.prototype` object. */
export const ERR_JSON_PROTO = "FLG_ERR_JSON_PROTO";
/** A query string or urlencoded body holds more parameters than allowed. */
export const ERR_TOO_MANY_PARAMS = "FLG_ERR_TOO_MANY_PARAMS";
/** `createSigner` got an unusable secret, salt or option (programmer error). */
export const ERR_SIGNER_CONFIG = "FLG_ERR_SIGNER_CONFIG";
/** `signJson` got a value JSON cannot represent (undefined, a function, a cycle, a BigInt). */
export const ERR_SIGN_VALUE = "FLG_ERR_SIGN_VALUE";
/** `formatHttpDate` got an invalid date. */
export const ERR_DATE_INVALID = "FLG_ERR_DATE_INVALID";
