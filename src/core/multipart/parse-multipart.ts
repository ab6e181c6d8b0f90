/**
 * A streaming multipart/form-data parser (RFC 7578 over RFC 2046). It reads the body once, chunk
 * by chunk: text fields are collected up to their limits, file parts are streamed to the upload
 * store as they arrive. Every limit is checked as bytes arrive, never after buffering, and every
 * failure is an `HttpError` (security.md 2.8, 3.F).
 * @module
 */
import { DEFAULT_LIMITS, type MultipartLimits } from "../options.ts";
import type { UploadedFile, UploadStore } from "../raw-request.ts";
import { asMultipartError, incomplete } from "./errors.ts";
import { MultipartParser } from "./multipart-parser.ts";

export interface MultipartResult {
  /** Text fields in body order; repeated names are kept. Arrays, so no name is ever an object key. */
  fields: Array<[string, string]>;
  /** Files the store saved, in body order. */
  files: UploadedFile[];
}

export interface MultipartOptions {
  /**
   * Bytes of all text fields together (names and values), since each may be up to `fieldSize`.
   * @default 1 MiB (the default body size limit)
   */
  maxTotalFieldBytes?: number;
}

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk)
    ? chunk
    : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Parse a multipart/form-data body. File parts go to `store.save()`; on failure the error is
 * thrown after any in-flight save has removed its partial file, and the caller calls
 * `store.cleanup()` for the files saved before.
 * @throws HttpError 400 (`FLG_ERR_MULTIPART_MALFORMED`, `FLG_ERR_UPLOADS_UNAVAILABLE`), 413
 *   (`FLG_ERR_MULTIPART_LIMIT`), or 500 (`FLG_ERR_UPLOAD_STORE`) when the store fails.
 */
export async function parseMultipart(
  chunks: AsyncIterable<Uint8Array>,
  boundary: string,
  limits: MultipartLimits,
  store: UploadStore | undefined,
  options: MultipartOptions = {},
): Promise<MultipartResult> {
  const maxFieldBytes = options.maxTotalFieldBytes ?? DEFAULT_LIMITS.bodySize;
  const parser = new MultipartParser(boundary, limits, store, maxFieldBytes);
  // Iterated by hand instead of for-await: leaving a for-await early calls `return()`, which on a
  // node:http request destroys the socket before the error response can be written. The adapter
  // decides what happens to an unread remainder.
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await iterator.next();
      } catch (err) {
        throw incomplete(err ?? new Error("body stream failed"));
      }
      if (next.done === true) break;
      // After the closing boundary the rest is epilogue: read to the end, never parsed.
      if (!parser.done) await parser.write(toBuffer(next.value));
    }
    parser.finish();
    return { fields: parser.fields, files: parser.files };
  } catch (err) {
    const error = asMultipartError(err);
    await parser.abort(error);
    throw error;
  }
}
