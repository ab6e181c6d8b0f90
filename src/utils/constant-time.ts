/**
 * Comparison of secrets (CSRF tokens, API keys, reset tokens) that leaks neither content nor
 * length through timing. `crypto.timingSafeEqual` alone throws on unequal lengths, so both sides
 * are first HMAC'd with a per-process random key, giving two equal-length digests.
 * @module
 */
import type { KeyObject } from "node:crypto";
import { nodeCrypto } from "./builtins.ts";

let key: KeyObject | undefined;

function digest(v: string | Uint8Array, asText: boolean): Buffer {
  const { createHmac, createSecretKey, randomBytes } = nodeCrypto();
  key ??= createSecretKey(randomBytes(32));
  const h = createHmac("sha256", key);
  // Two strings are compared as UTF-16 code units: UTF-8 would map every lone surrogate to
  // U+FFFD and make different strings equal.
  if (typeof v === "string") h.update(v, asText ? "utf16le" : "utf8");
  else h.update(v);
  return h.digest();
}

/**
 * Constant-time equality. Two strings compare as strings; a string and bytes compare the
 * string's UTF-8 encoding with the bytes.
 */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const asText = typeof a === "string" && typeof b === "string";
  return nodeCrypto().timingSafeEqual(digest(a, asText), digest(b, asText));
}
