/**
 * `signedCookieStore`: the whole session lives in the cookie, as base64url JSON signed with
 * HMAC-SHA256 (Flask's default). Nothing to run on the server, but the client can read the data
 * (it is signed, not encrypted: keep secrets out) and a copied cookie stays valid until it
 * expires, since there is no server-side record to delete.
 * @module
 */
import { createSigner, parseJsonSafe } from "../utils/index.ts";
import { valueError } from "./errors.ts";
import type { Flash } from "./session.ts";
import type { LoadedSession, SessionStore } from "./store.ts";

export interface SignedCookieStoreOptions {
  /** Current key first, then fallbacks still accepted (and re-signed) during rotation. */
  secretKey: string | readonly string[];
  /** Signing purpose; a session cookie cannot be replayed as another signed token. */
  salt?: string;
  /** Clock in milliseconds, for tests. @default Date.now */
  now?: () => number;
}

/**
 * The signed JSON: id, issued-at seconds, data as [key, value] pairs (so a key named
 * `__proto__` is a string, not an object key the safe parser would refuse), and pending flashes
 * as [category, message].
 */
interface Payload {
  i: string;
  t: number;
  d: [string, unknown][];
  f?: [string, string][];
}

const ID = /^[A-Za-z0-9_-]{16,64}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Shape check after the signature passed: only our own writes get here, but trust nothing. */
function decode(p: unknown): Omit<LoadedSession, "rotated"> | undefined {
  if (!isRecord(p) || typeof p.i !== "string" || !ID.test(p.i)) return undefined;
  if (!Number.isSafeInteger(p.t) || !Array.isArray(p.d)) return undefined;
  const data = new Map<string, unknown>();
  for (const pair of p.d) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string") return undefined;
    data.set(pair[0], pair[1]);
  }
  const flashes: Flash[] = [];
  if (p.f !== undefined) {
    if (!Array.isArray(p.f)) return undefined;
    for (const pair of p.f) {
      if (!Array.isArray(pair) || typeof pair[0] !== "string" || typeof pair[1] !== "string")
        return undefined;
      flashes.push(Object.freeze({ category: pair[0], message: pair[1] }));
    }
  }
  return { id: p.i, issuedAt: p.t as number, data, flashes };
}

/**
 * A value the safe parser would refuse on the next request (a nested `__proto__` key, a
 * `constructor.prototype` path, nesting past its depth cap) would lose the whole session without
 * a word. Check at write time, when it is a programmer error with a key to name.
 */
function refuseUnreadable(payload: Payload): void {
  let text: string;
  try {
    text = JSON.stringify(payload);
  } catch {
    return; // Cycles and BigInts: signJson reports them with its own code.
  }
  try {
    parseJsonSafe(text);
  } catch {
    const bad = payload.d.find(([, v]) => {
      try {
        parseJsonSafe(JSON.stringify({ d: [["k", v]] }));
        return false;
      } catch {
        return true;
      }
    });
    throw valueError(bad?.[0] ?? "?");
  }
}

export function signedCookieStore(options: SignedCookieStoreOptions): SessionStore {
  const now = options.now ?? Date.now;
  // The signer embeds its own timestamp and enforces maxAge and the future-timestamp rule.
  const signer = createSigner({
    secret: options.secretKey,
    salt: options.salt ?? "flagon.session",
    now,
  });
  return {
    read(cookieValue, maxAge) {
      const r = signer.unsignJson(cookieValue, { maxAge });
      if (r === undefined) return undefined;
      const state = decode(r.value);
      return state === undefined ? undefined : { ...state, rotated: r.rotated };
    },
    write(session) {
      const snap = session.snapshot();
      const payload: Payload = {
        i: snap.id,
        t: Math.floor(now() / 1000),
        d: Object.entries(snap.data),
      };
      if (snap.flashes.length > 0) payload.f = snap.flashes.map((f) => [f.category, f.message]);
      refuseUnreadable(payload);
      return signer.signJson(payload);
    },
    destroy() {
      // State is in the cookie; deleting the cookie is all there is to do.
    },
  };
}
