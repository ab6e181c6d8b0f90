/**
 * `utils`: the lowest layer. Parsers and helpers for untrusted input, with no Flagon imports.
 * Everything the rest of the project may use is listed here; files are private otherwise.
 * @module
 */
export { bareRecord } from "./bare-record.ts";
export { FIELDS_PROTO } from "./fields-proto.ts";
export { constantTimeEqual } from "./constant-time.ts";
export { type ContentType, isJsonType, parseContentType } from "./content-type.ts";
export {
  MAX_COOKIES,
  parseCookies,
  type SerializeCookieOptions,
  serializeCookie,
} from "./cookie.ts";
export {
  ERR_COOKIE_INVALID,
  ERR_DATE_INVALID,
  ERR_JSON_INVALID,
  ERR_JSON_PROTO,
  ERR_JSON_TOO_DEEP,
  ERR_SIGN_VALUE,
  ERR_SIGNER_CONFIG,
  ERR_TOO_MANY_PARAMS,
  FlagonError,
  isFlagonError,
} from "./errors.ts";
export {
  nodeCrypto,
  nodeFs,
  nodeFsPromises,
  nodeStream,
  nodeStreamPromises,
} from "./builtins.ts";
export { etagMatches, strongEtagFor, weakEtagFor } from "./etag.ts";
export { escapeHtml } from "./html-escape.ts";
export { interned } from "./intern.ts";
export { formatHttpDate, parseHttpDate } from "./http-date.ts";
export { contentTypeFor } from "./mime.ts";
export { type ParseQueryOptions, parseQuery, QueryDict } from "./query.ts";
export { type ByteRange, type ParseRangeOptions, parseRange } from "./range.ts";
export { isSafeRedirect, type SafeRedirectOptions } from "./safe-redirect.ts";
export { type ParseJsonOptions, parseJsonSafe } from "./safe-json.ts";
export {
  createSigner,
  MAX_CLOCK_SKEW_SECONDS,
  type Signer,
  type SignerOptions,
  type UnsignOptions,
  type Unsigned,
} from "./signing.ts";
