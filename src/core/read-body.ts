/**
 * Reading a request body under a byte limit. The limit is checked against `Content-Length` before
 * reading and against the bytes actually received while reading, so a lying or chunked client is
 * stopped at the limit, never buffered past it (security.md 2.11, 3.E E3/E4).
 * @module
 */
import { HttpError } from "./http-error.ts";
import type { RawRequest } from "./raw-request.ts";

/** 413 with `Connection: close`: the unread rest of the body must not be parsed as a request. */
export function bodyTooLarge(limit: number, what = "Request body"): HttpError {
  return new HttpError(413, `${what} is larger than the limit of ${limit} bytes`, {
    code: "FLG_ERR_BODY_TOO_LARGE",
    headers: { connection: "close" },
  });
}

/**
 * The body stream failed: the client closed or reset the connection mid-body, or sent broken
 * chunked framing. A 400 (nobody may be left to read it), never a logged server error (A15).
 */
export function bodyIncomplete(cause: unknown): HttpError {
  return new HttpError(400, "The request body ended before it was complete", {
    code: "FLG_ERR_BODY_INCOMPLETE",
    headers: { connection: "close" },
    cause,
  });
}

function headerValue(raw: RawRequest, name: string): string | undefined {
  const v = raw.headers[name];
  return Array.isArray(v) ? v.join(", ") : v;
}

/** Refuse compressed bodies: Flagon does not inflate them, so a zip bomb never starts (E5). */
export function checkIdentityEncoding(raw: RawRequest): void {
  const enc = headerValue(raw, "content-encoding");
  if (enc !== undefined && enc.trim().toLowerCase() !== "identity" && enc.trim() !== "") {
    throw new HttpError(415, `Content-Encoding "${enc.slice(0, 40)}" is not supported`, {
      code: "FLG_ERR_CONTENT_ENCODING",
    });
  }
}

/** The declared length, or `undefined` when absent (chunked). Adapters have already refused bad ones. */
export function declaredLength(raw: RawRequest): number | undefined {
  const cl = headerValue(raw, "content-length");
  if (cl === undefined) return undefined;
  const n = Number(cl);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Read the whole body into one buffer, at most `limit` bytes. */
export async function readBody(raw: RawRequest, limit: number): Promise<Buffer> {
  checkIdentityEncoding(raw);
  const declared = declaredLength(raw);
  if (declared !== undefined && declared > limit) throw bodyTooLarge(limit);
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Pulled by hand rather than with `for await`: leaving a for-await loop early calls the
  // iterator's return(), which destroys a node:http request and its socket before the 413 can
  // be written. The unread rest is dropped by the adapter (the 413 says Connection: close).
  const it = raw.body()[Symbol.asyncIterator]();
  try {
    for (let next = await it.next(); next.done !== true; next = await it.next()) {
      const chunk = next.value;
      total += chunk.byteLength;
      if (total > limit) throw bodyTooLarge(limit);
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw bodyIncomplete(err);
  }
  if (chunks.length === 1) {
    const only = chunks[0]!;
    return Buffer.isBuffer(only)
      ? only
      : Buffer.from(only.buffer, only.byteOffset, only.byteLength);
  }
  return Buffer.concat(chunks, total);
}
