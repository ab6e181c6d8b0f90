/**
 * Host header validation, Django's ALLOWED_HOSTS in Flagon's own words: a Host that is not a
 * plain domain, IPv4 or bracketed IPv6 (with an optional port), or that is not on the allow-list,
 * is refused before routing (security.md 3.B).
 * @module
 */

// Domain labels, or a bracketed IPv6 literal, then an optional numeric port. Linear: no nested
// quantifiers, so a hostile Host cannot make it backtrack.
const HOST = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::([0-9]{1,5}))?$/;

/** Split a Host header into domain and port; `undefined` for anything malformed. */
export function splitHost(host: string): { domain: string; port: string } | undefined {
  const m = HOST.exec(host.toLowerCase());
  if (m === null) return undefined;
  let domain = m[1]!;
  if (domain.endsWith(".")) domain = domain.slice(0, -1);
  if (domain === "") return undefined;
  return { domain, port: m[2] ?? "" };
}

/** Whether `domain` (lower-case, no port) matches one of the allow-list patterns. */
export function hostAllowed(domain: string, allowed: readonly string[]): boolean {
  for (const pattern of allowed) {
    if (pattern === "*") return true;
    const p = pattern.toLowerCase();
    if (p.startsWith(".")) {
      if (domain === p.slice(1) || domain.endsWith(p)) return true;
    } else if (domain === p) {
      return true;
    }
  }
  return false;
}

/** The validated host (as sent, lower-cased) or `undefined` when it must be refused. */
export function validateHost(
  host: string | undefined,
  allowed: readonly string[],
): string | undefined {
  if (host === undefined || host === "") return undefined;
  const parts = splitHost(host);
  if (parts === undefined || !hostAllowed(parts.domain, allowed)) return undefined;
  return host.toLowerCase();
}
