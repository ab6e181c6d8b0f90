/**
 * Timestamped HMAC-SHA256 signatures, in the spirit of itsdangerous' `TimestampSigner`:
 * `value.timestamp.signature`, timestamp and signature in base64url. Used for signed cookie
 * sessions, CSRF tokens and one-off links.
 *
 * - Each salt (purpose) derives its own key, so a session signature cannot be replayed as,
 *   say, a password-reset token.
 * - Several secrets may be given: the first signs, the rest only verify (key rotation);
 *   `rotated: true` tells the caller to re-sign with the current key.
 * - `unsign` answers `undefined` for every failure, whatever the reason, and never throws on
 *   input, so callers cannot branch on why a forged value failed.
 * @module
 */
import type { KeyObject } from "node:crypto";
import { nodeCrypto } from "./builtins.ts";
import { ERR_SIGN_VALUE, ERR_SIGNER_CONFIG, FlagonError } from "./errors.ts";
import { parseJsonSafe } from "./safe-json.ts";

export interface SignerOptions {
  /** Current secret, or `[current, ...fallbacks]` during rotation. */
  secret: string | readonly string[];
  /** What the signatures are for (`"flagon.session"`, `"flagon.reset"`); keys differ per salt. */
  salt: string;
  /** Clock in milliseconds, for tests. Default `Date.now`. */
  now?: () => number;
}

export interface UnsignOptions {
  /** Refuse signatures older than this many seconds. */
  maxAge?: number;
}

export interface Unsigned<T> {
  value: T;
  /** Verified with a fallback secret: re-sign the value with the current one. */
  rotated: boolean;
}

export interface Signer {
  sign(value: string): string;
  unsign(signed: string, options?: UnsignOptions): Unsigned<string> | undefined;
  /** Sign any JSON value; the payload is base64url JSON, so it is readable by the client. */
  signJson(value: unknown): string;
  /** Verify and parse with `parseJsonSafe` (depth cap, no `__proto__`); `undefined` on failure. */
  unsignJson<T = unknown>(signed: string, options?: UnsignOptions): Unsigned<T> | undefined;
}

/** A timestamp more than this far ahead of our clock is treated as forged. */
export const MAX_CLOCK_SKEW_SECONDS = 60;

// base64url of a 32-byte HMAC-SHA256, without padding: 43 chars, the last one carrying 4 bits.
const SIG_LENGTH = 43;
const SIGNATURE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
// base64url of 1 to 6 big-endian bytes of Unix seconds.
const TIMESTAMP = /^[A-Za-z0-9_-]{2,8}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

function configError(message: string): never {
  throw new FlagonError(ERR_SIGNER_CONFIG, message, 500);
}

function isWellFormed(s: string): boolean {
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed();
}

function encodeTimestamp(seconds: number): string {
  const b = Buffer.allocUnsafe(6);
  b.writeUIntBE(seconds, 0, 6);
  let i = 0;
  while (i < 5 && b[i] === 0) i++;
  return b.toString("base64url", i);
}

function decodeTimestamp(s: string): number | undefined {
  const b = Buffer.from(s, "base64url");
  if (b.length === 0 || b.length > 6) return undefined;
  return b.readUIntBE(0, b.length);
}

export function createSigner(options: SignerOptions): Signer {
  const secrets = typeof options.secret === "string" ? [options.secret] : [...options.secret];
  if (secrets.length === 0) configError("createSigner needs at least one secret");
  for (const s of secrets) {
    if (typeof s !== "string" || s.length === 0)
      configError("createSigner: every secret must be a non-empty string");
  }
  if (typeof options.salt !== "string" || options.salt.length === 0) {
    configError("createSigner needs a non-empty salt naming the purpose of the signatures");
  }
  // Key = HMAC(secret, prefix + salt): one key per purpose; the prefix keeps these keys apart
  // from any other HMAC the app might compute with the same secret.
  // A KeyObject is imported once; createHmac with a raw Buffer key re-imports it on every call
  // (measured about 5x slower), and unsign runs on every request that carries a session.
  const { createHmac, createSecretKey, timingSafeEqual } = nodeCrypto();
  const keys: KeyObject[] = secrets.map((s) =>
    createSecretKey(createHmac("sha256", s).update(`flagon.signer\0${options.salt}`).digest()),
  );
  const mac = (key: KeyObject, payload: string): Buffer =>
    createHmac("sha256", key).update(payload, "utf8").digest();
  const now = options.now ?? Date.now;

  function sign(value: string): string {
    if (typeof value !== "string" || !isWellFormed(value)) {
      throw new FlagonError(ERR_SIGN_VALUE, "sign() needs a well-formed string", 500);
    }
    const payload = value + "." + encodeTimestamp(Math.floor(now() / 1000));
    return payload + "." + mac(keys[0]!, payload).toString("base64url");
  }

  function unsign(signed: string, opts: UnsignOptions = {}): Unsigned<string> | undefined {
    const maxAge = opts.maxAge;
    if (
      maxAge !== undefined &&
      !(typeof maxAge === "number" && maxAge >= 0 && maxAge !== Infinity)
    ) {
      configError("unsign: maxAge must be a finite number of seconds >= 0");
    }
    if (typeof signed !== "string") return undefined;
    const sigDot = signed.lastIndexOf(".");
    if (sigDot === -1 || signed.length - sigDot - 1 !== SIG_LENGTH) return undefined;
    const tsDot = signed.lastIndexOf(".", sigDot - 1);
    if (tsDot === -1) return undefined;
    const ts = signed.slice(tsDot + 1, sigDot);
    if (!TIMESTAMP.test(ts)) return undefined;
    const sig = signed.slice(sigDot + 1);
    // Canonical base64url only: with the spare low bits of the last char forced to zero, each
    // digest has exactly one spelling, so no altered signature string can still verify.
    if (!SIGNATURE.test(sig) || !isWellFormed(signed)) return undefined;
    const given = Buffer.from(sig, "base64url");
    const payload = signed.slice(0, sigDot);
    let found = -1;
    for (let i = 0; i < keys.length; i++) {
      if (timingSafeEqual(mac(keys[i]!, payload), given)) {
        found = i;
        break;
      }
    }
    if (found === -1) return undefined;
    const issued = decodeTimestamp(ts);
    if (issued === undefined) return undefined;
    const current = Math.floor(now() / 1000);
    if (issued > current + MAX_CLOCK_SKEW_SECONDS) return undefined;
    if (maxAge !== undefined && current - issued > maxAge) return undefined;
    return { value: signed.slice(0, tsDot), rotated: found > 0 };
  }

  function signJson(value: unknown): string {
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch (cause) {
      throw new FlagonError(
        ERR_SIGN_VALUE,
        "signJson: the value cannot be serialised as JSON",
        500,
        { cause },
      );
    }
    if (json === undefined)
      throw new FlagonError(ERR_SIGN_VALUE, "signJson: the value has no JSON form", 500);
    return sign(Buffer.from(json, "utf8").toString("base64url"));
  }

  function unsignJson<T = unknown>(signed: string, opts?: UnsignOptions): Unsigned<T> | undefined {
    const r = unsign(signed, opts);
    if (r === undefined || !BASE64URL.test(r.value)) return undefined;
    try {
      const value = parseJsonSafe(Buffer.from(r.value, "base64url").toString("utf8")) as T;
      return { value, rotated: r.rotated };
    } catch {
      // Only reachable with a valid signature, i.e. a leaked key or a bug: still no throw.
      return undefined;
    }
  }

  return { sign, unsign, signJson, unsignJson };
}
