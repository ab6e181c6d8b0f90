/**
 * How the test client follows a redirect: which statuses count, how many hops before giving up,
 * and what happens to the method and body on each kind (werkzeug's and browsers' rules).
 * @module
 */

/** Hops followed before `FLG_ERR_TOO_MANY_REDIRECTS`; browsers allow 20, 10 already means a bug. */
export const MAX_REDIRECTS = 10;

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/**
 * The request that follows a redirect. 307 and 308 promise the same method and body; 301, 302
 * and 303 become a GET without a body (what browsers do after a POST, and what werkzeug's test
 * client does for every method), except that a HEAD stays a HEAD.
 */
export function followUp(status: number, method: string): { method: string; keepBody: boolean } {
  if (status === 307 || status === 308) return { method, keepBody: true };
  return { method: method === "HEAD" ? "HEAD" : "GET", keepBody: false };
}
