/**
 * Client address and scheme behind proxies. Forwarded headers are believed only as far as the
 * `trustProxy` setting says; with the default (`false`) they are ignored (security.md 3.B B3).
 * @module
 */
import type { TrustProxy } from "./options.ts";

function normalise(addr: string): string {
  return addr.startsWith("::ffff:") ? addr.slice(7) : addr;
}

function forwardedList(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  const joined = Array.isArray(header) ? header.join(",") : header;
  return joined
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/**
 * The chain of addresses, nearest proxy last, cut where trust ends: index 0 is the client as far
 * as the trusted proxies can tell.
 */
export function clientAddresses(
  remote: string | undefined,
  forwardedFor: string | string[] | undefined,
  trust: TrustProxy,
): string[] {
  const peer = remote === undefined ? undefined : normalise(remote);
  if (trust === false || trust === 0 || peer === undefined) return peer === undefined ? [] : [peer];
  const chain = [...forwardedList(forwardedFor).map(normalise), peer];
  if (trust === true) return chain;
  if (typeof trust === "number") return chain.slice(Math.max(0, chain.length - 1 - trust));
  const trusted = new Set(trust.map(normalise));
  let i = chain.length - 1;
  while (i > 0 && trusted.has(chain[i]!)) i--;
  return chain.slice(i);
}

/** Whether the peer is a proxy whose `X-Forwarded-Proto`/`-Host` may be believed. */
export function peerIsTrusted(remote: string | undefined, trust: TrustProxy): boolean {
  if (trust === false || trust === 0 || remote === undefined) return false;
  if (trust === true || typeof trust === "number") return true;
  return trust.map(normalise).includes(normalise(remote));
}

/** First value of a comma-separated forwarded header (the one the outermost proxy saw). */
export function firstForwarded(header: string | string[] | undefined): string | undefined {
  const list = forwardedList(header);
  return list[0];
}
