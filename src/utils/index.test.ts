import assert from "node:assert/strict";
import { test } from "node:test";
import * as utils from "./index.ts";

test("index exports the public API and nothing else", () => {
  assert.deepEqual(Object.keys(utils).sort(), [
    "ERR_COOKIE_INVALID",
    "ERR_DATE_INVALID",
    "ERR_JSON_INVALID",
    "ERR_JSON_PROTO",
    "ERR_JSON_TOO_DEEP",
    "ERR_SIGNER_CONFIG",
    "ERR_SIGN_VALUE",
    "ERR_TOO_MANY_PARAMS",
    "FIELDS_PROTO",
    "FlagonError",
    "MAX_CLOCK_SKEW_SECONDS",
    "MAX_COOKIES",
    "QueryDict",
    "bareRecord",
    "constantTimeEqual",
    "contentTypeFor",
    "createSigner",
    "escapeHtml",
    "etagMatches",
    "formatHttpDate",
    "interned",
    "isFlagonError",
    "isJsonType",
    "isSafeRedirect",
    "nodeCrypto",
    "nodeFs",
    "nodeFsPromises",
    "nodeStream",
    "nodeStreamPromises",
    "parseContentType",
    "parseCookies",
    "parseHttpDate",
    "parseJsonSafe",
    "parseQuery",
    "parseRange",
    "serializeCookie",
    "strongEtagFor",
    "weakEtagFor",
  ]);
});

test("error code constants hold the documented strings", () => {
  assert.equal(utils.ERR_COOKIE_INVALID, "FLG_ERR_COOKIE_INVALID");
  assert.equal(utils.ERR_JSON_INVALID, "FLG_ERR_JSON_INVALID");
  assert.equal(utils.ERR_JSON_TOO_DEEP, "FLG_ERR_JSON_TOO_DEEP");
  assert.equal(utils.ERR_JSON_PROTO, "FLG_ERR_JSON_PROTO");
  assert.equal(utils.ERR_TOO_MANY_PARAMS, "FLG_ERR_TOO_MANY_PARAMS");
  assert.equal(utils.ERR_SIGNER_CONFIG, "FLG_ERR_SIGNER_CONFIG");
  assert.equal(utils.ERR_SIGN_VALUE, "FLG_ERR_SIGN_VALUE");
  assert.equal(utils.ERR_DATE_INVALID, "FLG_ERR_DATE_INVALID");
});
