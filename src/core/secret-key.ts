/**
 * Secret-key strength rules (Django's W009 in Flagon's words): outside debug mode a missing,
 * short, low-variety or placeholder key stops the app from starting, since anyone who guesses it
 * can forge sessions.
 * @module
 */
import { FlagonError } from "../utils/index.ts";

export const MIN_SECRET_LENGTH = 32;
const MIN_UNIQUE_CHARS = 5;
const PLACEHOLDER =
  /change[-_ ]?me|insecure|secret[-_ ]?key|placeholder|example|dev(elopment)?[-_ ]?key|^x+$/i;

/** Why a key is weak, or `undefined` when it is acceptable. */
export function secretKeyProblem(key: string): string | undefined {
  if (key.length < MIN_SECRET_LENGTH)
    return `it is ${key.length} characters long; use at least ${MIN_SECRET_LENGTH}`;
  if (new Set(key).size < MIN_UNIQUE_CHARS) return "it uses fewer than 5 distinct characters";
  if (PLACEHOLDER.test(key)) return "it looks like a placeholder";
  return undefined;
}

/**
 * Throw `FLG_ERR_SECRET_KEY_WEAK` when the current key or a fallback is weak. Called at startup
 * outside debug mode; generate a key with
 * `node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))"`.
 */
export function assertStrongSecretKey(keys: string | readonly string[]): void {
  const list = typeof keys === "string" ? [keys] : keys;
  if (list.length === 0) {
    throw new FlagonError("FLG_ERR_SECRET_KEY_WEAK", "secretKey is an empty list", 500);
  }
  list.forEach((key, i) => {
    const problem = secretKeyProblem(key);
    if (problem !== undefined) {
      const which = i === 0 ? "secretKey" : `secretKey fallback #${i}`;
      throw new FlagonError(
        "FLG_ERR_SECRET_KEY_WEAK",
        `${which} is too weak for production: ${problem}. Generate one with: node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))"`,
        500,
      );
    }
  });
}
