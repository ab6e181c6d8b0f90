/**
 * Coded errors of the sessions battery. All are programmer or configuration errors (500): bad
 * cookies from clients never raise, they just yield a new empty session.
 * @module
 */
import { FlagonError } from "../utils/index.ts";

export const ERR_SESSION_NO_SECRET = "FLG_ERR_SESSION_NO_SECRET";
export const ERR_SESSION_TOO_LARGE = "FLG_ERR_SESSION_TOO_LARGE";
export const ERR_SESSION_MISSING = "FLG_ERR_SESSION_MISSING";
export const ERR_SESSION_CONFIG = "FLG_ERR_SESSION_CONFIG";
export const ERR_SESSION_VALUE = "FLG_ERR_SESSION_VALUE";

const GENERATE = `node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))"`;

export function noSecretError(): FlagonError {
  return new FlagonError(
    ERR_SESSION_NO_SECRET,
    `Sessions need a secret key to sign cookies: pass secretKey to new App({ secretKey }) or to sessions({ secretKey }). Generate one with: ${GENERATE}`,
    500,
  );
}

export function tooLargeError(cookieName: string, bytes: number, limit: number): FlagonError {
  return new FlagonError(
    ERR_SESSION_TOO_LARGE,
    `The session cookie "${cookieName}" would be ${bytes} bytes; browsers drop cookies over ${limit}, so it was not sent. Keep large data in the database and store only its id in the session, or use a server-side session store.`,
    500,
  );
}

export function missingError(): FlagonError {
  return new FlagonError(
    ERR_SESSION_MISSING,
    "No session on this request: add the middleware with app.use(sessions()) before routes that use it.",
    500,
  );
}

export function configError(message: string): FlagonError {
  return new FlagonError(ERR_SESSION_CONFIG, `Invalid session settings: ${message}`, 500);
}

export function valueError(key: string): FlagonError {
  return new FlagonError(
    ERR_SESSION_VALUE,
    `Session key ${JSON.stringify(key.slice(0, 64))} holds a value the session cannot read back safely (a "__proto__" key, a "constructor.prototype" path, or nesting over 60 levels); store a simpler value.`,
    500,
  );
}
